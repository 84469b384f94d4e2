using FiveSocieties.Infrastructure.Matching.Elasticsearch;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Tests.Engine;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch;

/// Every request the adapter sends — index creation with its mapping, bulk loads and versioned
/// bulk changes, single writes and deletes, searches with every hard-rule filter, counts and the
/// alias switch — is checked against the request schemas of the official API description.
public sealed class ElasticsearchRequestsTests : IAsyncLifetime
{
    private ElasticsearchTarget _target = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _target = await ElasticsearchTarget.EmulatedAsync();

    public async ValueTask DisposeAsync() => await _target.DisposeAsync();

    /// The adapter's every kind of request: first use, rebuilds, searches, single writes, feed changes.
    private async Task<IReadOnlyList<Emulator.RecordedRequest>> EveryKindOfRequestAsync()
    {
        var world = new RandomWorld(7, 120, 60);
        var index = _target.Index(new MatchingWeights());
        await index.CountAsync(Ct);                                   // first use: GET /, HEAD, create, aliases
        await index.ReplaceAllAsync(world.Providers, world.Needs, Ct); // rebuild: create, bulk, refresh, alias switch
        await index.RebuildAsync(world.Providers, world.Needs, 42, null, Ct); // with external versions
        foreach (var need in world.Needs.Take(20))
        {
            await index.SearchProvidersAsync(need, new ProviderQuery(10, RandomWorld.Today), Ct);
            await index.SearchProvidersAsync(need, new ProviderQuery(3, RandomWorld.Today, new HashSet<ResourceKind> { ResourceKind.Volunteer }), Ct);
        }
        foreach (var provider in world.Providers.Take(40)) await index.SearchNeedsAsync(provider, new NeedQuery(10, RandomWorld.Today), Ct);
        await index.UpsertProviderAsync(world.Providers[0], Ct);
        await index.RemoveProviderAsync(world.Providers[1].Ref, Ct);
        await index.UpsertNeedAsync(world.Needs[0], Ct);
        await index.RemoveNeedAsync(world.Needs[1].NeedId, Ct);
        await index.ApplyAsync([(world.Providers[2].Ref, world.Providers[2], 43), (world.Providers[3].Ref, null, 44)],
            [(world.Needs[2].NeedId, world.Needs[2], 45), (world.Needs[3].NeedId, null, 46)], Ct);
        await index.CountAsync(Ct);                                   // after single writes: a refresh first
        return _target.Emulator!.Requests;
    }

