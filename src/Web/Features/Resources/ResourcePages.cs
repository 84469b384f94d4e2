using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Privacy;
using FiveSocieties.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Resources;

public sealed record Option(string Value, string Text);

public sealed class ResourceListModel
{
    public required ResourceFilter Filter { get; init; }
    public required Page<ResourceRow> Page { get; init; }
    public required RegionTree Regions { get; init; }
    public required IReadOnlyDictionary<string, string> ServiceNames { get; init; }
    public required IReadOnlyList<CatalogueOption> Catalogue { get; init; }
    public required IReadOnlyList<Option> Places { get; init; }
    public required IReadOnlySet<ResourceKind> MayCreate { get; init; }
}

public sealed class ResourceDetailsModel
{
    public required ResourceKind Kind { get; init; }
    public required Resource Resource { get; init; }
    public required RegionTree Regions { get; init; }
    public required IReadOnlyDictionary<string, string> ServiceNames { get; init; }
    public required IReadOnlyList<ApprovalAction> Actions { get; init; }
    public bool CanEdit { get; init; }
    public bool CanTopUp { get; init; }
    public bool CanRevealMobile { get; init; }
    public string? RevealedMobile { get; init; }
    public string? OrganisationName { get; init; }
}

public sealed class ResourceFormModel
{
    public required ResourceKind Kind { get; init; }
    public required object Input { get; init; }
    public long? Id { get; init; }
    public required IReadOnlyList<CatalogueOption> Catalogue { get; init; }
    public required IReadOnlyList<(string Code, string Name)> Areas { get; init; }
    public required IReadOnlyList<Option> Villages { get; init; }
    public required IReadOnlyList<Option> Places { get; init; }
    public required IReadOnlyList<Option> Organisations { get; init; }
    public bool ChoosesOrganisation { get; init; }
}

/// What the resource pages show besides the records: names, choices and allowed actions.
public sealed class ResourcePages(FiveSocietiesDbContext db, RegionDirectory regions, NeedPages needPages)
{
    public async Task<ResourceListModel> ListAsync(DataScope scope, ResourceFilter filter, Page<ResourceRow> page, CancellationToken ct)
    {
        var catalogue = await needPages.CatalogueAsync(ct);
        return new ResourceListModel
        {
            Filter = filter,
            Page = page,
            Regions = await regions.GetAsync(ct),
            ServiceNames = NeedPages.ServiceNames(catalogue),
            Catalogue = catalogue,
            Places = await PlacesAsync(scope, ct),
            MayCreate = MayCreate(scope.User),
        };
    }

    public async Task<ResourceDetailsModel?> DetailsAsync(DataScope scope, ResourceKind kind, long id, string? revealed, CancellationToken ct)
    {
        Resource? resource = kind switch
        {
            ResourceKind.Volunteer => await scope.Volunteers(db.Volunteers.AsNoTracking()).SingleOrDefaultAsync(v => v.Id == id, ct),
            ResourceKind.Organisation => await scope.Organisations(db.Organisations.AsNoTracking()).SingleOrDefaultAsync(o => o.Id == id, ct),
            ResourceKind.Fund => await scope.Funds(db.Funds.AsNoTracking()).SingleOrDefaultAsync(f => f.Id == id, ct),
            _ => await scope.MicroGrants(db.MicroGrantProjects.AsNoTracking()).SingleOrDefaultAsync(p => p.Id == id, ct),
        };
        if (resource is null) return null;
        var organisationId = resource switch
        {
            CharitableFund f => f.ManagerOrganisationId,
            MicroGrantProject p => p.OwnerOrganisationId,
            _ => null,
        };
        var keeps = ResourceService.MayKeep(scope, resource);
        return new ResourceDetailsModel
        {
            Kind = kind,
            Resource = resource,
            Regions = await regions.GetAsync(ct),
            ServiceNames = NeedPages.ServiceNames(await needPages.CatalogueAsync(ct)),
            Actions = Enum.GetValues<ApprovalAction>()
                .Where(a => ApprovalStateMachine.Next(resource.Status, a) is not null)
                .Where(a => a is ApprovalAction.Pause or ApprovalAction.Resume ? keeps : scope.MayApprove(resource))
                .ToList(),
            CanEdit = keeps,
            CanTopUp = keeps && resource is CharitableFund,
            CanRevealMobile = resource is Volunteer && PersonalDataLog.MayReveal(scope.User),
            RevealedMobile = revealed,
            OrganisationName = organisationId is { } o
                ? await db.Organisations.AsNoTracking().Where(x => x.Id == o).Select(x => x.Name).SingleOrDefaultAsync(ct)
                : null,
        };
    }

