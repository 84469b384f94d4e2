using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Infrastructure.Search;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Resources;

public sealed class ResourceFilter : ListFilter
{
    public ResourceKind Kind { get; set; } = ResourceKind.Volunteer;
    public ApprovalStatus? Status { get; set; }

    public ResourceFilter Normalised()
    {
        Normalise();
        return this;
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Values() =>
        [new("Kind", Kind.ToString()), new("Status", Status?.ToString())];
}

/// One line of the resources list (资源清单), whatever the kind. Contacts are masked.
public sealed record ResourceRow(
    ResourceKind Kind,
    long Id,
    string Name,
    ApprovalStatus Status,
    DivisionCode HomeRegion,
    IReadOnlyList<string> ServiceCodes,
    string? MaskedContact,
    string Summary,
    DateTimeOffset CreatedAt);

/// The resources list: scope, filters, Chinese search, newest first with keyset paging.
public sealed class ResourceList(FiveSocietiesDbContext db, ITextSearch search, RegionDirectory regions)
{
    public async Task<Page<ResourceRow>> PageAsync(DataScope scope, ResourceFilter filter, CancellationToken ct)
    {
        var size = Math.Clamp(filter.Size, 1, 100);
        var after = Keyset.Decode(filter.After);
        var (rows, total) = filter.Kind switch
        {
            ResourceKind.Volunteer => await PageOf(await Filter(scope.Volunteers(db.Volunteers.AsNoTracking()), SearchTables.Volunteers, filter, ct), after, size, ct),
            ResourceKind.Organisation => await PageOf(await Filter(scope.Organisations(db.Organisations.AsNoTracking()), SearchTables.Organisations, filter, ct), after, size, ct),
            ResourceKind.Fund => await PageOf(await Filter(scope.Funds(db.Funds.AsNoTracking()), SearchTables.Funds, filter, ct), after, size, ct),
            _ => await PageOf(await Filter(scope.MicroGrants(db.MicroGrantProjects.AsNoTracking()), SearchTables.MicroGrantProjects, filter, ct), after, size, ct),
        };
        string? next = null;
        if (rows.Count > size)
        {
            rows.RemoveAt(size);
            next = new Keyset(0, rows[^1].CreatedAt.UtcTicks, rows[^1].Id).Encode();
        }
        return new Page<ResourceRow>(rows, total, next);
    }

    /// Every row of the filter (no paging), for exports.
    public async Task<List<ResourceRow>> AllAsync(DataScope scope, ResourceFilter filter, CancellationToken ct)
    {
        const int limit = 100_000;
        return filter.Kind switch
        {
            ResourceKind.Volunteer => Rows(await (await Filter(scope.Volunteers(db.Volunteers.AsNoTracking()), SearchTables.Volunteers, filter, ct)).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit).ToListAsync(ct)),
            ResourceKind.Organisation => Rows(await (await Filter(scope.Organisations(db.Organisations.AsNoTracking()), SearchTables.Organisations, filter, ct)).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit).ToListAsync(ct)),
            ResourceKind.Fund => Rows(await (await Filter(scope.Funds(db.Funds.AsNoTracking()), SearchTables.Funds, filter, ct)).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit).ToListAsync(ct)),
            _ => Rows(await (await Filter(scope.MicroGrants(db.MicroGrantProjects.AsNoTracking()), SearchTables.MicroGrantProjects, filter, ct)).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit).ToListAsync(ct)),
        };
    }

    private async Task<IQueryable<T>> Filter<T>(IQueryable<T> rows, string table, ResourceFilter filter, CancellationToken ct) where T : Resource
    {
        if (filter.Status is { } status) rows = rows.Where(r => r.Status == status);
        if (!string.IsNullOrWhiteSpace(filter.Service))
        {
            // A provider serves an item when it lists the item or its whole area.
            var code = filter.Service.Trim();
            var area = ServiceCode.AreaOf(code);
            rows = rows.Where(r => r.ServiceCodes.Contains(code) || r.ServiceCodes.Contains(area));
        }
        if (DivisionCode.TryParse(filter.Region, out var region, out _))
        {
            var within = (await regions.GetAsync(ct)).Within(region).Select(r => r.Code).Append(region).ToList();
            rows = rows.Where(r => within.Contains(r.HomeRegionCode));
        }
        if (!string.IsNullOrWhiteSpace(filter.Q)) rows = search.Matching(rows, table, filter.Q);
        return rows;
    }

    private static async Task<(List<ResourceRow>, int)> PageOf<T>(IQueryable<T> rows, Keyset? after, int size, CancellationToken ct) where T : Resource
    {
        var total = await Page<ResourceRow>.CountAsync(rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id), ct);
        if (after is { } key)
        {
            var at = new DateTimeOffset(key.Ticks, TimeSpan.Zero);
            var id = key.Id;
            rows = rows.Where(r => r.CreatedAt < at || r.CreatedAt == at && r.Id < id);
        }
        var page = await rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(size + 1).ToListAsync(ct);
        return (Rows(page), total);
    }

    private static List<ResourceRow> Rows<T>(IEnumerable<T> resources) where T : Resource =>
        resources.Select(r => new ResourceRow(r.Kind, r.Id, r.Name, r.Status, r.HomeRegionCode, r.ServiceCodes,
            Contact(r), Summary(r), r.CreatedAt)).ToList();

    private static string? Contact(Resource resource) => resource switch
    {
        Volunteer v => v.Mobile.Masked,
        SocialOrganisation o => o.ContactName + " " + o.ContactMobile.Masked,
        _ => null,
    };

    /// The figure a worker looks for first: skills and free places, cases left, money left.
    private static string Summary(Resource resource) => resource switch
    {
        Volunteer v => $"{string.Join("、", v.Skills.Take(4))} · 半径 {v.ServiceRadiusKm:0.#} 公里 · 可再接 {v.FreeTaskSlots} 项",
        SocialOrganisation o => $"每月可接 {o.MonthlyCapacity} 件 · 持证社工 {o.CertifiedSocialWorkers} 人",
        CharitableFund f => $"余额 {f.RemainingBudget} / {f.TotalBudget} · 单笔上限 {f.MaxPerGrant}",
        MicroGrantProject p => $"{p.StartsOn:yyyy-MM-dd} 至 {p.EndsOn:yyyy-MM-dd} · 剩余名额 {p.PlacesLeft}/{p.PlacesTotal}",
        _ => "",
    };
}
