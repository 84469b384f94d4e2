using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Engine;

/// Which kinds of provider a need calls for: those its catalogue item usually needs (every kind
/// when the item names none), with a charitable fund exactly when money is asked. The engine
/// proposes one ranked list per kind, and a suggested bundle of the best of each.
public static class MatchPlan
{
    private static readonly ResourceKind[] Everyone = Enum.GetValues<ResourceKind>();

    public static IReadOnlyList<ResourceKind> KindsFor(IEnumerable<ResourceKind> usualKinds, Money? amountAsked)
    {
        var kinds = usualKinds.ToHashSet();
        if (kinds.Count == 0) kinds.UnionWith(Everyone);
        if (amountAsked is { IsPositive: true }) kinds.Add(ResourceKind.Fund);
        else kinds.Remove(ResourceKind.Fund);
        return kinds.Order().ToList();
    }

    /// The best of each kind: the suggested bundle when a need calls for several kinds.
    public static IReadOnlyList<T> Bundle<T>(IEnumerable<T> ranked, Func<T, ResourceKind> kindOf) =>
        ranked.GroupBy(kindOf).Select(g => g.First()).ToList();
}
