using System.Globalization;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Matching.Elasticsearch;

/// The candidate index on an Elasticsearch cluster, for deployments that outgrow one machine.
/// The cluster stores providers and open needs (two aliases over versioned indices) and applies
/// every hard rule as a filter (<see cref="HardRuleFilters"/>); what passes is read back whole,
/// page by page, and ordered and explained by the same pure <see cref="Ranker"/> as the embedded
/// index, with the same text similarity, so both give the same proposals in the same order.
/// Rebuilding writes new indices and switches the aliases in one atomic step: searches never
/// see a half-built index.
///
/// Consistency: a single write (Upsert…/Remove…) does not wait for a refresh (with refresh=wait_for
/// each one would wait up to the refresh interval, half a second on average); instead the adapter
/// remembers that it wrote to an alias and refreshes that alias once before its next search or count
/// there, so it reads its own writes, and a run of writes costs one refresh, not one each. The feed
/// relay's bulk writes take <see cref="ElasticsearchOptions.Refresh"/> (one refresh per batch);
/// other nodes see a change after that refresh or the index's refresh interval (1 s).
public sealed class ElasticsearchCandidateIndex(ElasticsearchClient client, IOptions<ElasticsearchOptions> options, MatchingWeights weights) : ICandidateIndex
{
    /// The version of the mapping and of the documents' shape; a cluster holding another is rebuilt.
    public const string SchemaVersion = "1";

    private readonly SemaphoreSlim _ensuring = new(1, 1);
    private volatile bool _ensured;
    private readonly int[] _written = new int[2]; // per alias (providers, needs): 1 when written since its last refresh

    private ElasticsearchOptions Options => options.Value;
    public string ProvidersAlias => Options.IndexPrefix + "-providers";
    public string NeedsAlias => Options.IndexPrefix + "-needs";

    /// The row of IndexCursors that says how far this index applied the feed: per prefix and
    /// schema, so a new schema or another prefix starts with a rebuild.
    public string CursorName => $"{CursorFamily}v{SchemaVersion}";

    public string CursorFamily => $"elasticsearch:{Options.IndexPrefix}:";

    public TimeSpan RebuildEvery => Options.RebuildEvery;

    /// Where it is, for the admin page: the cluster's nodes (without credentials) and the aliases.
    public string Where => $"{string.Join(", ", Options.Nodes.Select(ElasticsearchProduct.Display))} · {ProvidersAlias}, {NeedsAlias}";

    /// Both aliases point at an index (false on a new or wiped cluster).
    public async Task<bool> ExistsAsync(CancellationToken ct) =>
        (await client.AliasTargetsAsync(ProvidersAlias, ct)).Count > 0 && (await client.AliasTargetsAsync(NeedsAlias, ct)).Count > 0;

    public async ValueTask ReplaceAllAsync(IEnumerable<ProviderProfile> providers, IEnumerable<NeedProfile> openNeeds, CancellationToken ct = default) =>
        await RebuildAsync(providers, openNeeds, null, null, ct);

