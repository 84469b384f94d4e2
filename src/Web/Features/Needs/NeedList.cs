using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Search;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Needs;

public enum NeedSort
{
    Newest,
    Oldest,
    Urgency,
}

/// The filters of the needs list (需求清单), from the query string of the page, the API or an export.
public sealed class NeedFilter : ListFilter
{
    public NeedStatus? Status { get; set; }
    public bool OpenOnly { get; set; }
    public BeneficiaryGroup? Group { get; set; }
    public Urgency? Urgency { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public NeedSort Sort { get; set; }

    public NeedFilter Normalised()
    {
        Normalise();
        return this;
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Values() =>
    [
        new("Status", Status?.ToString()),
        new("OpenOnly", OpenOnly ? "true" : null),
        new("Group", Group?.ToString()),
        new("Urgency", Urgency?.ToString()),
        new("From", From?.ToString("yyyy-MM-dd")),
        new("To", To?.ToString("yyyy-MM-dd")),
        new("Sort", Sort == NeedSort.Newest ? null : Sort.ToString()),
    ];
}

public sealed record NeedRow(
    long Id,
    string Title,
    NeedStatus Status,
    Urgency Urgency,
    string ServiceItemCode,
    DivisionCode VillageCode,
    IReadOnlyList<BeneficiaryGroup> Groups,
    RequesterKind RequesterKind,
    string BeneficiaryName,
    MobileNumber? ContactMobile,
    Quantity Quantity,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsSensitive => Groups.Any(g => g.IsSensitive());
}

/// The needs list: scope first, then filters, Chinese search, sort and keyset paging. The same
/// query serves the page, the API and the exports.
public sealed class NeedList(FiveSocietiesDbContext db, ITextSearch search)
{
    public const int ExportLimit = 100_000;

    public IQueryable<Need> Filtered(DataScope scope, NeedFilter filter)
    {
        var needs = scope.Needs(db.Needs.AsNoTracking());
        if (filter.Status is { } status) needs = needs.Where(n => n.Status == status);
        if (filter.OpenOnly)
        {
            var open = NeedStateMachine.Open.ToList();
            needs = needs.Where(n => open.Contains(n.Status));
        }
        if (!string.IsNullOrWhiteSpace(filter.Service))
        {
            var code = filter.Service.Trim();
            needs = code.Contains('.')
                ? needs.Where(n => n.ServiceItemCode == code)
                : needs.Where(n => n.ServiceItemCode.StartsWith(code + "."));
        }
        if (filter.Group is { } group)
        {
            var bit = QueryColumns.Bit(group);
            needs = needs.Where(n => (EF.Property<int>(n, QueryColumns.GroupMask) & bit) != 0);
        }
        if (filter.Urgency is { } urgency) needs = needs.Where(n => n.Urgency == urgency);
        if (DivisionCode.TryParse(filter.Region, out var region, out _)) needs = DataScope.Within(needs, region);
        // The page and the API refuse such dates; an export link typed by hand must not overflow either.
        if (filter.From is { } from && from >= InputRules.EarliestDate && from <= InputRules.LatestDate)
        {
            var start = ChinaTime.StartOf(from);
            needs = needs.Where(n => n.CreatedAt >= start);
        }
        if (filter.To is { } to && to >= InputRules.EarliestDate && to <= InputRules.LatestDate)
        {
            var end = ChinaTime.StartOf(to.AddDays(1));
            needs = needs.Where(n => n.CreatedAt < end);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q)) needs = search.Matching(needs, SearchTables.Needs, filter.Q);
        return needs;
    }

    public async Task<Page<NeedRow>> PageAsync(DataScope scope, NeedFilter filter, CancellationToken ct)
    {
        var needs = Filtered(scope, filter);
        var total = await Page<NeedRow>.CountAsync(Order(needs, filter.Sort), ct);
        var ordered = Order(After(needs, filter), filter.Sort);
        var size = Math.Clamp(filter.Size, 1, 100);
        var rows = await Project(ordered).Take(size + 1).ToListAsync(ct);
        string? next = null;
        if (rows.Count > size)
        {
            rows.RemoveAt(size);
            var last = rows[^1];
            next = new Keyset(QueryColumns.Rank(last.Urgency), last.CreatedAt.UtcTicks, last.Id).Encode();
        }
        return new Page<NeedRow>(rows, total, next);
    }

    public async Task<List<NeedRow>> AllAsync(DataScope scope, NeedFilter filter, CancellationToken ct) =>
        await Project(Order(Filtered(scope, filter), filter.Sort)).Take(ExportLimit).ToListAsync(ct);

    private static IQueryable<Need> After(IQueryable<Need> needs, NeedFilter filter)
    {
        if (Keyset.Decode(filter.After) is not { } key) return needs;
        var at = new DateTimeOffset(key.Ticks, TimeSpan.Zero);
        var id = key.Id;
        var rank = (int)key.Rank;
        return filter.Sort switch
        {
            NeedSort.Oldest => needs.Where(n => n.CreatedAt > at || n.CreatedAt == at && n.Id > id),
            NeedSort.Urgency => needs.Where(n => EF.Property<int>(n, QueryColumns.UrgencyRank) < rank
                                                 || EF.Property<int>(n, QueryColumns.UrgencyRank) == rank
                                                 && (n.CreatedAt < at || n.CreatedAt == at && n.Id < id)),
            _ => needs.Where(n => n.CreatedAt < at || n.CreatedAt == at && n.Id < id),
        };
    }

    private static IOrderedQueryable<Need> Order(IQueryable<Need> needs, NeedSort sort) => sort switch
    {
        NeedSort.Oldest => needs.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id),
        NeedSort.Urgency => needs.OrderByDescending(n => EF.Property<int>(n, QueryColumns.UrgencyRank))
            .ThenByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id),
        _ => needs.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id),
    };

    private static IQueryable<NeedRow> Project(IQueryable<Need> needs) => needs.Select(n => new NeedRow(
        n.Id, n.Title, n.Status, n.Urgency, n.ServiceItemCode, n.VillageCode, n.BeneficiaryGroups, n.Requester.Kind,
        n.Requester.BeneficiaryName, n.Requester.ContactMobile, n.Quantity, n.CreatedAt, n.UpdatedAt));
}
