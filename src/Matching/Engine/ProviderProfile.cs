using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Engine;

/// What the engine knows of one provider, whatever its kind: a flat snapshot taken from the
/// resource (see <see cref="ProviderProfiles"/>), cheap to index and to test hard rules against.
public sealed record ProviderProfile
{
    public required ProviderRef Ref { get; init; }
    public required string Name { get; init; }
    public required bool IsActive { get; init; }
    public required IReadOnlyList<string> ServiceCodes { get; init; }
    public required DivisionCode HomeRegion { get; init; }
    public GeoPoint? Location { get; init; }

    /// Volunteers serve within a radius of home; others within <see cref="ServiceArea"/>.
    public double? RadiusKm { get; init; }
    public IReadOnlyList<DivisionCode> ServiceArea { get; init; } = [];

    /// Free task places, cases left this month, or places left; null when not limited (funds).
    public int? CapacityLeft { get; init; }
    public Money? RemainingBudget { get; init; }
    public Money? MaxPerGrant { get; init; }

    /// Groups a fund or project may serve; empty means all.
    public IReadOnlyList<BeneficiaryGroup> EligibleGroups { get; init; } = [];
    public WeeklySlots Availability { get; init; }
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// Last day a volunteer's background check is valid; null when none.
    public DateOnly? BackgroundCheckValidUntil { get; init; }

    /// A micro-grant project's period.
    public DateOnly? ActiveFrom { get; init; }
    public DateOnly? ActiveUntil { get; init; }

    public string Text { get; init; } = "";
    public ProviderRecord Record { get; init; } = ProviderRecord.Empty;
}

/// The provider's track record and current load, for ranking.
public readonly record struct ProviderRecord(int Accepted, int Completed, int RatingCount, int RatingSum, int CurrentLoad, int RecentProposals)
{
    public static ProviderRecord Empty => default;
}

/// What the engine knows of a need when looking for providers.
public sealed record NeedProfile
{
    public required long NeedId { get; init; }
    public required string ItemCode { get; init; }
    public required IReadOnlyList<BeneficiaryGroup> Groups { get; init; }
    public required DivisionCode Village { get; init; }

    /// The need's own position, or its village's.
    public GeoPoint? Location { get; init; }
    public WeeklySlots Slots { get; init; }
    public Money? Amount { get; init; }
    public IReadOnlyList<string> Skills { get; init; } = [];
    public bool InvolvesChildren { get; init; }
    public string Text { get; init; } = "";

    /// Providers that declined this need: never proposed again.
    public IReadOnlySet<ProviderRef> Excluded { get; init; } = new HashSet<ProviderRef>();

    public string AreaCode => ServiceCode.AreaOf(ItemCode);
}
