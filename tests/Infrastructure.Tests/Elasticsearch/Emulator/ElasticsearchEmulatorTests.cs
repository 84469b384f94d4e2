using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;

/// The emulator over HTTP, checked against what Elasticsearch 8 answers for the same requests.
public sealed class ElasticsearchEmulatorTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ElasticsearchEmulator _es = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _es = await ElasticsearchEmulator.StartAsync();
        _http = new HttpClient { BaseAddress = _es.Address };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _es.DisposeAsync();
    }

    private sealed record Reply(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Message)
    {
        public JsonNode Json => Body ?? throw new InvalidOperationException("no body");
        public string? ErrorType => Body?["error"]?["type"]?.GetValue<string>();
        public string? ErrorReason => Body?["error"]?["reason"]?.GetValue<string>();
    }

    /// <param name="contentType">Sent exactly as given (StringContent's string overload would add "; charset=utf-8"); null: none.</param>
    private async Task<Reply> Send(HttpMethod method, string path, string? body = null, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (body is not null && contentType is not null) request.Content!.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await _http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return new Reply(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    private Task<Reply> Get(string path) => Send(HttpMethod.Get, path);
    private Task<Reply> Head(string path) => Send(HttpMethod.Head, path);
    private Task<Reply> Put(string path, string? body = null) => Send(HttpMethod.Put, path, body);
    private Task<Reply> Post(string path, string? body = null) => Send(HttpMethod.Post, path, body);
    private Task<Reply> Delete(string path) => Send(HttpMethod.Delete, path);
    /// A bulk request whose documents are searchable when it returns (refresh=wait_for unless the path says otherwise).
    private Task<Reply> Bulk(string ndjson, string path = "_bulk") =>
        Send(HttpMethod.Post, path.Contains('?') ? path : path + "?refresh=wait_for", ndjson, "application/x-ndjson");

    private async Task<List<string>> SearchIds(string index, string body)
    {
        var reply = await Post($"{index}/_search", body);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body?.ToJsonString());
        return [.. reply.Json["hits"]!["hits"]!.AsArray().Select(h => h!["_id"]!.GetValue<string>())];
    }

    private async Task<List<string>> QueryIds(string index, string query) =>
        [.. (await SearchIds(index, $$"""{"size":100,"query":{{query}}}""")).Order(StringComparer.Ordinal)];

    private const string PeopleMapping = """
        {"mappings":{"dynamic":"strict","properties":{
          "name":{"type":"keyword"},"tags":{"type":"keyword"},"active":{"type":"boolean"},"count":{"type":"long"},
          "price":{"type":"double"},"day":{"type":"date","format":"yyyy-MM-dd"},"bio":{"type":"text"},
          "location":{"type":"geo_point"},"radius_km":{"type":"float"}}}}
        """;

    private async Task CreatePeople()
    {
        Assert.Equal(HttpStatusCode.OK, (await Put("people", PeopleMapping)).Status);
        var reply = await Bulk("""
            {"index":{"_index":"people","_id":"1"}}
            {"name":"alice","tags":["a","b"],"active":true,"count":1,"price":1.5,"day":"2024-01-01","bio":"Likes Green Tea"}
            {"index":{"_index":"people","_id":"2"}}
            {"name":"bob","tags":"b","active":false,"count":5,"price":2.5,"day":"2024-01-31"}
            {"index":{"_index":"people","_id":"3"}}
            {"name":"carol","tags":[],"active":true,"count":10,"day":"2024-02-01"}
            {"index":{"_index":"people","_id":"4"}}
            {"name":"dave","tags":null,"count":"20"}
            {"index":{"_index":"people","_id":"5"}}
            {"name":"Eve"}

            """);
        Assert.False(reply.Json["errors"]!.GetValue<bool>(), reply.Json.ToJsonString());
    }

    [Fact]
    public async Task Root_Health_AndWhatEsRefusesBeforeAnyHandler()
    {
        var root = await Get("/");
        Assert.Equal("8.17.0", root.Json["version"]!["number"]!.GetValue<string>());
        Assert.Equal("Elasticsearch", root.Message.Headers.GetValues("X-elastic-product").Single());
        Assert.Equal("green", (await Get("_cluster/health")).Json["status"]!.GetValue<string>());

        var unknown = await Get("_nothing/here");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("no handler found for uri [/_nothing/here] and method [GET]", unknown.Json["error"]!.GetValue<string>());

        var wrongMethod = await Send(HttpMethod.Patch, "people/_doc/1", "{}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.Status);

        var badParam = await Get("people/_search?sise=3");
        Assert.Equal(HttpStatusCode.BadRequest, badParam.Status);
        Assert.Equal("request [/people/_search] contains unrecognized parameter: [sise]", badParam.ErrorReason);

        Assert.Equal(HttpStatusCode.NotAcceptable, (await Send(HttpMethod.Post, "people/_search", "{}", "text/plain")).Status);

        // Typed endpoints are gone in 8.x and 9.x.
        var typed = await Put("people/person/1", """{"name":"x"}""");
        Assert.Equal(HttpStatusCode.BadRequest, typed.Status);
        Assert.Equal("no handler found for uri [/people/person/1] and method [PUT]", typed.Json["error"]!.GetValue<string>());
    }

    /// What the strictest supported server (Elasticsearch 7.0–7.10) refuses, 406 with its error body: NDJSON other than the
    /// bare media type (a charset: the header the adapter used to send, so nothing was indexed), NDJSON where JSON is
    /// expected, a body without a Content-Type, another media type. JSON may carry a charset.
    [Fact]
    public async Task ContentType_RefusedAsTheStrictestSupportedServerRefusesIt()
    {
        await CreatePeople();
        const string oneDocument = "{\"index\":{\"_index\":\"people\",\"_id\":\"9\"}}\n{\"name\":\"zoe\"}\n";
        var charset = await Send(HttpMethod.Post, "_bulk", oneDocument, "application/x-ndjson; charset=utf-8");
        Assert.Equal(HttpStatusCode.NotAcceptable, charset.Status);
        Assert.Equal("""{"error":"Content-Type header [application/x-ndjson; charset=utf-8] is not supported","status":406}""", charset.Json.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await Get("people/_doc/9")).Status);

        Assert.Equal(HttpStatusCode.NotAcceptable, (await Send(HttpMethod.Post, "people/_search", "{}", "application/x-ndjson")).Status);
        var missing = await Send(HttpMethod.Post, "people/_search", "{}", contentType: null);
        Assert.Equal("""{"error":"Content-Type header is missing","status":406}""", missing.Json.ToJsonString());
        Assert.Equal(HttpStatusCode.NotAcceptable, (await Send(HttpMethod.Put, "people/_doc/9", """{"name":"zoe"}""", "text/plain")).Status);

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, "_bulk", oneDocument, "application/x-ndjson")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, "_bulk", oneDocument, "application/json")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, "people/_search", "{}", "application/json; charset=UTF-8")).Status);
    }

    /// Near real time as a node: a write is searchable after a refresh (an explicit one, refresh=true|wait_for on the
    /// write, or the index's refresh_interval); GET is real time.
    [Fact]
    public async Task NearRealTime_AWriteIsSearchableAfterARefresh_GetIsRealTime()
    {
        _es.ScheduledRefresh = false;
        await Put("nrt");
        Assert.Equal(HttpStatusCode.Created, (await Put("nrt/_doc/1", """{"n":1}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Get("nrt/_doc/1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("nrt/_doc/1?realtime=false")).Status);
        Assert.Empty(await QueryIds("nrt", """{"match_all":{}}"""));
        Assert.Equal(0, (await Post("nrt/_count")).Json["count"]!.GetValue<int>());

        await Post("nrt/_refresh");
        Assert.Equal(["1"], await QueryIds("nrt", """{"match_all":{}}"""));
        Assert.Null((await Put("nrt/_doc/2?refresh=wait_for", """{"n":2}""")).Json["forced_refresh"]);
        Assert.True((await Put("nrt/_doc/3?refresh=true", """{"n":3}""")).Json["forced_refresh"]!.GetValue<bool>());
        Assert.Equal(["1", "2", "3"], await QueryIds("nrt", """{"match_all":{}}"""));
        await Delete("nrt/_doc/1");
        Assert.Equal(["1", "2", "3"], await QueryIds("nrt", """{"match_all":{}}"""));
        Assert.Equal("Unknown value for refresh: [soon].", (await Put("nrt/_doc/4?refresh=soon", """{"n":4}""")).ErrorReason);

        _es.ScheduledRefresh = true;
        await Put("tick", """{"settings":{"refresh_interval":"50ms"}}""");
        await Put("tick/_doc/1", """{"n":1}""");
        for (var tries = 0; (await QueryIds("tick", """{"match_all":{}}""")).Count == 0; tries++)
        {
            Assert.True(tries < 100, "a scheduled refresh makes the write searchable");
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task Profiles_AnswerGetRootAndTheProductHeaderAsThatServer()
    {
        foreach (var (profile, header) in new[]
        {
            (EsProfile.Elasticsearch6_8, false), (EsProfile.Elasticsearch7_1, false), (EsProfile.Elasticsearch7_17, true),
            (EsProfile.Elasticsearch9_1, true), (EsProfile.OpenSearch2, false), (EsProfile.Easysearch1, false),
        })
        {
            _es.Profile = profile;
            var root = await Get("/");
            Assert.Equal(profile.Number, root.Json["version"]!["number"]!.GetValue<string>());
            Assert.Equal(profile.Tagline, root.Json["tagline"]!.GetValue<string>());
            Assert.Equal(profile.Distribution, root.Json["version"]!["distribution"]?.GetValue<string>());
            Assert.Equal(header, root.Message.Headers.Contains("X-elastic-product"));
        }
    }

    /// A percolator field holds a query parsed when the document is written, over mapped fields only; percolate
    /// finds the stored queries a document matches.
    [Fact]
    public async Task Percolator_StoredQueriesMustParseAndNameMappedFields_PercolateFindsTheMatchingOnes()
    {
        await Put("p", """{"mappings":{"dynamic":"strict","properties":{"query":{"type":"percolator"},"kind":{"type":"keyword"},"n":{"type":"long"}}}}""");
        Assert.Equal(HttpStatusCode.Created, (await Put("p/_doc/small?refresh=true", """{"query":{"bool":{"filter":[{"term":{"kind":"a"}},{"range":{"n":{"lt":10}}}]}}}""")).Status);

        var notAQuery = await Put("p/_doc/x", """{"query":{"filter":[{"term":{"kind":"a"}}],"should":[],"must_not":[]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, notAQuery.Status);
        Assert.Equal("document_parsing_exception", notAQuery.ErrorType);
        Assert.Equal("[filter] query malformed, no start_object after query name", notAQuery.Json["error"]!["caused_by"]!["reason"]!.GetValue<string>());
        var unmapped = await Put("p/_doc/y", """{"query":{"term":{"colour":"red"}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, unmapped.Status);
        Assert.Equal("No field mapping can be found for the field with name [colour]", unmapped.Json["error"]!["caused_by"]!["reason"]!.GetValue<string>());

        Assert.Equal(["small"], await QueryIds("p", """{"percolate":{"field":"query","document":{"kind":"a","n":3}}}"""));
        Assert.Empty(await QueryIds("p", """{"percolate":{"field":"query","document":{"kind":"a","n":30}}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("p/_search", """{"query":{"percolate":{"field":"query","document":{"colour":"red"}}}}""")).Status);
    }

    [Fact]
    public async Task ASecondNode_ServesTheSameIndices_AndIsStoppedOnItsOwn()
    {
        await using var second = await _es.StartNodeAsync();
        using var other = new HttpClient { BaseAddress = second.Address };
        await Put("shared");
        await Put("shared/_doc/1?refresh=true", """{"n":1}""");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("shared/_doc/1", Ct)).StatusCode);
        Assert.Single(second.Requests);

        await second.StopAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => other.GetAsync("shared/_doc/1", Ct));
        Assert.Equal(HttpStatusCode.OK, (await Get("shared/_doc/1")).Status);
    }

    [Fact]
    public async Task Index_IsCreatedFoundAndDeleted_WithEsErrorBodies()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Head("things")).Status);
        var created = await Put("things", """{"settings":{"number_of_shards":1},"mappings":{"properties":{"n":{"type":"long"}}}}""");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.True(created.Json["acknowledged"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await Head("things")).Status);
        Assert.Contains("things", _es.IndexNames);

        var again = await Put("things");
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("resource_already_exists_exception", again.ErrorType);

        Assert.Equal("invalid_index_name_exception", (await Put("Things")).ErrorType);
        Assert.Equal("mapper_parsing_exception", (await Put("odd", """{"mappings":{"properties":{"x":{"type":"nope"}}}}""")).ErrorType);

        Assert.True((await Delete("things")).Json["acknowledged"]!.GetValue<bool>());
        var missing = await Delete("things");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(404, missing.Json["status"]!.GetValue<int>());
        Assert.Equal("index_not_found_exception", missing.ErrorType);
        Assert.Equal("no such index [things]", missing.ErrorReason);
        Assert.Equal("things", missing.Json["error"]!["index"]!.GetValue<string>());
        Assert.Equal("index_not_found_exception", missing.Json["error"]!["root_cause"]![0]!["type"]!.GetValue<string>());
        Assert.DoesNotContain("things", _es.IndexNames);
    }

    [Fact]
    public async Task Mapping_StrictRefusesUnmappedFields_ValuesAreCheckedAndCoerced()
    {
        await CreatePeople();

        var strict = await Put("people/_doc/9", """{"name":"x","nickname":"y"}""");
        Assert.Equal(HttpStatusCode.BadRequest, strict.Status);
        Assert.Equal("strict_dynamic_mapping_exception", strict.ErrorType);
        Assert.Equal("mapping set to strict, dynamic introduction of [nickname] within [_doc] is not allowed", strict.ErrorReason);

        var badLong = await Put("people/_doc/9", """{"count":"abc"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badLong.Status);
        Assert.Equal("document_parsing_exception", badLong.ErrorType);
        Assert.Equal("number_format_exception", badLong.Json["error"]!["caused_by"]!["type"]!.GetValue<string>());
        Assert.Equal("document_parsing_exception", (await Put("people/_doc/9", """{"day":"2024-13-01"}""")).ErrorType);
        Assert.Equal("document_parsing_exception", (await Put("people/_doc/9", """{"active":"yes"}""")).ErrorType);
        Assert.Equal("document_parsing_exception", (await Put("people/_doc/9", """{"location":{"lat":95,"lon":0}}""")).ErrorType);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("people/_doc/9")).Status);

        // "20" was coerced into the long field: it matches as a number
        Assert.Equal(["4"], await QueryIds("people", """{"term":{"count":20}}"""));

        // dynamic false: kept in _source, not searchable; dynamic true (the default): mapped on first use
        await Put("loose", """{"mappings":{"dynamic":false,"properties":{"a":{"type":"keyword"}}}}""");
        Assert.Equal(HttpStatusCode.Created, (await Put("loose/_doc/1?refresh=true", """{"a":"x","b":"y"}""")).Status);
        Assert.Equal("y", (await Get("loose/_doc/1")).Json["_source"]!["b"]!.GetValue<string>());
        Assert.Empty(await QueryIds("loose", """{"term":{"b":"y"}}"""));
        await Put("open");
        await Put("open/_doc/1?refresh=true", """{"n":3,"s":"Hello World","when":"2024-05-01T10:00:00Z"}""");
        var mapping = (await Get("open/_mapping")).Json["open"]!["mappings"]!["properties"]!;
        Assert.Equal("long", mapping["n"]!["type"]!.GetValue<string>());
        Assert.Equal("text", mapping["s"]!["type"]!.GetValue<string>());
        Assert.Equal("date", mapping["when"]!["type"]!.GetValue<string>());
        Assert.Equal(["1"], await QueryIds("open", """{"term":{"s.keyword":"Hello World"}}"""));
        Assert.Equal(["1"], await QueryIds("open", """{"term":{"s":"hello"}}"""));
        Assert.Equal("document_parsing_exception", (await Put("open/_doc/2", """{"n":"three"}""")).ErrorType);
    }

    [Fact]
    public async Task ExternalVersions_FollowEsRules_AlsoAfterADelete()
    {
        await Put("v", """{"mappings":{"properties":{"x":{"type":"long"}}}}""");

        var created = await Put("v/_doc/1?version=5&version_type=external", """{"x":1}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("created", created.Json["result"]!.GetValue<string>());
        Assert.Equal(5, created.Json["_version"]!.GetValue<long>());

        var older = await Put("v/_doc/1?version=3&version_type=external", """{"x":2}""");
        Assert.Equal(HttpStatusCode.Conflict, older.Status);
        Assert.Equal("version_conflict_engine_exception", older.ErrorType);
        Assert.Equal("[1]: version conflict, current version [5] is higher or equal to the one provided [3]", older.ErrorReason);
        Assert.Equal(HttpStatusCode.Conflict, (await Put("v/_doc/1?version=5&version_type=external", """{"x":2}""")).Status);

        var updated = await Put("v/_doc/1?version=6&version_type=external", """{"x":3}""");
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("updated", updated.Json["result"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Put("v/_doc/1?version=6&version_type=external_gte", """{"x":4}""")).Status);
        var gte = await Put("v/_doc/1?version=5&version_type=external_gte", """{"x":5}""");
        Assert.Equal("[1]: version conflict, current version [6] is higher than the one provided [5]", gte.ErrorReason);
        Assert.Equal(4, (await Get("v/_doc/1")).Json["_source"]!["x"]!.GetValue<long>());

        Assert.Equal(HttpStatusCode.Conflict, (await Delete("v/_doc/1?version=6&version_type=external")).Status);
        var deleted = await Delete("v/_doc/1?version=7&version_type=external");
        Assert.Equal("deleted", deleted.Json["result"]!.GetValue<string>());
        Assert.Equal(7, deleted.Json["_version"]!.GetValue<long>());
        var gone = await Get("v/_doc/1");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.False(gone.Json["found"]!.GetValue<bool>());

        // the tombstone keeps version 7: an older external version is still refused
        Assert.Equal("[1]: version conflict, current version [7] is higher or equal to the one provided [6]",
            (await Put("v/_doc/1?version=6&version_type=external", """{"x":6}""")).ErrorReason);
        var recreated = await Put("v/_doc/1?version=8&version_type=external", """{"x":8}""");
        Assert.Equal(HttpStatusCode.Created, recreated.Status);
        Assert.Equal("created", recreated.Json["result"]!.GetValue<string>());

        var notFound = await Delete("v/_doc/never");
        Assert.Equal(HttpStatusCode.NotFound, notFound.Status);
        Assert.Equal("not_found", notFound.Json["result"]!.GetValue<string>());

        var internalWithVersion = await Put("v/_doc/2?version=3", """{"x":1}""");
        Assert.Equal(HttpStatusCode.BadRequest, internalWithVersion.Status);
        Assert.Equal("action_request_validation_exception", internalWithVersion.ErrorType);
        Assert.Equal(HttpStatusCode.BadRequest, (await Put("v/_doc/2?version_type=external", """{"x":1}""")).Status);
    }

    [Fact]
    public async Task InternalVersions_Increment_CreateAndSeqNoChecksConflict()
    {
        await Put("v");
        Assert.Equal(HttpStatusCode.Created, (await Put("v/_doc/a", """{"x":1}""")).Status);
        var second = await Put("v/_doc/a", """{"x":2}""");
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(2, second.Json["_version"]!.GetValue<long>());

        var create = await Put("v/_doc/a?op_type=create", """{"x":3}""");
        Assert.Equal(HttpStatusCode.Conflict, create.Status);
        Assert.Equal("[a]: version conflict, document already exists (current version [2])", create.ErrorReason);

        var seqNo = second.Json["_seq_no"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.Conflict, (await Put($"v/_doc/a?if_seq_no={seqNo + 7}&if_primary_term=1", """{"x":3}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Put($"v/_doc/a?if_seq_no={seqNo}&if_primary_term=1", """{"x":3}""")).Status);

        var auto = await Post("v/_doc", """{"x":9}""");
        Assert.Equal(HttpStatusCode.Created, auto.Status);
        Assert.Equal(HttpStatusCode.OK, (await Get($"v/_doc/{auto.Json["_id"]}")).Status);

        var odd = Uri.EscapeDataString("Volunteer:1/甲");
        const string source = """{ "x": 1.0, "name": "\u674e" }""";
        Assert.Equal(HttpStatusCode.Created, (await Put($"v/_doc/{odd}", source)).Status);
        var stored = await Send(HttpMethod.Get, $"v/_doc/{odd}");
        Assert.Equal("Volunteer:1/甲", stored.Json["_id"]!.GetValue<string>());
        Assert.Contains($"\"_source\":{source}", await stored.Message.Content.ReadAsStringAsync(Ct)); // the bytes as sent

        var nowhere = await Put("nowhere/_doc/1", """{"x":1}""");
        Assert.Equal("index_not_found_exception", nowhere.ErrorType);
        Assert.Equal("no such index [nowhere] and [action.auto_create_index] is [false]", nowhere.ErrorReason);
        Assert.DoesNotContain("nowhere", _es.IndexNames);
    }

    [Fact]
    public async Task Bulk_ReportsEachItem_SuccessesConflictsAndMissingIndices()
    {
        await Put("b", """{"mappings":{"dynamic":"strict","properties":{"n":{"type":"long"}}}}""");
        await Put("b/_doc/old?version=10&version_type=external", """{"n":0}""");

        var reply = await Bulk("""
            {"index":{"_index":"b","_id":"1","version":3,"version_type":"external"}}
            {"n":1}
            {"index":{"_id":"2"}}
            {"n":2}
            {"create":{"_id":"2"}}
            {"n":22}
            {"index":{"_id":"old","version":4,"version_type":"external"}}
            {"n":4}
            {"delete":{"_id":"gone"}}
            {"index":{"_index":"missing","_id":"9"}}
            {"n":9}
            {"index":{"_id":"3"}}
            {"n":3,"extra":true}
            {"delete":{"_id":"1","version":4,"version_type":"external"}}

            """, "b/_bulk?refresh=wait_for");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Json["errors"]!.GetValue<bool>());
        var items = reply.Json["items"]!.AsArray().Select(i => i!.AsObject().Single()).ToList();
        Assert.Equal(["index", "index", "create", "index", "delete", "index", "index", "delete"], items.Select(i => i.Key));
        Assert.Equal([201, 201, 409, 409, 404, 404, 400, 200], items.Select(i => i.Value!["status"]!.GetValue<int>()));
        Assert.Equal(3, items[0].Value!["_version"]!.GetValue<long>());
        Assert.Equal("version_conflict_engine_exception", items[2].Value!["error"]!["type"]!.GetValue<string>());
        Assert.Equal("[old]: version conflict, current version [10] is higher or equal to the one provided [4]", items[3].Value!["error"]!["reason"]!.GetValue<string>());
        Assert.Equal("not_found", items[4].Value!["result"]!.GetValue<string>());
        Assert.Null(items[4].Value!["error"]);
        Assert.Equal("index_not_found_exception", items[5].Value!["error"]!["type"]!.GetValue<string>());
        Assert.Equal("missing", items[5].Value!["_index"]!.GetValue<string>());
        Assert.Equal("strict_dynamic_mapping_exception", items[6].Value!["error"]!["type"]!.GetValue<string>());
        Assert.Equal("deleted", items[7].Value!["result"]!.GetValue<string>());

        Assert.Equal(["2", "old"], await QueryIds("b", """{"match_all":{}}"""));
        Assert.DoesNotContain("missing", _es.IndexNames);
        Assert.Contains("\"create\":{\"_id\":\"2\"}", _es.Requests.Single(r => r.Path == "/b/_bulk").Body);

        var unterminated = await Bulk("""{"delete":{"_index":"b","_id":"2"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, unterminated.Status);
        Assert.Equal("The bulk request must be terminated by a newline [\\n]", unterminated.ErrorReason);
    }

    [Fact]
    public async Task Aliases_SwitchAtomically_AndResolveEverywhere()
    {
        await Put("v1");
        await Put("v2");
        await Put("v1/_doc/a?refresh=true", """{"n":1}""");
        await Put("v2/_doc/b?refresh=true", """{"n":2}""");

        Assert.True((await Post("_aliases", """{"actions":[{"add":{"index":"v1","alias":"live"}}]}""")).Json["acknowledged"]!.GetValue<bool>());
        Assert.Equal("v1", _es.AliasTarget("live"));
        Assert.Equal(HttpStatusCode.OK, (await Head("live")).Status);
        Assert.Equal("""{"v1":{"aliases":{"live":{}}}}""", (await Get("_alias/live")).Json.ToJsonString());
        Assert.Equal(["a"], await QueryIds("live", """{"match_all":{}}"""));
        Assert.Equal("v1", (await Put("live/_doc/c", """{"n":3}""")).Json["_index"]!.GetValue<string>());
        Assert.Equal("v1", (await Get("live/_doc/c")).Json["_index"]!.GetValue<string>());

        // a request with a failing action changes nothing
        var failed = await Post("_aliases", """{"actions":[{"remove":{"index":"v1","alias":"live"}},{"add":{"index":"v3","alias":"live"}}]}""");
        Assert.Equal(HttpStatusCode.NotFound, failed.Status);
        Assert.Equal("index_not_found_exception", failed.ErrorType);
        Assert.Equal("v1", _es.AliasTarget("live"));

        await Post("_aliases", """{"actions":[{"remove":{"index":"v1","alias":"live"}},{"add":{"index":"v2","alias":"live"}}]}""");
        Assert.Equal("v2", _es.AliasTarget("live"));
        Assert.Equal(["b"], await QueryIds("live", """{"match_all":{}}"""));

        var missing = await Get("_alias/nothing");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("""{"error":"alias [nothing] missing","status":404}""", missing.Json.ToJsonString());
        Assert.Null(_es.AliasTarget("nothing"));
        Assert.Equal("aliases_not_found_exception", (await Post("_aliases", """{"actions":[{"remove":{"index":"v2","alias":"nothing"}}]}""")).ErrorType);

        Assert.Equal("illegal_argument_exception", (await Delete("live")).ErrorType);
        Assert.Equal("invalid_index_name_exception", (await Put("live")).ErrorType);

        await Post("_aliases", """{"actions":[{"remove_index":{"index":"v1"}}]}""");
        Assert.Equal(["v2"], _es.IndexNames);
    }

    [Fact]
    public async Task Term_Terms_Ids_Exists_MatchAll_AndMatchNone()
    {
        await CreatePeople();
        Assert.Equal(["1"], await QueryIds("people", """{"term":{"name":"alice"}}"""));
        Assert.Equal(["1"], await QueryIds("people", """{"term":{"name":{"value":"alice"}}}"""));
        Assert.Empty(await QueryIds("people", """{"term":{"name":"eve"}}"""));
        Assert.Equal(["5"], await QueryIds("people", """{"term":{"name":{"value":"eve","case_insensitive":true}}}"""));
        Assert.Equal(["1", "2"], await QueryIds("people", """{"term":{"tags":"b"}}"""));
        Assert.Equal(["1", "3"], await QueryIds("people", """{"term":{"active":"true"}}"""));
        Assert.Equal(["2"], await QueryIds("people", """{"term":{"active":false}}"""));
        Assert.Equal(["2"], await QueryIds("people", """{"term":{"count":"5"}}"""));
        Assert.Empty(await QueryIds("people", """{"term":{"count":5.5}}"""));
        Assert.Equal(["2"], await QueryIds("people", """{"term":{"price":2.5}}"""));
        Assert.Equal(["1"], await QueryIds("people", """{"term":{"bio":"green"}}"""));
        Assert.Empty(await QueryIds("people", """{"term":{"bio":"Green"}}"""));
        Assert.Empty(await QueryIds("people", """{"term":{"unmapped":"x"}}"""));
        Assert.Equal(["1", "3", "5"], await QueryIds("people", """{"terms":{"name":["alice","carol","Eve","zed"]}}"""));
        Assert.Equal(["2", "4"], await QueryIds("people", """{"terms":{"count":[5,20]}}"""));
        Assert.Equal(["2", "5"], await QueryIds("people", """{"ids":{"values":["2","5","77"]}}"""));
        Assert.Equal(["1", "2"], await QueryIds("people", """{"exists":{"field":"tags"}}"""));
        Assert.Equal(["1", "2"], await QueryIds("people", """{"exists":{"field":"price"}}"""));
        Assert.Equal(["1", "2", "3", "4", "5"], await QueryIds("people", """{"match_all":{}}"""));
        Assert.Empty(await QueryIds("people", """{"match_none":{}}"""));

        var all = await Post("people/_search", """{"query":{"match_all":{}}}""");
        Assert.Equal(5, all.Json["hits"]!["total"]!["value"]!.GetValue<int>());
        Assert.Equal("eq", all.Json["hits"]!["total"]!["relation"]!.GetValue<string>());
        Assert.Equal(1.0, all.Json["hits"]!["max_score"]!.GetValue<double>());

        var unknown = await Post("people/_search", """{"query":{"fuzzy_thing":{"name":"x"}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("parsing_exception", unknown.ErrorType);
        Assert.Equal("unknown query [fuzzy_thing]", unknown.ErrorReason);

        var badNumber = await Post("people/_search", """{"query":{"term":{"count":"many"}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.Status);
        Assert.Equal("search_phase_execution_exception", badNumber.ErrorType);
        Assert.Equal("query_shard_exception", badNumber.Json["error"]!["root_cause"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Range_OnNumbersAndDates()
    {
        await CreatePeople();
        Assert.Equal(["2", "3"], await QueryIds("people", """{"range":{"count":{"gt":1,"lte":10}}}"""));
        Assert.Equal(["3", "4"], await QueryIds("people", """{"range":{"count":{"gte":10}}}"""));
        Assert.Equal(["1"], await QueryIds("people", """{"range":{"price":{"lt":2.5}}}"""));
        Assert.Equal(["1", "2"], await QueryIds("people", """{"range":{"day":{"gte":"2024-01-01","lte":"2024-01-31"}}}"""));
        Assert.Equal(["3"], await QueryIds("people", """{"range":{"day":{"gt":"2024-01-31"}}}"""));
        Assert.Equal(["1"], await QueryIds("people", """{"range":{"day":{"lt":"2024-01-31"}}}"""));
        Assert.Equal(["2", "3"], await QueryIds("people", """{"range":{"name":{"gte":"b","lt":"d"}}}"""));
        Assert.Empty(await QueryIds("people", """{"range":{"unmapped":{"gte":1}}}"""));
    }

    [Fact]
    public async Task Bool_ShouldDefaults_MinimumShouldMatch_MustNot_AndScores()
    {
        await CreatePeople();
        // only should clauses: at least one must match
        Assert.Equal(["1", "2"], await QueryIds("people", """{"bool":{"should":[{"term":{"name":"alice"}},{"term":{"name":"bob"}}]}}"""));
        // with a filter, should clauses are optional ...
        Assert.Equal(["1", "3"], await QueryIds("people", """{"bool":{"filter":{"term":{"active":true}},"should":{"term":{"name":"zed"}}}}"""));
        // ... unless minimum_should_match says otherwise
        Assert.Empty(await QueryIds("people", """{"bool":{"filter":{"term":{"active":true}},"should":{"term":{"name":"zed"}},"minimum_should_match":1}}"""));
        static string ThreeShoulds(string minimum) =>
            """{"bool":{"should":[{"term":{"tags":"a"}},{"term":{"tags":"b"}},{"term":{"name":"alice"}}],"minimum_should_match":""" + minimum + "}}";
        Assert.Equal(["1"], await QueryIds("people", ThreeShoulds("2")));
        Assert.Equal(["1"], await QueryIds("people", ThreeShoulds("\"67%\"")));
        Assert.Equal(["1", "2"], await QueryIds("people", ThreeShoulds("\"-2\"")));
        Assert.Empty(await QueryIds("people", ThreeShoulds("4")));
        Assert.Equal(["3", "4", "5"], await QueryIds("people", """{"bool":{"must_not":{"exists":{"field":"tags"}}}}"""));
        Assert.Equal(["2"], await QueryIds("people", """{"bool":{"must":[{"term":{"tags":"b"}}],"must_not":[{"term":{"name":"alice"}}]}}"""));
        Assert.Equal(["1", "2", "3", "4", "5"], await QueryIds("people", """{"bool":{}}"""));

        var filtered = await Post("people/_search", """{"query":{"bool":{"filter":[{"term":{"tags":"b"}}]}}}""");
        Assert.All(filtered.Json["hits"]!["hits"]!.AsArray(), h => Assert.Equal(0.0, h!["_score"]!.GetValue<double>()));
        var scored = await Post("people/_search", """{"query":{"bool":{"must":{"term":{"tags":"b"}},"should":{"term":{"name":"bob"}}}}}""");
        Assert.Equal("2", scored.Json["hits"]!["hits"]![0]!["_id"]!.GetValue<string>()); // matched the should clause too
    }

    // 1 km of latitude
    private const double Km = 1000 / 6371008.7714 * 180 / Math.PI;

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public async Task GeoDistance_HaversineWithUnitsAndPointFormats()
    {
        await CreatePeople();
        await Bulk($$$"""
            {"index":{"_index":"people","_id":"g1"}}
            {"location":{"lat":{{{F(31 + 0.5 * Km)}}},"lon":121}}
            {"index":{"_index":"people","_id":"g2"}}
            {"location":{"lat":{{{F(31 + 5 * Km)}}},"lon":121}}
            {"index":{"_index":"people","_id":"g3"}}
            {"location":{"lat":{{{F(31 + 12 * Km)}}},"lon":121}}
            {"index":{"_index":"people","_id":"g4"}}
            {"location":"{{{F(31 - 20 * Km)}}},121"}

            """);
        Assert.Equal(["g1"], await QueryIds("people", """{"geo_distance":{"distance":"800m","location":{"lat":31,"lon":121}}}"""));
        Assert.Equal(["g1", "g2"], await QueryIds("people", """{"geo_distance":{"distance":5001,"location":[121,31]}}"""));
        Assert.Equal(["g1", "g2", "g3"], await QueryIds("people", """{"geo_distance":{"distance":"12.5km","distance_type":"arc","location":"31,121"}}"""));
        Assert.Equal(["g1", "g2", "g3", "g4"], await QueryIds("people", """{"geo_distance":{"distance":"21km","location":{"lat":31,"lon":121}}}"""));
        Assert.Equal(["g3"], await QueryIds("people",
            """{"bool":{"filter":{"geo_distance":{"distance":"12.5km","location":{"lat":31,"lon":121}}},"must_not":{"geo_distance":{"distance":"6km","location":{"lat":31,"lon":121}}}}}"""));
    }

    [Fact]
    public async Task Script_WithinRadius_AndAnyOtherScriptIsACompileError()
    {
        await CreatePeople();
        await Bulk($$$"""
            {"index":{"_index":"people","_id":"near"}}
            {"location":{"lat":{{{F(31 + 2 * Km)}}},"lon":121},"radius_km":3}
            {"index":{"_index":"people","_id":"edge"}}
            {"location":{"lat":{{{F(31 + 3.05 * Km)}}},"lon":121},"radius_km":3}
            {"index":{"_index":"people","_id":"far"}}
            {"location":{"lat":{{{F(31 + 8 * Km)}}},"lon":121},"radius_km":3}
            {"index":{"_index":"people","_id":"noradius"}}
            {"location":{"lat":31,"lon":121}}

            """);
        static string Query(double slack) => new JsonObject
        {
            ["bool"] = new JsonObject
            {
                ["filter"] = new JsonObject
                {
                    ["script"] = new JsonObject
                    {
                        ["script"] = new JsonObject
                        {
                            ["source"] = ElasticsearchEmulator.WithinRadiusScript, ["lang"] = "painless",
                            ["params"] = new JsonObject { ["lat"] = 31, ["lon"] = 121, ["slack_m"] = slack },
                        },
                    },
                },
            },
        }.ToJsonString();
        Assert.Equal(["near"], await QueryIds("people", Query(0)));
        Assert.Equal(["edge", "near"], await QueryIds("people", Query(100)));

        var other = await Post("people/_search", """{"query":{"script":{"script":{"source":"doc['count'].value > 1"}}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, other.Status);
        Assert.Equal("script_exception", other.Json["error"]!["root_cause"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task SortAndSearchAfter_PageThrough2500Documents()
    {
        await Put("many", """{"mappings":{"properties":{"rank":{"type":"long"},"key":{"type":"keyword"},"on":{"type":"date"}}}}""");
        var ndjson = new StringBuilder();
        for (var i = 0; i < 2500; i++)
        {
            ndjson.Append($$$"""{"index":{"_id":"d{{{i}}}"}}""").Append('\n');
            ndjson.Append($$$"""{"rank":{{{i % 97}}},"key":"k{{{i:D5}}}","on":"2024-01-{{{1 + i % 28:D2}}}T00:00:00Z"}""").Append('\n');
        }
        var bulk = await Bulk(ndjson.ToString(), "many/_bulk");
        Assert.False(bulk.Json["errors"]!.GetValue<bool>());
        Assert.Equal(2500, (await Post("many/_count", "{}")).Json["count"]!.GetValue<int>());

        var seen = new List<(long Rank, string Key)>();
        JsonNode? after = null;
        while (true)
        {
            var body = new JsonObject
            {
                ["size"] = 300, ["sort"] = JsonNode.Parse("""[{"rank":"desc"},{"key":{"order":"asc"}}]"""), ["_source"] = new JsonArray("rank"),
            };
            if (after is not null) body["search_after"] = after.DeepClone();
            var page = (await Post("many/_search", body.ToJsonString())).Json["hits"]!;
            Assert.Equal(2500, page["total"]!["value"]!.GetValue<int>());
            var hits = page["hits"]!.AsArray();
            if (hits.Count == 0) break;
            foreach (var hit in hits)
            {
                Assert.Null(hit!["_score"]);
                Assert.Null(hit["_source"]!["key"]);
                seen.Add((hit["sort"]![0]!.GetValue<long>(), hit["sort"]![1]!.GetValue<string>()));
            }
            after = hits[^1]!["sort"];
        }
        Assert.Equal(2500, seen.Select(s => s.Key).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(s => s.Rank).ThenBy(s => s.Key, StringComparer.Ordinal), seen);

        var byDate = await Post("many/_search", """{"size":1,"sort":[{"on":"asc"},"_doc"]}""");
        Assert.Equal(DateTimeOffset.Parse("2024-01-01T00:00:00Z").ToUnixTimeMilliseconds(), byDate.Json["hits"]!["hits"]![0]!["sort"]![0]!.GetValue<long>());

        var tooMany = await Post("many/_search", """{"size":10001}""");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal("search_phase_execution_exception", tooMany.ErrorType);
        Assert.Equal("illegal_argument_exception", tooMany.Json["error"]!["root_cause"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("many/_search", """{"search_after":[1]}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("many/_search", """{"sort":["unmapped"]}""")).Status);
        Assert.Equal(10, (await Post("many/_search", "{}")).Json["hits"]!["hits"]!.AsArray().Count);
    }

    [Fact]
    public async Task SourceFiltering_Count_AndRefresh()
    {
        await CreatePeople();
        var reply = await Post("people/_search", """{"query":{"ids":{"values":["1"]}},"_source":["name","day"]}""");
        Assert.Equal("""{"name":"alice","day":"2024-01-01"}""", reply.Json["hits"]!["hits"]![0]!["_source"]!.ToJsonString());
        var noSource = await Post("people/_search", """{"query":{"ids":{"values":["1"]}},"_source":false}""");
        Assert.Null(noSource.Json["hits"]!["hits"]![0]!["_source"]);

        var count = await Post("people/_count", """{"query":{"term":{"active":true}}}""");
        Assert.Equal(2, count.Json["count"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("people/_count", """{"size":1}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post("people/_refresh")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Post("ghost/_search", "{}")).Status);
    }

    [Fact]
    public async Task FailNext_AnswersTheStatusWithoutDoingAnything_AndRequestsAreRecorded()
    {
        await Put("f");
        _es.ClearRequests();
        _es.FailNext(2, 429);

        var first = await Put("f/_doc/1", """{"n":1}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, first.Status);
        Assert.Equal("es_rejected_execution_exception", first.ErrorType);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Get("f/_doc/1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("f/_doc/1")).Status);

        _es.FailNext(1, 503);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Get("/")).Status);

        var requests = _es.Requests;
        Assert.Equal([429, 429, 404, 503], requests.Select(r => r.Status));
        Assert.Equal(("PUT", "/f/_doc/1", """{"n":1}"""), (requests[0].Method, requests[0].Path, requests[0].Body));
    }

    [Fact]
    public async Task StopAndRestart_RefuseConnectionsThenServeTheSameDataOnTheSamePort()
    {
        await Put("s");
        await Put("s/_doc/1", """{"n":1}""");
        var address = _es.Address;

        await _es.StopAsync();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => Get("s/_doc/1"));
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);

        await _es.RestartAsync();
        Assert.Equal(address, _es.Address);
        Assert.Equal(1, (await Get("s/_doc/1")).Json["_source"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delay_MakesTheClientTimeOut_ButTheWriteStillHappens()
    {
        await Put("d");
        _es.Delay = TimeSpan.FromSeconds(5);
        using var impatient = new HttpClient { BaseAddress = _es.Address, Timeout = TimeSpan.FromMilliseconds(300) };
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() =>
            impatient.PutAsync("d/_doc/1", new StringContent("""{"n":1}""", Encoding.UTF8, "application/json"), Ct));
        _es.Delay = TimeSpan.Zero;
        Assert.Equal(HttpStatusCode.OK, (await Get("d/_doc/1")).Status);
    }
}
