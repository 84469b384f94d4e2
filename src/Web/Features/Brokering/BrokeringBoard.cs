using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Infrastructure.Search;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Matches;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Brokering;

/// One need on the console: what, where, how urgent, by when, and its proposals.
public sealed record BoardItem(Need Need, string ServiceName, string VillageName, DateTimeOffset Deadline, bool IsOverdue,
    NeedProposals Proposals)
{
    /// Most urgent first, then the nearest deadline: the order the console shows (and the script keeps).
    public string SortKey => $"{9 - (int)Need.Urgency}-{Deadline.UtcTicks:D20}-{Need.Id:D12}";
}

public sealed record BoardFilter(string? Village, string? Area, bool OverdueOnly);

public sealed class BoardModel
{
    public required IReadOnlyList<BoardItem> Items { get; init; }
    public required BoardFilter Filter { get; init; }
    public required IReadOnlyList<VillageOption> Villages { get; init; }
    public required IReadOnlyList<CatalogueOption> Catalogue { get; init; }
    /// Events up to this one are in the page; the script follows from there.
    public required long EventCursor { get; init; }
    public bool CanBroker { get; init; }
    public int OverdueCount => Items.Count(i => i.IsOverdue);
}

/// The broker console's read side: the open needs of the caller's area (submitted or being
/// matched), most urgent first, each with its response deadline and proposals.
public sealed class BrokeringBoard(FiveSocietiesDbContext db, MatchReader proposals, NeedPages pages, RegionDirectory regions,
    TimeProvider clock, IOptions<BrokeringOptions> options)
{
    private const int Limit = 200;
    private static readonly NeedStatus[] OnBoard = [NeedStatus.Submitted, NeedStatus.Matching];

    public async Task<IReadOnlyList<BoardItem>> ItemsAsync(DataScope scope, BoardFilter filter, CancellationToken ct)
    {
        var list = await OnBoardFor(scope, filter).OrderByDescending(n => EF.Property<int>(n, QueryColumns.UrgencyRank)).ThenBy(n => n.SubmittedAt)
            .Take(Limit).ToListAsync(ct);
        return await ItemsOfAsync(list, ct);
    }

    /// One need's card, or null when it is not on this caller's board (any more) or does not fit
    /// the filter the console shows: the live console then removes it.
    public async Task<BoardItem?> ItemAsync(DataScope scope, long needId, BoardFilter filter, CancellationToken ct)
    {
        var need = await OnBoardFor(scope, filter).SingleOrDefaultAsync(n => n.Id == needId, ct);
        return need is null ? null : (await ItemsOfAsync([need], ct)).Single();
    }

    /// The open needs of the caller's area that fit the filter: the one rule for the page and its live cards.
    private IQueryable<Need> OnBoardFor(DataScope scope, BoardFilter filter)
    {
        var needs = scope.Needs(db.Needs.AsNoTracking()).Where(n => OnBoard.Contains(n.Status));
        if (filter.Village is { Length: > 0 } v && DivisionCode.TryParse(v, out var village, out _)) needs = needs.Where(n => n.VillageCode == village);
        if (filter.Area is { Length: > 0 } area) needs = needs.Where(n => n.ServiceItemCode.StartsWith(area + "."));
        return filter.OverdueOnly ? Overdue(needs) : needs;
    }

    /// Submitted needs past their deadline (<see cref="DeadlineOf"/>) in the query itself, so the
    /// overdue list is complete however many needs are open.
    private IQueryable<Need> Overdue(IQueryable<Need> needs)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset Before(Urgency urgency) => now - options.Value.ResponseTime(urgency);
        var (low, normal, urgent, critical) = (Before(Urgency.Low), Before(Urgency.Normal), Before(Urgency.Urgent), Before(Urgency.Critical));
        return needs.Where(n => n.Status == NeedStatus.Submitted && (
            n.Urgency == Urgency.Low && n.SubmittedAt < low || n.Urgency == Urgency.Normal && n.SubmittedAt < normal ||
            n.Urgency == Urgency.Urgent && n.SubmittedAt < urgent || n.Urgency == Urgency.Critical && n.SubmittedAt < critical));
    }

    public async Task<BoardModel> PageAsync(DataScope scope, BoardFilter filter, bool canBroker, CancellationToken ct)
    {
        var cursor = await db.Events.MaxAsync(e => (long?)e.Seq, ct) ?? 0;
        return new BoardModel
        {
            Items = await ItemsAsync(scope, filter, ct),
            Filter = filter,
            Villages = await pages.VillagesAsync(scope, ct),
            Catalogue = await pages.CatalogueAsync(ct),
            EventCursor = cursor,
            CanBroker = canBroker,
        };
    }

    /// When the station must have made its first offer.
    private DateTimeOffset DeadlineOf(Need need) => (need.SubmittedAt ?? need.CreatedAt) + options.Value.ResponseTime(need.Urgency);

    private async Task<List<BoardItem>> ItemsOfAsync(IReadOnlyList<Need> needs, CancellationToken ct)
    {
        var shortlists = await proposals.ForNeedsAsync(needs.Select(n => n.Id).ToList(), 20, ct);
        // Only the names of these needs' items: a live card read should not load the whole catalogue.
        var codes = needs.Select(n => n.ServiceItemCode).Distinct().ToList();
        var names = await db.ServiceItems.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, i => i.Name, ct);
        var tree = await regions.GetAsync(ct);
        var now = clock.GetUtcNow();
        return needs.Select(n =>
        {
            var deadline = DeadlineOf(n);
            return new BoardItem(n, names.GetValueOrDefault(n.ServiceItemCode, n.ServiceItemCode), tree.ShortPath(n.VillageCode), deadline,
                n.Status == NeedStatus.Submitted && now > deadline, shortlists[n.Id]);
        }).OrderBy(i => i.SortKey, StringComparer.Ordinal).ToList();
    }
}
