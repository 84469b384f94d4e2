using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Tests.Engine;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch;

/// The candidate-index contract against the Elasticsearch adapter, talking HTTP to the emulator:
/// the adapter's filters, paging, documents and re-ranking must give the oracle's answers. Writes
/// become searchable only by an explicit refresh, so the changes tests show the adapter reads its
/// own writes without waiting for one on each write.
public sealed class EmulatedElasticsearchContract : CandidateIndexContract, IAsyncLifetime
{
    private ElasticsearchTarget? _target;

    public async ValueTask InitializeAsync() => _target = await ElasticsearchTarget.EmulatedAsync(scheduledRefresh: false);

    protected override Task<ICandidateIndex> CreateAsync(MatchingWeights weights) =>
        Task.FromResult<ICandidateIndex>(_target!.Index(weights));

    public async ValueTask DisposeAsync()
    {
        if (_target is not null) await _target.DisposeAsync();
    }
}

/// The same contract against a real cluster, whenever FIVESOCIETIES_ELASTICSEARCH_URL names one.
public sealed class ElasticsearchCandidateIndexContract : CandidateIndexContract, IAsyncLifetime
{
    private ElasticsearchTarget? _target;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    protected override Task<ICandidateIndex> CreateAsync(MatchingWeights weights)
    {
        _target ??= ElasticsearchTarget.Real();
        return Task.FromResult<ICandidateIndex>(_target.Index(weights));
    }

    public async ValueTask DisposeAsync()
    {
        if (_target is not null) await _target.DisposeAsync();
    }
}
