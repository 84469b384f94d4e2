using System.Net;
using System.Text.Json;
using FiveSocieties.Infrastructure.Matching.Elasticsearch;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch;

/// The typed client reads what Elasticsearch really answers — the realistic response documents of
/// the API description (Api/samples/responses), error responses included — and retries only what
/// is worth retrying.
public sealed class ElasticsearchClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(ElasticsearchApi.ApiDirectory, "samples", "responses", name + ".json"));

    /// A client whose every request is answered by <paramref name="answer"/> (GET / by an Elasticsearch 8
    /// node, as the client asks it once before its first request); counts the other requests.
    private static (ElasticsearchClient Client, Func<int> Requests) Answering(Func<HttpRequestMessage, int, (HttpStatusCode, string)> answer, int retries = 2)
    {
        var count = 0;
        var handler = new Stub(request =>
        {
            var (status, body) = request.RequestUri!.AbsolutePath == "/" ? (HttpStatusCode.OK, Sample("info")) : answer(request, ++count);
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            response.Headers.Add(ElasticsearchProduct.Header, "Elasticsearch");
            return response;
        });
        var options = Options.Create(new ElasticsearchOptions
        {
            Url = new Uri("http://es.test:9200/"), Retries = retries, RetryDelay = TimeSpan.FromMilliseconds(1),
        });
        var client = new ElasticsearchClient(new Factory(handler), options, NullLogger<ElasticsearchClient>.Instance, TimeProvider.System);
        return (client, () => count);
    }

    private static (ElasticsearchClient Client, Func<int> Requests) Always(HttpStatusCode status, string sample, int retries = 2) =>
        Answering((_, _) => (status, Sample(sample)), retries);

    [Fact]
    public async Task Search_ReadsHitsSourcesAndSortValues()
    {
        var (client, _) = Always(HttpStatusCode.OK, "search");
        var page = await client.SearchAsync<JsonElement>("fivesocieties-providers", new SearchRequest(new MatchAll(), 10, []), Ct);
        Assert.NotEmpty(page.Hits.Hits);
        Assert.All(page.Hits.Hits, h => Assert.False(string.IsNullOrEmpty(h.Id)));
        Assert.All(page.Hits.Hits, h => Assert.Equal(JsonValueKind.Object, h.Source.ValueKind));
        Assert.Contains(page.Hits.Hits, h => h.Sort is { Count: > 0 });
    }

    [Fact]
    public async Task Count_ReadsTheCount()
    {
        var (client, _) = Always(HttpStatusCode.OK, "count");
        var expected = JsonDocument.Parse(Sample("count")).RootElement.GetProperty("count").GetInt64();
        Assert.Equal(expected, await client.CountAsync("fivesocieties-needs", new CountRequest(new MatchAll()), Ct));
    }

    [Fact]
    public async Task Aliases_AreReadFromGetAlias_AndAMissingAliasIsEmpty()
    {
        var (found, _) = Always(HttpStatusCode.OK, "get-alias");
        Assert.Equal(["fivesocieties-providers-v3"], await found.AliasTargetsAsync("fivesocieties-providers", Ct));
        var (missing, _) = Always(HttpStatusCode.NotFound, "error-404-alias-missing");
        Assert.Empty(await missing.AliasTargetsAsync("fivesocieties-providers", Ct));
    }

    [Fact]
    public async Task Bulk_VersionConflictsCountAsDone_OtherItemErrorsFailWithTheirType()
    {
        var (client, _) = Always(HttpStatusCode.OK, "bulk-errors");
        var e = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            client.BulkAsync([(new BulkAction("fivesocieties-providers", "Volunteer:1"), new { key = "Volunteer:1" })], null, Ct));
        Assert.Equal("document_parsing_exception", e.ErrorType);
        Assert.False(e.IsUnavailable);

        // The same response with only its successful and version-conflict items: nothing to fail.
        var items = JsonDocument.Parse(Sample("bulk-errors")).RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.EnumerateObject().First().Value.GetProperty("status").GetInt32() is < 300 or 409).Select(i => i.GetRawText());
        var (lenient, _) = Answering((_, _) => (HttpStatusCode.OK, $$"""{"took":3,"errors":true,"items":[{{string.Join(",", items)}}]}"""));
        var response = await lenient.BulkAsync([(new BulkAction("fivesocieties-providers", "Volunteer:1"), null)], null, Ct);
        Assert.Contains(response.Items.SelectMany(i => i.Values), i => i.Status == 409);
    }

    [Fact]
    public async Task VersionConflict_OnASingleWrite_IsStale()
    {
        var (client, _) = Always(HttpStatusCode.Conflict, "error-409-version-conflict");
        Assert.Equal(WriteOutcome.Stale, await client.IndexAsync("fivesocieties-needs", "1", new { key = "1" }, 3, null, Ct));
        Assert.Equal(WriteOutcome.Stale, await client.DeleteAsync("fivesocieties-needs", "1", 3, null, Ct));
    }

    [Fact]
    public async Task DeletingAMissingDocumentOrIndex_IsNotAnError()
    {
        var (doc, _) = Always(HttpStatusCode.NotFound, "delete-not-found");
        Assert.Equal(WriteOutcome.NotFound, await doc.DeleteAsync("fivesocieties-needs", "1", null, null, Ct));
        var (index, _) = Always(HttpStatusCode.NotFound, "error-404-index-not-found");
        await index.DeleteIndexAsync("fivesocieties-needs-old", Ct);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "error-404-index-not-found", "index_not_found_exception")]
    [InlineData(HttpStatusCode.BadRequest, "error-400-mapper-conflict", "illegal_argument_exception")]
    [InlineData(HttpStatusCode.BadRequest, "error-400-resource-already-exists", "resource_already_exists_exception")]
    [InlineData(HttpStatusCode.Unauthorized, "error-401-security", "security_exception")]
    public async Task RequestErrors_FailAtOnceWithTheClustersTypeAndReason(HttpStatusCode status, string sample, string type)
    {
        var (client, requests) = Always(status, sample);
        var e = await Assert.ThrowsAsync<ElasticsearchException>(() => client.CountAsync("fivesocieties-needs", new CountRequest(new MatchAll()), Ct));
        Assert.Equal(type, e.ErrorType);
        Assert.Equal((int)status, e.Status);
        Assert.False(e.IsUnavailable);
        Assert.Equal(1, requests()); // not retried
        Assert.Contains(type, e.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "error-429-rejected-execution", "es_rejected_execution_exception")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "error-503-cluster-block", "cluster_block_exception")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "error-503-master-not-discovered", "master_not_discovered_exception")]
    public async Task Overload_IsRetriedWithBackoff_ThenReportedAsUnavailable(HttpStatusCode status, string sample, string type)
    {
        var (client, requests) = Always(status, sample, retries: 2);
        var e = await Assert.ThrowsAsync<ElasticsearchException>(() => client.CountAsync("fivesocieties-needs", new CountRequest(new MatchAll()), Ct));
        Assert.Equal(type, e.ErrorType);
        Assert.True(e.IsUnavailable);
        Assert.Equal(3, requests()); // the first try and two retries
    }

    [Fact]
    public async Task AnOverloadThatPasses_IsInvisibleToTheCaller()
    {
        var (client, requests) = Answering((_, n) => n < 3 ? (HttpStatusCode.TooManyRequests, Sample("error-429-rejected-execution")) : (HttpStatusCode.OK, Sample("count")), retries: 3);
        Assert.True(await client.CountAsync("fivesocieties-needs", new CountRequest(new MatchAll()), Ct) >= 0);
        Assert.Equal(3, requests());
    }

    [Fact]
    public async Task ACallThatTimesOut_IsRetried_ThenUnavailable()
    {
        var count = 0;
        var handler = new Stub(async (request, ct) =>
        {
            Interlocked.Increment(ref count);
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var options = Options.Create(new ElasticsearchOptions
        {
            Url = new Uri("http://es.test:9200/"), Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(1), RequestTimeout = TimeSpan.FromMilliseconds(100),
        });
        var client = new ElasticsearchClient(new Factory(handler), options, NullLogger<ElasticsearchClient>.Instance, TimeProvider.System);
        var e = await Assert.ThrowsAsync<ElasticsearchException>(() => client.CountAsync("x", new CountRequest(new MatchAll()), Ct));
        Assert.True(e.IsUnavailable);
        Assert.Null(e.Status);
        Assert.Equal(2, count);
    }

    [Fact]
    public void Credentials_ApiKeyOrBasic()
    {
        Assert.Equal("ApiKey abc==", ElasticsearchConnection.Authorization(new ElasticsearchOptions { ApiKey = "abc==" })!.ToString());
        Assert.Equal("Basic " + Convert.ToBase64String("fs:秘密"u8.ToArray()),
            ElasticsearchConnection.Authorization(new ElasticsearchOptions { Username = "fs", Password = "秘密" })!.ToString());
        Assert.Null(ElasticsearchConnection.Authorization(new ElasticsearchOptions()));
    }

    private sealed class Stub(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public Stub(Func<HttpRequestMessage, HttpResponseMessage> answer) : this((r, _) => Task.FromResult(answer(r))) { }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) => answer(request, ct);
    }

    private sealed class Factory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
