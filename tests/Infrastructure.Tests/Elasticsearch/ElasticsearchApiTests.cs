using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch;

/// <summary>
/// The samples (realistic Elasticsearch 8.x bodies) pass the checks against the official API description,
/// and deliberate mistakes fail them, so that a passing adapter test means something.
/// </summary>
public sealed class ElasticsearchApiTests
{
    private const string Index = "fivesocieties-providers-v3";
    private const string Alias = "fivesocieties-providers";

    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(ElasticsearchApi.ApiDirectory, "samples", name));

    public static TheoryData<string, string, string> Requests => new()
    {
        { "requests/indices-create.json", "PUT", $"/{Index}" },
        { "requests/search.json", "POST", $"/{Alias}/_search" },
        { "requests/search.json", "GET", $"/{Alias}/_search?typed_keys=true" },
        { "requests/search-nearby-aggregations.json", "POST", $"/{Alias}/_search" },
        { "requests/count.json", "POST", $"/{Alias}/_count" },
        { "requests/update-aliases.json", "POST", "/_aliases" },
        { "requests/bulk.ndjson", "POST", "/_bulk?refresh=wait_for" },
        { "requests/bulk.ndjson", "PUT", $"/{Index}/_bulk" },
        { "requests/index-document.json", "PUT", $"/{Index}/_doc/provider-0042?version=17&version_type=external" },
    };

    public static TheoryData<string, string, string, int> Responses => new()
    {
        { "responses/indices-create.json", "PUT", $"/{Index}", 200 },
        { "responses/bulk-errors.json", "POST", "/_bulk", 200 },
        { "responses/search.json", "POST", $"/{Alias}/_search", 200 },
        { "responses/search-nearby-aggregations.json", "POST", $"/{Alias}/_search", 200 },
        { "responses/count.json", "POST", $"/{Alias}/_count", 200 },
        { "responses/get-alias.json", "GET", $"/_alias/{Alias}", 200 },
        { "responses/cluster-health.json", "GET", "/_cluster/health?wait_for_status=yellow&timeout=30s", 200 },
        { "responses/index-created.json", "PUT", $"/{Index}/_doc/provider-0042", 201 },
        { "responses/get-document.json", "GET", $"/{Index}/_doc/provider-0042", 200 },
        { "responses/get-document-not-found.json", "GET", $"/{Index}/_doc/provider-9999", 404 },
        { "responses/delete-not-found.json", "DELETE", $"/{Index}/_doc/provider-9999", 404 },
        { "responses/refresh.json", "POST", $"/{Index}/_refresh", 200 },
        { "responses/info.json", "GET", "/", 200 },
        { "responses/error-404-index-not-found.json", "GET", $"/{Index}/_doc/provider-0042", 404 },
        { "responses/error-404-alias-missing.json", "GET", $"/_alias/{Alias},fivesocieties-providers-staging", 404 },
        { "responses/error-409-version-conflict.json", "PUT", $"/{Index}/_doc/provider-0042", 409 },
        { "responses/error-400-mapper-conflict.json", "PUT", $"/{Index}", 400 },
        { "responses/error-400-resource-already-exists.json", "PUT", $"/{Index}", 400 },
        { "responses/error-429-rejected-execution.json", "POST", "/_bulk", 429 },
        { "responses/error-401-security.json", "POST", $"/{Alias}/_search", 401 },
        { "responses/error-503-cluster-block.json", "POST", $"/{Alias}/_search", 503 },
        { "responses/error-503-master-not-discovered.json", "GET", "/_cluster/health", 503 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Request_sample_is_valid(string sample, string method, string path) =>
        Assert.Empty(ElasticsearchApi.RequestErrors(method, path, Sample(sample)));

    [Theory]
    [MemberData(nameof(Responses))]
    public void Response_sample_is_valid(string sample, string method, string path, int status) =>
        Assert.Empty(ElasticsearchApi.ResponseErrors(method, path, status, Sample(sample)));

    [Fact]
    public void Every_sample_is_checked()
    {
        var listed = Requests.Select(r => (string)r.Data.Item1).Concat(Responses.Select(r => (string)r.Data.Item1)).ToHashSet();
        var root = Path.Combine(ElasticsearchApi.ApiDirectory, "samples");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Contains(f, listed));
    }

    [Theory]
    [InlineData("PUT", "/fivesocieties-providers-v3", "indices-create")]
    [InlineData("HEAD", "/fivesocieties-providers-v3", "indices-exists")]
    [InlineData("DELETE", "/fivesocieties-providers-v3", "indices-delete")]
    [InlineData("GET", "/_alias/fivesocieties-providers", "indices-get-alias-1")]
    [InlineData("POST", "/_aliases", "indices-update-aliases")]
    [InlineData("POST", "/fivesocieties-providers-v3/_refresh", "indices-refresh-2")]
    [InlineData("POST", "/_bulk", "bulk")]
    [InlineData("POST", "/fivesocieties-providers/_search", "search-3")]
    [InlineData("POST", "/_search", "search-1")]
    [InlineData("POST", "/fivesocieties-providers/_count", "count-2")]
    [InlineData("PUT", "/fivesocieties-providers-v3/_doc/provider-0042", "index")]
    [InlineData("GET", "/fivesocieties-providers-v3/_doc/provider-0042", "get")]
    [InlineData("DELETE", "/fivesocieties-providers-v3/_doc/provider-0042", "delete")]
    [InlineData("GET", "/_cluster/health", "cluster-health")]
    [InlineData("GET", "/_cluster/health/fivesocieties-providers-v3", "cluster-health-1")]
    [InlineData("GET", "/", "info")]
    public void Paths_resolve_to_the_description_operations(string method, string path, string operationId) =>
        Assert.Equal(operationId, ElasticsearchApi.OperationId(method, path));

    [Fact]
    public void Operations_without_a_body_take_none()
    {
        Assert.Empty(ElasticsearchApi.RequestErrors("DELETE", $"/{Index}", ""));
        Assert.Empty(ElasticsearchApi.ResponseErrors("HEAD", $"/{Index}", 200, ""));
        Assert.Empty(ElasticsearchApi.ResponseErrors("HEAD", $"/{Index}", 404, ""));
        Assert.NotEmpty(ElasticsearchApi.RequestErrors("DELETE", $"/{Index}", "{}"));
    }

    [Fact]
    public void Unknown_operation_is_refused() =>
        Assert.Throws<ArgumentException>(() => ElasticsearchApi.RequestErrors("POST", "/fivesocieties-providers/_update_by_query", "{}"));

    // Deliberate mistakes: each must be reported, and at the place where it is.

    [Fact]
    public void Misspelt_bool_clause_is_reported()
    {
        var body = Sample("requests/search.json").Replace("\"filter\": [", "\"filtr\": [");
        AssertReported(ElasticsearchApi.RequestErrors("POST", $"/{Alias}/_search", body), "filtr");
    }

    [Fact]
    public void Misspelt_query_type_is_reported()
    {
        var body = """{ "query": { "bool": { "filter": [ { "trem": { "available": true } } ] } } }""";
        AssertReported(ElasticsearchApi.RequestErrors("POST", $"/{Alias}/_search", body), "trem");
    }

    [Fact]
    public void Misspelt_key_in_a_term_query_long_form_is_reported() =>
        AssertReported(ElasticsearchApi.RequestErrors("POST", $"/{Alias}/_search",
            """{ "query": { "term": { "kind": { "valu": "volunteer" } } } }"""), "valu");

    [Fact]
    public void Misspelt_key_in_a_field_sort_is_reported()
    {
        var body = Sample("requests/search.json").Replace("\"missing\": \"_last\"", "\"missing_value\": \"_last\"");
        AssertReported(ElasticsearchApi.RequestErrors("POST", $"/{Alias}/_search", body), "missing_value");
    }

    [Fact]
    public void Unknown_aggregation_type_is_reported()
    {
        var body = Sample("requests/search-nearby-aggregations.json").Replace("\"avg\":", "\"average\":");
        AssertReported(ElasticsearchApi.RequestErrors("POST", $"/{Alias}/_search", body), "average");
    }

    [Fact]
    public void Unknown_mapping_parameter_is_reported()
    {
        var body = Sample("requests/indices-create.json")
            .Replace("\"format\": \"yyyy-MM-dd\"", "\"format\": \"yyyy-MM-dd\", \"formats\": \"yyyy/MM/dd\"");
        Assert.Contains("\"formats\"", body);
        AssertReported(ElasticsearchApi.RequestErrors("PUT", $"/{Index}", body), "formats");
    }

    [Fact]
    public void Unknown_field_type_is_reported()
    {
        var body = Sample("requests/indices-create.json").Replace("\"type\": \"double\"", "\"type\": \"decimal\"");
        AssertReported(ElasticsearchApi.RequestErrors("PUT", $"/{Index}", body), "rating");
    }

    [Fact]
    public void Unknown_index_setting_is_reported()
    {
        var body = Sample("requests/indices-create.json").Replace("\"number_of_shards\"", "\"number_of_shard\"");
        AssertReported(ElasticsearchApi.RequestErrors("PUT", $"/{Index}", body), "number_of_shard");
    }

    [Fact]
    public void Wrong_value_type_is_reported()
    {
        var body = Sample("requests/search.json").Replace("\"size\": 10", "\"size\": \"ten\"");
        AssertReported(ElasticsearchApi.RequestErrors("POST", $"/{Alias}/_search", body), "size");
    }

    [Fact]
    public void Wrong_enum_value_is_reported()
    {
        var body = Sample("requests/indices-create.json").Replace("\"dynamic\": \"strict\"", "\"dynamic\": \"strictly\"");
        AssertReported(ElasticsearchApi.RequestErrors("PUT", $"/{Index}", body), "dynamic");
    }

    [Fact]
    public void Bulk_action_with_unknown_key_is_reported()
    {
        var body = Sample("requests/bulk.ndjson").Replace("\"version_type\":\"external\"", "\"versionType\":\"external\"");
        AssertReported(ElasticsearchApi.RequestErrors("POST", "/_bulk", body), "versionType");
    }

    [Fact]
    public void Bulk_unknown_action_is_reported()
    {
        var body = Sample("requests/bulk.ndjson").Replace("{\"delete\":{", "{\"remove\":{");
        AssertReported(ElasticsearchApi.RequestErrors("POST", "/_bulk", body), "remove");
    }

    [Fact]
    public void Bulk_without_final_newline_or_with_a_missing_source_line_is_reported()
    {
        var body = Sample("requests/bulk.ndjson");
        Assert.Contains("newline", string.Join("\n", ElasticsearchApi.RequestErrors("POST", "/_bulk", body.TrimEnd('\n'))));
        // The source line of the first index action dropped: the next action line is taken as its document,
        // and the document after it as an action.
        var lines = body.Split('\n').ToList();
        lines.RemoveAt(1);
        Assert.NotEmpty(ElasticsearchApi.RequestErrors("POST", "/_bulk", string.Join('\n', lines)));
    }

    [Fact]
    public void Alias_action_without_index_is_reported()
    {
        var body = Sample("requests/update-aliases.json")
            .Replace("{ \"remove_index\": { \"index\": \"fivesocieties-providers-v1\" } }", "{ \"remove_index\": { \"alias\": \"fivesocieties-providers-v1\" } }");
        AssertReported(ElasticsearchApi.RequestErrors("POST", "/_aliases", body), "actions");
        var add = """{ "actions": [ { "add": { "alias": "fivesocieties-providers" } } ] }""";
        AssertReported(ElasticsearchApi.RequestErrors("POST", "/_aliases", add), "actions");
    }

    [Fact]
    public void Error_body_without_status_is_reported() =>
        AssertReported(ElasticsearchApi.ResponseErrors("GET", "/_cluster/health", 503,
            """{ "error": { "type": "master_not_discovered_exception", "reason": null } }"""), "status");

    [Fact]
    public void Bulk_response_item_without_status_is_reported()
    {
        var body = Sample("responses/bulk-errors.json").Replace("\"status\": 409,", "");
        AssertReported(ElasticsearchApi.ResponseErrors("POST", "/_bulk", 200, body), "items");
    }

    [Fact]
    public void Search_response_with_unknown_key_is_reported()
    {
        var body = Sample("responses/search.json").Replace("\"timed_out\": false", "\"timed_out\": false, \"took_ms\": 12");
        AssertReported(ElasticsearchApi.ResponseErrors("POST", $"/{Alias}/_search", 200, body), "took_ms");
    }

    [Fact]
    public void Body_that_is_not_json_is_reported() =>
        AssertReported(ElasticsearchApi.RequestErrors("POST", "/_count", "{ \"query\": "), "not JSON");

    private static void AssertReported(IReadOnlyList<string> errors, string expected)
    {
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }
}