    public async Task<object?> InputForAsync(DataScope scope, ResourceKind kind, long id, CancellationToken ct)
    {
        var tree = await regions.GetAsync(ct);
        object? input = null;
        Resource? resource = null;
        switch (kind)
        {
            case ResourceKind.Volunteer:
                var v = await scope.Volunteers(db.Volunteers.AsNoTracking()).SingleOrDefaultAsync(x => x.Id == id, ct);
                (resource, input) = (v, v is null ? null : VolunteerInput.From(v, tree));
                break;
            case ResourceKind.Organisation:
                var o = await scope.Organisations(db.Organisations.AsNoTracking()).SingleOrDefaultAsync(x => x.Id == id, ct);
                (resource, input) = (o, o is null ? null : OrganisationInput.From(o));
                break;
            case ResourceKind.Fund:
                var f = await scope.Funds(db.Funds.AsNoTracking()).SingleOrDefaultAsync(x => x.Id == id, ct);
                (resource, input) = (f, f is null ? null : new FundInput
                {
                    Name = f.Name, Kind = f.FundKind, HomeRegion = f.HomeRegionCode.Value, Services = f.ServiceCodes.ToList(),
                    Groups = f.EligibleGroups.ToList(), RegionScope = f.RegionScope.Select(r => r.Value).ToList(),
                    TotalYuan = f.TotalBudget.Yuan, MaxPerGrantYuan = f.MaxPerGrant.Yuan, ManagerOrganisationId = f.ManagerOrganisationId,
                    Description = f.Description, ExternalId = f.ExternalId,
                });
                break;
            default:
                var p = await scope.MicroGrants(db.MicroGrantProjects.AsNoTracking()).SingleOrDefaultAsync(x => x.Id == id, ct);
                (resource, input) = (p, p is null ? null : new MicroGrantInput
                {
                    Name = p.Name, OwnerOrganisationId = p.OwnerOrganisationId, HomeRegion = p.HomeRegionCode.Value,
                    Services = p.ServiceCodes.ToList(), Groups = p.TargetGroups.ToList(), RegionScope = p.RegionScope.Select(r => r.Value).ToList(),
                    StartsOn = p.StartsOn, EndsOn = p.EndsOn, Places = p.PlacesTotal, BudgetYuan = p.Budget.Yuan,
                    Description = p.Description, ExternalId = p.ExternalId,
                });
                break;
        }
        return resource is not null && ResourceService.MayKeep(scope, resource) ? input : null;
    }

    public async Task<ResourceFormModel> FormAsync(DataScope scope, ResourceKind kind, object input, long? id, CancellationToken ct)
    {
        var catalogue = await needPages.CatalogueAsync(ct);
        return new ResourceFormModel
        {
            Kind = kind,
            Input = input,
            Id = id,
            Catalogue = catalogue,
            Areas = catalogue.Select(c => (c.AreaCode, c.AreaName)).Distinct().ToList(),
            Villages = kind == ResourceKind.Volunteer ? await VillagesAsync(scope, ct) : [],
            Places = await PlacesAsync(scope, ct),
            Organisations = await scope.Organisations(db.Organisations.AsNoTracking())
                .Where(o => o.Status == ApprovalStatus.Active)
                .OrderBy(o => o.Name).Select(o => new Option(o.Id.ToString(), o.Name)).ToListAsync(ct),
            ChoosesOrganisation = !scope.User.Is(AppRoles.OrganisationStaff) && kind is ResourceKind.Fund or ResourceKind.MicroGrant && id is null,
        };
    }

    /// Villages a volunteer may live in: any (the volunteer moves where they like), or the station's.
    private async Task<IReadOnlyList<Option>> VillagesAsync(DataScope scope, CancellationToken ct)
    {
        var tree = await regions.GetAsync(ct);
        var villages = scope.HasArea ? scope.Villages : tree.All.Where(r => r.Level == RegionLevel.Village).Select(r => r.Code);
        return villages.OrderBy(c => c).Select(c => new Option(c.Value, tree.ShortPath(c))).ToList();
    }

    /// The county and its townships and villages, for region filters and service areas.
    private async Task<IReadOnlyList<Option>> PlacesAsync(DataScope scope, CancellationToken ct)
    {
        var tree = await regions.GetAsync(ct);
        var roots = scope.Area is { } area
            ? [area]
            : tree.All.Where(r => r.Level == RegionLevel.County).Select(r => r.Code).ToList();
        return roots
            .SelectMany(root => tree.Within(root).Where(r => r.Level >= RegionLevel.County).Append(tree.Find(root)!).DistinctBy(r => r.Code))
            .OrderBy(r => r.Code)
            .Select(r => new Option(r.Code.Value, (r.Level == RegionLevel.Village ? "　　" : r.Level == RegionLevel.Township ? "　" : "") + tree.ShortPath(r.Code)))
            .ToList();
    }

    private static IReadOnlySet<ResourceKind> MayCreate(UserContext user) => user.Role switch
    {
        AppRoles.StationWorker => new HashSet<ResourceKind> { ResourceKind.Volunteer, ResourceKind.Organisation },
        AppRoles.CountyAdmin => new HashSet<ResourceKind> { ResourceKind.Organisation, ResourceKind.Fund, ResourceKind.MicroGrant },
        AppRoles.OrganisationStaff => new HashSet<ResourceKind> { ResourceKind.Fund, ResourceKind.MicroGrant },
        AppRoles.SystemAdmin => Enum.GetValues<ResourceKind>().ToHashSet(),
        _ => new HashSet<ResourceKind>(),
    };
}
