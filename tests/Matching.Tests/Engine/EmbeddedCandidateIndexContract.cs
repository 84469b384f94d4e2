using FiveSocieties.Matching.Engine;

namespace FiveSocieties.Matching.Tests.Engine;

public sealed class EmbeddedCandidateIndexContract : CandidateIndexContract
{
    private readonly List<FiveSocieties.Matching.Engine.Embedded.EmbeddedCandidateIndex> _made = [];

    protected override Task<ICandidateIndex> CreateAsync(MatchingWeights weights)
    {
        var index = new FiveSocieties.Matching.Engine.Embedded.EmbeddedCandidateIndex(weights);
        _made.Add(index);
        return Task.FromResult<ICandidateIndex>(index);
    }

    /// After whatever a test did, the index's bookkeeping (slots, postings, the packed arena and
    /// its compactions) is still exact.
    protected override void AfterChanges()
    {
        foreach (var index in _made) Assert.Empty(index.Problems());
    }
}
