using System.Text.Json;
using FiveSocieties.Infrastructure.Matching.Elasticsearch;
using FiveSocieties.Infrastructure.Startup;
using FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Tests.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch;

/// What a real cluster asks of the adapter beyond the request bodies: writes that do not wait for
/// refreshes, the product and version it supports, several nodes with failover, percolator documents
/// a node accepts.
public sealed class ElasticsearchClusterTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ElasticsearchTarget _target = null!;

    public async ValueTask InitializeAsync() => _target = await ElasticsearchTarget.EmulatedAsync();

    public async ValueTask DisposeAsync() => await _target.DisposeAsync();

    private ElasticsearchEmulator Emulator => _target.Emulator!;

    // ---- refresh ----

    /// A single write returned only after the cluster's next refresh (refresh=wait_for, about half a second on
    /// a real node): 20,000 of them took hours. Now no write waits, and the next read refreshes once.
    [Fact]
    public async Task SingleWrites_DoNotWaitForARefresh_AndTheNextSearchStillSeesThem()
    {
        Emulator.ScheduledRefresh = false; // only an explicit refresh makes a write searchable
        var world = new RandomWorld(21, 300, 100);
        var index = _target.Index(new MatchingWeights());
        await index.ReplaceAllAsync([], world.Needs, Ct);
        Emulator.ClearRequests();

        foreach (var provider in world.Providers) await index.UpsertProviderAsync(provider, Ct);
        var writes = Emulator.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal(world.Providers.Count, writes.Count);
        Assert.All(writes, w => Assert.DoesNotContain("refresh", w.Query, StringComparison.Ordinal));

        foreach (var need in world.Needs.Take(30))
        {
            var query = new ProviderQuery(10, RandomWorld.Today);
            Assert.Equal(CandidateIndexContract.BruteForce(need, world.Providers, query, new MatchingWeights()).Select(c => c.Provider),
                (await index.SearchProvidersAsync(need, query, Ct)).Select(c => c.Provider));
        }
        Assert.Single(Emulator.Requests, r => r.Path.EndsWith("/_refresh", StringComparison.Ordinal)); // one for 300 writes and 30 searches

        await index.RemoveProviderAsync(world.Providers.First(p => p.IsActive).Ref, Ct);
        Assert.Equal(world.Providers.Count(p => p.IsActive) - 1, (await index.CountAsync(Ct)).Providers);
    }

    /// The feed relay's bulk writes take Matching:Elasticsearch:Refresh: one refresh per batch.
    [Theory]
    [InlineData("wait_for")]
    [InlineData("false")]
    public async Task FeedBatches_TakeTheRefreshSetting_OncePerBatch(string refresh)
    {
        var world = new RandomWorld(22, 40, 20);
        var index = _target.Index(change: s => s["Matching:Elasticsearch:Refresh"] = refresh);
        await index.ReplaceAllAsync(world.Providers, world.Needs, Ct);
        Emulator.ClearRequests();
        await index.ApplyAsync([.. world.Providers.Take(10).Select((p, i) => (p.Ref, (ProviderProfile?)p, 100L + i))], [], Ct);
        var bulk = Assert.Single(Emulator.Requests, r => r.Path == "/_bulk");
        Assert.Equal("refresh=" + refresh, bulk.Query);
    }

    // ---- product and version ----

    public static TheoryData<string, bool> Profiles => new()
    {
        { "6.8", false }, { "7.1", true }, { "7.17", true }, { "8.17", true }, { "9.1", true }, { "OpenSearch", false }, { "Easysearch", false },
    };

    private static EsProfile Profile(string name) => name switch
    {
        "6.8" => EsProfile.Elasticsearch6_8,
        "7.1" => EsProfile.Elasticsearch7_1,
        "7.17" => EsProfile.Elasticsearch7_17,
        "8.17" => EsProfile.Elasticsearch8_17,
        "9.1" => EsProfile.Elasticsearch9_1,
        "OpenSearch" => EsProfile.OpenSearch2,
        _ => EsProfile.Easysearch1,
    };

    /// Supported: Elasticsearch 7.0+ 7.x, 8.x, 9.x. Anything else is refused before any index is touched, with
    /// one Chinese line naming the setting; the index counts as unavailable (matching waits) until it is fixed.
    [Theory, MemberData(nameof(Profiles))]
    public async Task Product_OnlySupportedElasticsearchVersionsAreUsed(string profile, bool supported)
    {
        Emulator.Profile = Profile(profile);
        var index = _target.Index();
        if (supported)
        {
            Assert.Equal(new IndexCounts(0, 0), await index.CountAsync(Ct));
            return;
        }
        var refused = await Assert.ThrowsAsync<ElasticsearchException>(() => index.CountAsync(Ct).AsTask());
        Assert.True(refused.IsUnsupported);
        Assert.True(refused.IsUnavailable);
        Assert.StartsWith("Matching:Elasticsearch 的节点 http://127.0.0.1:", refused.Message);
        Assert.Contains("Elasticsearch 7.x（7.0 起）、8.x 和 9.x", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.Empty(Emulator.IndexNames);
        Assert.All(Emulator.Requests, r => Assert.Equal("/", r.Path));
    }

    [Fact]
    public async Task Start_AnUnsupportedCluster_StopsTheNodeWithOneLine()
    {
        Emulator.Profile = EsProfile.OpenSearch2;
        var refused = await Assert.ThrowsAsync<StartupException>(() => StartCheck(_target.Services()).StartAsync(Ct));
        Assert.Contains("OpenSearch 2.11.1，不是 Elasticsearch", refused.Message);
    }

    [Fact]
    public async Task Start_AClusterThatIsDown_DoesNotStopTheNode_AndIsCheckedWhenItAnswers()
    {
        var services = _target.Services(change: s => s["Matching:Elasticsearch:Retries"] = "0");
        Emulator.Profile = EsProfile.Elasticsearch6_8;
        await Emulator.StopAsync();
        await StartCheck(services).StartAsync(Ct); // no answer: starts

        await Emulator.RestartAsync();
        var refused = await Assert.ThrowsAsync<ElasticsearchException>(() => services.GetRequiredService<ElasticsearchCandidateIndex>().CountAsync(Ct).AsTask());
        Assert.Contains("Elasticsearch 6.8.23，版本过旧", refused.Message);

        Emulator.Profile = EsProfile.Elasticsearch7_17; // upgraded: the next call checks again
        Assert.Equal(new IndexCounts(0, 0), await services.GetRequiredService<ElasticsearchCandidateIndex>().CountAsync(Ct));
    }

    private static IHostedService StartCheck(IServiceProvider services) => services.GetRequiredService<ElasticsearchStartCheck>();

    [Theory]
    [InlineData(200, "Elasticsearch", """{"version":{"number":"8.17.0"},"tagline":"You Know, for Search"}""", ElasticsearchProduct.Verdict.Supported)]
    [InlineData(200, null, """{"version":{"number":"7.13.4","build_flavor":"oss"},"tagline":"You Know, for Search"}""", ElasticsearchProduct.Verdict.Supported)]
    [InlineData(200, null, """{"version":{"number":"8.17.0"},"tagline":"You Know, for Search"}""", ElasticsearchProduct.Verdict.Refused)] // 7.14+ without the header
    [InlineData(200, null, """{"version":{"number":"7.10.2"},"tagline":"The OpenSearch Project: https://opensearch.org/"}""", ElasticsearchProduct.Verdict.Refused)]
    [InlineData(200, "Elasticsearch", """{"version":{"number":"10.0.0"},"tagline":"You Know, for Search"}""", ElasticsearchProduct.Verdict.Refused)]
    [InlineData(200, null, "<html>proxy</html>", ElasticsearchProduct.Verdict.Refused)]
    [InlineData(403, "Elasticsearch", """{"error":{"type":"security_exception"},"status":403}""", ElasticsearchProduct.Verdict.Supported)]
    [InlineData(403, null, """{"error":{"type":"security_exception"},"status":403}""", ElasticsearchProduct.Verdict.Unchecked)]
    public void Product_IsJudgedByTheHeaderTheTaglineAndTheVersion(int status, string? header, string body, ElasticsearchProduct.Verdict expected) =>
        Assert.Equal(expected, ElasticsearchProduct.Judge(new Uri("http://es1:9200/"), status, header, body).Verdict);

    // ---- several nodes ----

    /// Url plus Urls: a request that finds its node down goes to the next one at once.
    [Fact]
    public async Task TwoNodes_OneStopped_RequestsGoThroughTheOther()
    {
        await using var second = await Emulator.StartNodeAsync();
        var world = new RandomWorld(23, 200, 80);
        var index = _target.Index(change: s =>
        {
            s["Matching:Elasticsearch:Urls:0"] = second.Address.ToString();
            s["Matching:Elasticsearch:Retries"] = "0";
        });
        await index.ReplaceAllAsync(world.Providers, world.Needs, Ct);
        Assert.NotEmpty(Emulator.Requests);
        Assert.NotEmpty(second.Requests); // requests take the nodes in turn

        await Emulator.StopAsync();
        second.ClearRequests();
        foreach (var need in world.Needs.Take(20))
        {
            var query = new ProviderQuery(10, RandomWorld.Today);
            Assert.Equal(CandidateIndexContract.BruteForce(need, world.Providers, query, new MatchingWeights()).Select(c => c.Provider),
                (await index.SearchProvidersAsync(need, query, Ct)).Select(c => c.Provider));
        }
        Assert.Equal(20, second.Requests.Count(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)));
        await Emulator.RestartAsync();
    }

    /// A node that timed out is skipped for DeadNodeRetry, so the requests after it do not wait for it again;
    /// once that time has passed it is tried again.
    [Fact]
    public async Task TwoNodes_ASlowNodeIsSkipped_ThenTriedAgainAfterItsDeadTime()
    {
        await using var second = await Emulator.StartNodeAsync();
        var clock = new FiveSocieties.Tests.TestClock(DateTimeOffset.Parse("2026-12-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var services = _target.Services(change: s =>
        {
            s["Matching:Elasticsearch:Urls:0"] = second.Address.ToString();
            s["Matching:Elasticsearch:Retries"] = "0";
            s["Matching:Elasticsearch:RequestTimeout"] = "00:00:00.5";
            s["Matching:Elasticsearch:DeadNodeRetry"] = "00:01:00";
        }, clock: clock);
        var index = services.GetRequiredService<ElasticsearchCandidateIndex>();
        await index.CountAsync(Ct);
        Emulator.Delay = TimeSpan.FromSeconds(5);
        Emulator.ClearRequests();

        for (var i = 0; i < 10; i++) await index.CountAsync(Ct);
        Assert.Single(Emulator.Requests); // timed out once, then left alone

        clock.Advance(TimeSpan.FromMinutes(2));
        Emulator.Delay = TimeSpan.Zero;
        Emulator.ClearRequests();
        for (var i = 0; i < 4; i++) await index.CountAsync(Ct);
        Assert.NotEmpty(Emulator.Requests); // back in turn
    }

    /// Every node down: the cluster is unavailable, as with one node (needs wait as 匹配延迟).
    [Fact]
    public async Task TwoNodes_BothStopped_TheClusterIsUnavailable()
    {
        await using var second = await Emulator.StartNodeAsync();
        var index = _target.Index(change: s =>
        {
            s["Matching:Elasticsearch:Urls:0"] = second.Address.ToString();
            s["Matching:Elasticsearch:Retries"] = "1";
        });
        await index.CountAsync(Ct);
        await Emulator.StopAsync();
        await second.StopAsync();
        var e = await Assert.ThrowsAsync<ElasticsearchException>(() => index.CountAsync(Ct).AsTask());
        Assert.True(e.IsUnavailable);
        Assert.Null(e.Status);
        Assert.Contains(second.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        await Emulator.RestartAsync();
        Assert.Equal(new IndexCounts(0, 0), await index.CountAsync(Ct));
    }

    // ---- percolator (bench elasticsearch) ----

    /// The bench wrote each stored query as a value of a Dictionary<string, object>: System.Text.Json wrote the Bool
    /// record by its properties ({"filter": […], "should": [], "must_not": []}), and a real node refused the
    /// document ("failed to parse"). A query is now written as a query whatever type holds it.
    [Fact]
    public async Task Percolator_AQueryHeldAsObject_IsStoredAsAQuery()
    {
        var client = _target.Services().GetRequiredService<ElasticsearchClient>();
        var need = new RandomWorld(25, 10, 5).Needs[0];
        var percolator = ElasticsearchTarget.NewPrefix() + "-percolator";
        await client.CreateIndexAsync(percolator, new CreateIndexRequest(new IndexSettings(1, 0, "1s"),
            new IndexMappings("strict", new Dictionary<string, string> { ["writer"] = "test" }, PercolatorDocument.Mapping)), Ct);
        try
        {
            object query = HardRuleFilters.ForProviders(need, new ProviderQuery(20, RandomWorld.Today));
            await client.BulkAsync([(new BulkAction(percolator, "1"), new Dictionary<string, object> { [PercolatorDocument.Field] = query })], null, Ct);
            Assert.StartsWith("""{"query":{"bool":{"filter":[""", JsonSerializer.Serialize(new Dictionary<string, object> { ["query"] = query }, ElasticsearchJson.Options));
        }
        finally
        {
            await client.DeleteIndexAsync(percolator, Ct);
        }
    }

    /// The bench stored each need's query in a percolator index and a real node refused the first one ("failed to
    /// parse"): the query, held as object, was written as the Bool record's properties ({"filter": …}), not as a
    /// query. The documents are now stored, and percolating a provider finds the needs the rules let it serve.
    [Fact]
    public async Task Percolator_StoredNeedQueriesAreAccepted_AndFindTheNeedsAProviderMayServe()
    {
        var services = _target.Services();
        var client = services.GetRequiredService<ElasticsearchClient>();
        var world = new RandomWorld(24, 150, 120);
        var needs = world.Needs.Select(n => n with { Excluded = new HashSet<FiveSocieties.Matching.Matches.ProviderRef>() }).ToList();
        var percolator = ElasticsearchTarget.NewPrefix() + "-percolator";
        await client.CreateIndexAsync(percolator, new CreateIndexRequest(new IndexSettings(1, 0, "1s"),
            new IndexMappings("strict", new Dictionary<string, string> { ["writer"] = "test" }, PercolatorDocument.Mapping)), Ct);
        try
        {
            await client.BulkAsync([.. needs.Select(n => (new BulkAction(percolator, NeedDocument.KeyOf(n.NeedId)), (object?)PercolatorDocument.Of(n, RandomWorld.Today)))], "wait_for", Ct);
            var compared = 0;
            foreach (var provider in world.Providers.Take(60))
            {
                var page = await client.SearchAsync<JsonElement>(percolator, new SearchRequest(PercolatorDocument.Percolate(provider), 10_000, []) { Source = false }, Ct);
                var expected = needs.Where(n => FiveSocieties.Matching.Engine.HardRules.Passes(n, provider, RandomWorld.Today)).Select(n => NeedDocument.KeyOf(n.NeedId));
                Assert.Equal(expected.Order(StringComparer.Ordinal), page.Hits.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
                compared += page.Hits.Hits.Count;
            }
            Assert.True(compared > 20, $"the random world should let providers serve some needs, got {compared}");
        }
        finally
        {
            await client.DeleteIndexAsync(percolator, Ct);
        }
    }
}
