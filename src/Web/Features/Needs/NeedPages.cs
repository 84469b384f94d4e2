using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Needs;

public sealed record CatalogueOption(string Code, string Name, string AreaCode, string AreaName, ServiceTier Tier);
public sealed record VillageOption(string Code, string Name);

public sealed class NeedFormModel
{
    public required NeedInput Input { get; init; }
    public long? Id { get; init; }
    public required IReadOnlyList<CatalogueOption> Catalogue { get; init; }

    /// Villages to choose from; empty when the poster's own village is used (resident, committee).
    public required IReadOnlyList<VillageOption> Villages { get; init; }
    public string? FixedVillage { get; init; }

    /// Committees and workers record a need for someone else, with that person's consent.
    public bool ForSomeoneElse { get; init; }
}

public sealed class NeedListModel
{
    public required NeedFilter Filter { get; init; }
    public required Page<NeedRow> Page { get; init; }
    public required IReadOnlyDictionary<string, string> ServiceNames { get; init; }
    public required RegionTree Regions { get; init; }
    public required IReadOnlyList<CatalogueOption> Catalogue { get; init; }
    public required IReadOnlyList<VillageOption> Villages { get; init; }
    public bool CanPost { get; init; }
    public bool ShowFilters { get; init; }
}

public sealed class NeedDetailsModel
{
    public required Need Need { get; init; }
    public required string ServiceName { get; init; }
    public required string AreaName { get; init; }
    public required string VillagePath { get; init; }
    public bool CanEdit { get; init; }
    public bool CanCancel { get; init; }
    public bool CanRevealContact { get; init; }
    public string? RevealedContact { get; init; }

    /// The engine's proposals, for the staff who broker them; null for others.
    public Matches.NeedProposals? Proposals { get; init; }
    public bool CanRerun { get; init; }

    /// The station may offer, withdraw, and record service for a provider who phoned in.
    public bool CanBroker { get; init; }

    /// The providers asked so far and what came of it, for everyone who may see the need.
    public IReadOnlyList<Matches.ProposalView> Steps { get; init; } = [];

    /// The caller rates as this source, or may not rate.
    public FiveSocieties.Matching.Matches.FeedbackSource? RatesAs { get; init; }

    /// Events up to this one are on the page; its script follows from there.
    public long EventCursor { get; init; }

    public bool MayRate(FiveSocieties.Matching.Matches.Match match) =>
        RatesAs is { } source && match.Status == FiveSocieties.Matching.Matches.MatchStatus.Completed && match.Feedback.All(f => f.Source != source);
}

/// Reads the pages need besides the need itself: catalogue choices, villages, names.
public sealed class NeedPages(FiveSocietiesDbContext db, RegionDirectory regions)
{
    public ValueTask<RegionTree> RegionsAsync(CancellationToken ct) => regions.GetAsync(ct);

    public async Task<IReadOnlyList<CatalogueOption>> CatalogueAsync(CancellationToken ct)
    {
        var areas = await db.ServiceAreas.AsNoTracking().ToDictionaryAsync(a => a.Code, ct);
        var items = await db.ServiceItems.AsNoTracking().Where(i => i.IsActive).OrderBy(i => i.SortOrder).ToListAsync(ct);
        return items.Select(i => new CatalogueOption(i.Code, i.Name, i.AreaCode, areas[i.AreaCode].Name, i.Tier)).ToList();
    }

    /// Names of the catalogue's codes as a provider lists them: items by name, areas as "助老服务（全部）"
    /// (a provider serving an area serves every item in it).
    public static IReadOnlyDictionary<string, string> ServiceNames(IReadOnlyList<CatalogueOption> catalogue)
    {
        var names = catalogue.ToDictionary(c => c.Code, c => c.Name);
        foreach (var c in catalogue) names[c.AreaCode] = c.AreaName + "（全部）";
        return names;
    }

    public async Task<IReadOnlyList<VillageOption>> VillagesAsync(DataScope scope, CancellationToken ct)
    {
        var tree = await regions.GetAsync(ct);
        var villages = scope.OffersEveryVillage
            ? tree.All.Where(r => r.Level == Matching.Regions.RegionLevel.Village).Select(r => r.Code)
            : scope.Villages;
        return villages.OrderBy(c => c).Select(c => new VillageOption(c.Value, tree.ShortPath(c))).ToList();
    }

    public async Task<NeedFormModel> FormAsync(DataScope scope, NeedInput input, long? id, CancellationToken ct)
    {
        var tree = await regions.GetAsync(ct);
        var ownVillage = scope.User.IsAny(Infrastructure.Identity.AppRoles.Resident, Infrastructure.Identity.AppRoles.CommitteeStaff)
            ? scope.User.Region
            : null;
        return new NeedFormModel
        {
            Input = input,
            Id = id,
            Catalogue = await CatalogueAsync(ct),
            Villages = ownVillage is null ? await VillagesAsync(scope, ct) : [],
            FixedVillage = ownVillage is { } v ? tree.ShortPath(v) : null,
            ForSomeoneElse = !scope.User.Is(Infrastructure.Identity.AppRoles.Resident),
        };
    }

    public async Task<(string Service, string Area, string Village)> NamesAsync(Need need, CancellationToken ct)
    {
        var item = await db.ServiceItems.AsNoTracking().SingleAsync(i => i.Code == need.ServiceItemCode, ct);
        var area = await db.ServiceAreas.AsNoTracking().SingleAsync(a => a.Code == item.AreaCode, ct);
        return (item.Name, area.Name, (await regions.GetAsync(ct)).ShortPath(need.VillageCode));
    }
}