    /// Builds new indices from the profiles, then points the aliases at them and drops the old
    /// ones in one atomic step. With a <paramref name="version"/> (the last index change the
    /// profiles include), documents carry it as their external version, so the changes after it
    /// replayed from the feed apply and repeats of older ones do not. <paramref name="progress"/>
    /// hears the documents written so far.
    public async Task RebuildAsync(IEnumerable<ProviderProfile> providers, IEnumerable<NeedProfile> openNeeds, long? version, IProgress<int>? progress,
        CancellationToken ct)
    {
        var suffix = DateTime.UtcNow.ToString("yyyyMMdd-HHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var newProviders = $"{ProvidersAlias}-{suffix}";
        var newNeeds = $"{NeedsAlias}-{suffix}";
        try
        {
            await client.CreateIndexAsync(newProviders, Definition(ProviderDocument.Mapping), ct);
            await client.CreateIndexAsync(newNeeds, Definition(NeedDocument.Mapping), ct);
            var written = 0;
            foreach (var chunk in providers.Chunk(Options.BulkSize))
            {
                await client.BulkAsync(chunk.Select(p => (Action(newProviders, ProviderDocument.KeyOf(p.Ref), version), (object?)ProviderDocument.Of(p))).ToList(), null, ct);
                progress?.Report(written += chunk.Length);
            }
            foreach (var chunk in openNeeds.Chunk(Options.BulkSize))
            {
                await client.BulkAsync(chunk.Select(n => (Action(newNeeds, NeedDocument.KeyOf(n.NeedId), version), (object?)NeedDocument.Of(n))).ToList(), null, ct);
                progress?.Report(written += chunk.Length);
            }
            await client.RefreshAsync(newProviders, ct);
            await client.RefreshAsync(newNeeds, ct);
            await SwitchAsync([(ProvidersAlias, newProviders), (NeedsAlias, newNeeds)], ct);
            _ensured = true;
        }
        catch
        {
            // Never leave half-built indices behind; the aliases still point at the old ones.
            foreach (var index in new[] { newProviders, newNeeds })
            {
                try { await client.DeleteIndexAsync(index, CancellationToken.None); }
                catch (ElasticsearchException) { } // unreachable now: a later rebuild's switch does not point at it either
            }
            throw;
        }
    }

    private static BulkAction Action(string index, string id, long? version) =>
        version is { } v ? new BulkAction(index, id) { Version = v, VersionType = "external" } : new BulkAction(index, id);

    /// Applies changes relayed from the index feed in one bulk request: a profile is written, a
    /// null one (a provider or need gone, or a need no longer open) deleted, each with its feed
    /// number as external version — a write older than what the document holds is skipped.
    public async Task ApplyAsync(IReadOnlyList<(ProviderRef Ref, ProviderProfile? Profile, long Version)> providers,
        IReadOnlyList<(long NeedId, NeedProfile? Profile, long Version)> needs, CancellationToken ct)
    {
        if (providers.Count == 0 && needs.Count == 0) return;
        await EnsureAsync(ct);
        var operations = providers.Select(p => (Action(ProvidersAlias, ProviderDocument.KeyOf(p.Ref), p.Version), (object?)(p.Profile is { } profile ? ProviderDocument.Of(profile) : null)))
            .Concat(needs.Select(n => (Action(NeedsAlias, NeedDocument.KeyOf(n.NeedId), n.Version), (object?)(n.Profile is { } profile ? NeedDocument.Of(profile) : null))))
            .ToList();
        await client.BulkAsync(operations, Options.Refresh, ct);
    }

    /// Points each alias at its new index and removes the indices it pointed at, atomically.
    private async Task SwitchAsync(IReadOnlyList<(string Alias, string Index)> switches, CancellationToken ct)
    {
        var actions = new List<AliasAction>();
        foreach (var (alias, index) in switches)
        {
            actions.Add(new AliasAction { Add = new AliasTarget(index, alias) });
            foreach (var old in await client.AliasTargetsAsync(alias, ct))
                if (old != index) actions.Add(new AliasAction { RemoveIndex = new IndexTarget(old) });
        }
        await client.UpdateAliasesAsync(new UpdateAliasesRequest(actions), ct);
    }

    private CreateIndexRequest Definition(IReadOnlyDictionary<string, FieldMapping> properties) => new(
        new IndexSettings(Options.Shards, Options.Replicas, "1s"),
        new IndexMappings("strict", new Dictionary<string, string> { ["schema"] = SchemaVersion, ["writer"] = "FiveSocieties" }, properties));

    /// The aliases exist (empty indices on a new cluster) before the first write or search.
    private async ValueTask EnsureAsync(CancellationToken ct)
    {
        if (_ensured) return;
        await _ensuring.WaitAsync(ct);
        try
        {
            if (_ensured) return;
            var missing = new List<(string Alias, string Index)>();
            foreach (var (alias, mapping) in new[] { (ProvidersAlias, ProviderDocument.Mapping), (NeedsAlias, NeedDocument.Mapping) })
            {
                if ((await client.AliasTargetsAsync(alias, ct)).Count > 0) continue;
                // A fixed first name: nodes starting together create it once.
                var first = alias + "-initial";
                if (!await client.IndexExistsAsync(first, ct))
                {
                    try { await client.CreateIndexAsync(first, Definition(mapping), ct); }
                    catch (ElasticsearchException e) when (e.ErrorType == "resource_already_exists_exception") { }
                }
                missing.Add((alias, first));
            }
            if (missing.Count > 0)
                await client.UpdateAliasesAsync(new UpdateAliasesRequest(missing.Select(m => new AliasAction { Add = new AliasTarget(m.Index, m.Alias) }).ToList()), ct);
            _ensured = true;
        }
        finally
        {
            _ensuring.Release();
        }
    }

    public async ValueTask UpsertProviderAsync(ProviderProfile provider, CancellationToken ct = default)
    {
        await EnsureAsync(ct);
        await client.IndexAsync(ProvidersAlias, ProviderDocument.KeyOf(provider.Ref), ProviderDocument.Of(provider), null, null, ct);
        Volatile.Write(ref _written[0], 1);
    }

    public async ValueTask RemoveProviderAsync(ProviderRef provider, CancellationToken ct = default)
    {
        await EnsureAsync(ct);
        await client.DeleteAsync(ProvidersAlias, ProviderDocument.KeyOf(provider), null, null, ct);
        Volatile.Write(ref _written[0], 1);
    }

    public async ValueTask UpsertNeedAsync(NeedProfile need, CancellationToken ct = default)
    {
        await EnsureAsync(ct);
        await client.IndexAsync(NeedsAlias, NeedDocument.KeyOf(need.NeedId), NeedDocument.Of(need), null, null, ct);
        Volatile.Write(ref _written[1], 1);
    }

    public async ValueTask RemoveNeedAsync(long needId, CancellationToken ct = default)
    {
        await EnsureAsync(ct);
        await client.DeleteAsync(NeedsAlias, NeedDocument.KeyOf(needId), null, null, ct);
        Volatile.Write(ref _written[1], 1);
    }

    /// Before a read: the alias refreshed once if this adapter wrote to it since (read your own writes).
    /// The flag is cleared first, so a write made during the refresh asks for the next one.
    private async ValueTask ReadyToReadAsync(string alias, CancellationToken ct)
    {
        await EnsureAsync(ct);
        var which = alias == ProvidersAlias ? 0 : 1;
        if (Interlocked.Exchange(ref _written[which], 0) == 0) return;
        try
        {
            await client.RefreshAsync(alias, ct);
        }
        catch
        {
            Volatile.Write(ref _written[which], 1);
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<RankedCandidate>> SearchProvidersAsync(NeedProfile need, ProviderQuery query, CancellationToken ct = default)
    {
        var top = Math.Clamp(query.Top, 0, ProviderQuery.MaxTop);
        if (top == 0) return [];
        await ReadyToReadAsync(ProvidersAlias, ct);
        var text = TextVector.Of(need.Text);
        var candidates = new List<(ProviderProfile, double)>();
        await foreach (var document in AllAsync<ProviderDocument>(ProvidersAlias, HardRuleFilters.ForProviders(need, query), ct))
        {
            var provider = document.ToProfile();
            // The radius was tested with a metre's slack for the cluster's geo precision: exactly here.
            if (!query.Allows(provider.Ref.Kind) || !HardRules.Passes(need, provider, query.Today)) continue;
            candidates.Add((provider, ChineseText.Similarity(text, TextVector.Of(provider.Text))));
        }
        return Ranker.Rank(need, candidates, weights, top);
    }

    public async ValueTask<IReadOnlyList<RankedNeed>> SearchNeedsAsync(ProviderProfile provider, NeedQuery query, CancellationToken ct = default)
    {
        var top = Math.Clamp(query.Top, 0, NeedQuery.MaxTop);
        if (top == 0 || HardRuleFilters.ForNeeds(provider, query) is not { } filter) return [];
        await ReadyToReadAsync(NeedsAlias, ct);
        var text = TextVector.Of(provider.Text);
        var ranked = new List<RankedNeed>();
        await foreach (var document in AllAsync<NeedDocument>(NeedsAlias, filter, ct))
        {
            var need = document.ToProfile();
            if (!HardRules.Passes(need, provider, query.Today)) continue;
            ranked.Add(Ranker.ScoreNeed(need, provider, ChineseText.Similarity(TextVector.Of(need.Text), text), weights));
        }
        ranked.Sort(Ranker.Compare);
        return ranked.Count > top ? ranked.GetRange(0, top) : ranked;
    }

    /// Every document the filter lets through, in pages sorted by key (search_after).
    private async IAsyncEnumerable<T> AllAsync<T>(string alias, Query filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        IReadOnlyList<string>? after = null;
        var sort = new[] { new Dictionary<string, string> { ["key"] = "asc" } };
        while (true)
        {
            var page = await client.SearchAsync<T>(alias, new SearchRequest(filter, Options.PageSize, sort) { SearchAfter = after }, ct);
            foreach (var hit in page.Hits.Hits) yield return hit.Source;
            if (page.Hits.Hits.Count < Options.PageSize) yield break;
            after = [page.Hits.Hits[^1].Sort is [var last, ..] ? last.ToString() : page.Hits.Hits[^1].Id];
        }
    }

    public async ValueTask<IndexCounts> CountAsync(CancellationToken ct = default)
    {
        await ReadyToReadAsync(ProvidersAlias, ct);
        await ReadyToReadAsync(NeedsAlias, ct);
        // As the embedded index counts: the providers that may be proposed (paused ones are kept, inactive).
        var providers = await client.CountAsync(ProvidersAlias, new CountRequest(Query.Term("active", true)), ct);
        var needs = await client.CountAsync(NeedsAlias, new CountRequest(new MatchAll()), ct);
        return new IndexCounts((int)providers, (int)needs);
    }
}
