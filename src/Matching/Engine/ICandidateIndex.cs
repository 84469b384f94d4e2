using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Matches;

namespace FiveSocieties.Matching.Engine;

/// Where the engine finds candidates: providers for a need, and open needs for a provider. The
/// index is derived data, rebuilt from the database and kept current as things change; whatever
/// it is made of, it returns only pairs that pass every <see cref="HardRules">hard rule</see>,
/// ranked by <see cref="Ranker"/>, so every implementation gives the same answer.
public interface ICandidateIndex
{
    /// Replaces the whole content (start-up, or a rebuild on demand).
    ValueTask ReplaceAllAsync(IEnumerable<ProviderProfile> providers, IEnumerable<NeedProfile> openNeeds, CancellationToken ct = default);

    ValueTask UpsertProviderAsync(ProviderProfile provider, CancellationToken ct = default);
    ValueTask RemoveProviderAsync(ProviderRef provider, CancellationToken ct = default);

    /// An open need, waiting for providers (submitted or matching).
    ValueTask UpsertNeedAsync(NeedProfile need, CancellationToken ct = default);
    ValueTask RemoveNeedAsync(long needId, CancellationToken ct = default);

    /// The best providers for a need, best first.
    ValueTask<IReadOnlyList<RankedCandidate>> SearchProvidersAsync(NeedProfile need, ProviderQuery query, CancellationToken ct = default);

    /// The open needs a provider could serve, best first.
    ValueTask<IReadOnlyList<RankedNeed>> SearchNeedsAsync(ProviderProfile provider, NeedQuery query, CancellationToken ct = default);

    /// How many providers and open needs the index holds.
    ValueTask<IndexCounts> CountAsync(CancellationToken ct = default);
}

/// <param name="Today">China's date, for certificate validity and project periods.</param>
/// <param name="Kinds">Only these kinds of provider; empty means every kind.</param>
public sealed record ProviderQuery(int Top, DateOnly Today, IReadOnlySet<ResourceKind>? Kinds = null)
{
    public const int MaxTop = 200;

    public bool Allows(ResourceKind kind) => Kinds is not { Count: > 0 } || Kinds.Contains(kind);
}

public sealed record NeedQuery(int Top, DateOnly Today)
{
    public const int MaxTop = 500;
}

public readonly record struct IndexCounts(int Providers, int OpenNeeds);