    [Fact]
    public async Task EveryRequestBody_MatchesTheApiDescription()
    {
        var requests = await EveryKindOfRequestAsync();
        var operations = new HashSet<string>();
        foreach (var request in requests)
        {
            var errors = ElasticsearchApi.RequestErrors(request.Method, request.Path, request.Body);
            Assert.True(errors.Count == 0, $"{request.Method} {request.Path}: {string.Join("; ", errors)}\n{request.Body}");
            Assert.True(request.Status < 300 || request.Status is 404 or 409, $"{request.Method} {request.Path} answered {request.Status}");
            operations.Add(ElasticsearchApi.OperationId(request.Method, request.Path));
        }
        foreach (var expected in new[] { "indices-create", "bulk", "search", "count", "indices-update-aliases", "index", "delete", "indices-refresh" })
            Assert.Contains(operations, o => o == expected || o.StartsWith(expected + "-", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Body.Contains("\"script\"", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Body.Contains("\"geo_distance\"", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Body.Contains("\"version_type\":\"external\"", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Body.Contains("\"remove_index\"", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Body.Contains("\"search_after\"", StringComparison.Ordinal) || r.Path.EndsWith("_search", StringComparison.Ordinal));
    }

    /// Content-Type and Accept exactly as each endpoint documents them: a charset on NDJSON made Elasticsearch
    /// 7.0–7.10 refuse every bulk write (406), so nothing was ever indexed there.
    [Fact]
    public async Task EveryRequest_SendsTheMediaTypesItsEndpointDocuments()
    {
        var requests = await EveryKindOfRequestAsync();
        Assert.Contains(requests, r => r.Path == "/_bulk");
        foreach (var request in requests)
        {
            var (contentTypes, accept, source) = ElasticsearchApi.MediaTypes(request.Method, request.Path);
            var what = $"{request.Method} {request.Path} ({source})";
            Assert.True(request.Accept is { } a && accept.Contains(a), $"{what}: Accept [{request.Accept}], documented [{string.Join(", ", accept)}]");
            if (request.Body.Length == 0) Assert.Null(request.ContentType);
            else Assert.True(request.ContentType is { } t && contentTypes.Contains(t), $"{what}: Content-Type [{request.ContentType}], documented [{string.Join(", ", contentTypes)}]");
        }
    }

    [Fact]
    public async Task Search_ReadsEveryCandidate_PageByPage()
    {
        // Small pages: a search over more candidates than a page must still find them all.
        var index = _target.Index(change: s => s["Matching:Elasticsearch:PageSize"] = "10");
        var world = new RandomWorld(3, 600, 300);
        await index.ReplaceAllAsync(world.Providers, world.Needs, Ct);
        var query = new ProviderQuery(ProviderQuery.MaxTop, RandomWorld.Today);
        var widest = world.Needs.Select(n => (Need: n, Expected: CandidateIndexContract.BruteForce(n, world.Providers, query, new MatchingWeights())))
            .MaxBy(x => x.Expected.Count);
        Assert.True(widest.Expected.Count > 20, $"a need with more candidates than a page, got {widest.Expected.Count}");
        _target.Emulator!.ClearRequests();
        var actual = await index.SearchProvidersAsync(widest.Need, query, Ct);
        Assert.Equal(widest.Expected.Select(c => c.Provider), actual.Select(c => c.Provider));
        Assert.True(_target.Emulator.Requests.Count(r => r.Path.EndsWith("_search", StringComparison.Ordinal)) > 2);
        Assert.Contains(_target.Emulator.Requests, r => r.Body.Contains("\"search_after\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedRebuild_LeavesTheOldIndicesServing_AndNoneHalfBuilt()
    {
        var index = _target.Index(change: s => s["Matching:Elasticsearch:Retries"] = "0");
        var world = new RandomWorld(5, 100, 40);
        await index.ReplaceAllAsync(world.Providers, world.Needs, Ct);
        var before = _target.Emulator!.IndexNames.ToHashSet();
        var serving = _target.Emulator.AliasTarget(index.ProvidersAlias);

        _target.Emulator.FailNext(1, 503); // the new providers index cannot be created
        await Assert.ThrowsAsync<ElasticsearchException>(() => index.RebuildAsync(world.Providers.Take(10), [], null, null, Ct));

        Assert.Equal(serving, _target.Emulator.AliasTarget(index.ProvidersAlias));
        Assert.Equal(before, _target.Emulator.IndexNames.ToHashSet());
        Assert.Equal(world.Providers.Count(p => p.IsActive), (await index.CountAsync(Ct)).Providers);
    }

    [Fact]
    public async Task VersionedChanges_NeverGoBack()
    {
        var index = _target.Index(new MatchingWeights());
        var world = new RandomWorld(9, 80, 30);
        await index.ReplaceAllAsync(world.Providers, world.Needs, Ct);
        var active = world.Providers.First(p => p.IsActive);
        var need = world.Needs[0];

        await index.ApplyAsync([(active.Ref, active with { IsActive = false }, 10)], [(need.NeedId, null, 10)], Ct);
        await index.ApplyAsync([(active.Ref, active, 9)], [(need.NeedId, need, 9)], Ct); // late: older numbers
        var counts = await index.CountAsync(Ct);
        Assert.Equal(world.Providers.Count(p => p.IsActive) - 1, counts.Providers);
        Assert.Equal(world.Needs.Count - 1, counts.OpenNeeds);

        await index.ApplyAsync([(active.Ref, active, 11)], [(need.NeedId, need, 11)], Ct);
        counts = await index.CountAsync(Ct);
        Assert.Equal(world.Providers.Count(p => p.IsActive), counts.Providers);
        Assert.Equal(world.Needs.Count, counts.OpenNeeds);
    }

    [Fact]
    public async Task AClusterThatIsDown_IsReportedAsUnavailable()
    {
        var index = _target.Index(change: s => s["Matching:Elasticsearch:Retries"] = "1");
        await index.CountAsync(Ct);
        await _target.Emulator!.StopAsync();
        var e = await Assert.ThrowsAsync<ElasticsearchException>(() => index.SearchProvidersAsync(new RandomWorld(1, 10, 5).Needs[0], new ProviderQuery(5, RandomWorld.Today), Ct).AsTask());
        Assert.True(e.IsUnavailable);
        await _target.Emulator.RestartAsync();
        await index.CountAsync(Ct);
    }
}
