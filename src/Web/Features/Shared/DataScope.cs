using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Web.Features.Shared;

/// What the caller may see and act on, applied to every query: deny by default. A station worker
/// covers the villages of the station's township, a committee its village, a county administrator
/// the county; a resident sees the needs they posted, a volunteer or an organisation its own
/// records; a system administrator everything. Records outside the scope are simply not found.
public sealed class DataScope
{
    private readonly HashSet<DivisionCode> _within;    // the area and every region inside it
    private readonly HashSet<DivisionCode> _reaching;  // … plus the regions above it (a county-wide service reaches a village)

    private DataScope(UserContext user, DivisionCode? area, RegionTree? tree)
    {
        User = user;
        Area = area;
        if (area is { } a && tree is not null)
        {
            _within = tree.Within(a).Select(r => r.Code).Append(a).ToHashSet();
            Villages = tree.VillagesWithin(a).Select(r => r.Code).ToList();
            _reaching = _within.Concat(tree.SelfAndAncestors(a)).ToHashSet();
        }
        else
        {
            _within = [];
            _reaching = [];
            Villages = [];
        }
    }

    public UserContext User { get; }

    /// The county, township or village the caller oversees; null for the others.
    public DivisionCode? Area { get; }

    /// The system administrator sees every record.
    public bool IsEverything => User.Is(AppRoles.SystemAdmin);

    /// Villages the caller may post for, list and broker in (empty for non-area roles).
    public IReadOnlyList<DivisionCode> Villages { get; }

    public bool HasArea => Area is not null;

    /// The pickers of this scope offer every village: the system administrator, and callers who may
    /// name any place (<see cref="Everywhere"/>: a resident signing up, a volunteer moving house).
    public bool OffersEveryVillage => IsEverything || _coversEverything;

    public static async Task<DataScope> ForAsync(UserContext user, RegionDirectory regions, CancellationToken ct)
    {
        var area = user.Role is AppRoles.CountyAdmin or AppRoles.StationWorker or AppRoles.CommitteeStaff ? user.Region : null;
        return new DataScope(user, area, area is null ? null : await regions.GetAsync(ct));
    }

    /// For checks where the caller may name any place (a resident registering, a volunteer moving
    /// house): covers everything, lists nothing.
    public static DataScope Everywhere(UserContext user) => new(user, null, null) { _coversEverything = true };

    /// A scope over several areas (an organisation's service area), for checking where its funds
    /// and projects may be registered.
    public static async Task<DataScope> ForAreasAsync(UserContext user, IEnumerable<DivisionCode> areas, RegionDirectory regions, CancellationToken ct)
    {
        var tree = await regions.GetAsync(ct);
        var scope = new DataScope(user, null, null);
        foreach (var area in areas) scope._within.UnionWith(tree.Within(area).Select(r => r.Code).Append(area));
        return scope;
    }

    private bool _coversEverything;

    /// Is this village (or region) inside the caller's area?
    public bool Covers(DivisionCode code) => IsEverything || _coversEverything || _within.Contains(code);

    public IQueryable<Need> Needs(IQueryable<Need> needs)
    {
        if (IsEverything) return needs;
        if (Area is { } area) return Within(needs, area);
        if (User.Is(AppRoles.Resident))
        {
            var id = User.Id;
            return needs.Where(n => n.Requester.PostedById == id);
        }
        return needs.Where(_ => false);
    }

    /// Needs of a village, township or county: one equality on an indexed column.
    public static IQueryable<Need> Within(IQueryable<Need> needs, DivisionCode area) => area.Level switch
    {
        RegionLevel.Village => needs.Where(n => n.VillageCode == area),
        RegionLevel.Township => needs.Where(n => EF.Property<DivisionCode>(n, QueryColumns.TownshipCode) == area),
        RegionLevel.County => needs.Where(n => EF.Property<DivisionCode>(n, QueryColumns.CountyCode) == area),
        _ => needs.Where(_ => false), // a city or province administrator is not a role yet
    };

    public IQueryable<Volunteer> Volunteers(IQueryable<Volunteer> volunteers)
    {
        if (IsEverything) return volunteers;
        if (Area is not null)
        {
            var within = _within.ToList();
            return volunteers.Where(v => within.Contains(v.HomeRegionCode));
        }
        if (User.VolunteerId is { } own && User.Is(AppRoles.Volunteer)) return volunteers.Where(v => v.Id == own);
        return volunteers.Where(_ => false);
    }

    /// Organisations registered in the area, or serving it.
    public IQueryable<SocialOrganisation> Organisations(IQueryable<SocialOrganisation> organisations)
    {
        if (IsEverything) return organisations;
        if (Area is not null)
        {
            var within = _within.ToList();
            var reaching = _reaching.ToList();
            return organisations.Where(o => within.Contains(o.HomeRegionCode) || o.ServiceArea.Any(a => reaching.Contains(a)));
        }
        if (User.OrganisationId is { } own && User.Is(AppRoles.OrganisationStaff)) return organisations.Where(o => o.Id == own);
        return organisations.Where(_ => false);
    }

    public IQueryable<CharitableFund> Funds(IQueryable<CharitableFund> funds)
    {
        if (IsEverything) return funds;
        if (Area is not null)
        {
            var within = _within.ToList();
            var reaching = _reaching.ToList();
            return funds.Where(f => within.Contains(f.HomeRegionCode) || f.RegionScope.Any(a => reaching.Contains(a)));
        }
        if (User.OrganisationId is { } own && User.Is(AppRoles.OrganisationStaff)) return funds.Where(f => f.ManagerOrganisationId == own);
        return funds.Where(_ => false);
    }

    public IQueryable<MicroGrantProject> MicroGrants(IQueryable<MicroGrantProject> projects)
    {
        if (IsEverything) return projects;
        if (Area is not null)
        {
            var within = _within.ToList();
            var reaching = _reaching.ToList();
            return projects.Where(p => within.Contains(p.HomeRegionCode) || p.RegionScope.Any(a => reaching.Contains(a)));
        }
        if (User.OrganisationId is { } own && User.Is(AppRoles.OrganisationStaff)) return projects.Where(p => p.OwnerOrganisationId == own);
        return projects.Where(_ => false);
    }

    /// Approval belongs to the level that oversees the provider's home: stations approve volunteers
    /// and organisations of their township, the county approves funds and micro-grant projects.
    public bool MayApprove(Resource resource) => resource switch
    {
        Volunteer or SocialOrganisation => (User.Is(AppRoles.StationWorker) || IsEverything) && Covers(resource.HomeRegionCode),
        CharitableFund or MicroGrantProject => (User.Is(AppRoles.CountyAdmin) || IsEverything) && Covers(resource.HomeRegionCode),
        _ => false,
    };
}
