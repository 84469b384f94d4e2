using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Offers;

/// One offer or service as its provider sees it. The beneficiary's name and address are shown
/// only once the provider has accepted (they need them to serve; before, they need not know).
public sealed record OfferItem(Match Match, Need Need, string ProviderName, string ServiceName, string VillagePath)
{
    public bool ShowsPerson => Match.Status is MatchStatus.Accepted or MatchStatus.InService or MatchStatus.Completed;
}

public sealed class OffersModel
{
    public required IReadOnlyList<OfferItem> Open { get; init; }
    public required IReadOnlyList<OfferItem> Serving { get; init; }
    public required IReadOnlyList<OfferItem> Finished { get; init; }
    public required long EventCursor { get; init; }
    public required decimal HoursServed { get; init; }
}

/// 我的邀请: a volunteer's or an organisation's offers, live; accept or decline, record sessions,
/// complete. Funds and micro-grant projects are answered by the staff of the organisation behind them.
[Authorize(Roles = $"{AppRoles.Volunteer},{AppRoles.OrganisationStaff}")]
public sealed class OffersController(FiveSocietiesDbContext db, ScopeAccessor scopes, NeedPages pages, RegionDirectory regions, TimeProvider clock,
    Matches.MatchReader reader)
    : Controller
{
    private static readonly MatchStatus[] Waiting = [MatchStatus.Offered, MatchStatus.Accepted, MatchStatus.InService];

    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        // The cursor before the data: a change committed while the page is read is then seen again, not missed.
        var cursor = await db.Events.MaxAsync(e => (long?)e.Seq, ct) ?? 0;
        var scope = await scopes.GetAsync(ct);
        var user = scope.User;
        var providers = await ProvidersAsync(scope, ct);
        var since = clock.GetUtcNow().AddDays(-30);
        var matches = new List<Match>();
        foreach (var (kind, ids) in providers)
            matches.AddRange(await db.Matches.AsNoTracking()
                // Everything still waiting for the provider, however old; what has ended, for 30 days.
                .Where(m => m.ProviderKind == kind && ids.Contains(m.ProviderId) && m.OfferedAt != null
                            && (Waiting.Contains(m.Status) || m.UpdatedAt > since))
                .ToListAsync(ct));
        var needIds = matches.Select(m => m.NeedId).Distinct().ToList();
        var needs = await db.Needs.AsNoTracking().Where(n => needIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        var names = NeedPages.ServiceNames(await pages.CatalogueAsync(ct));
        var tree = await regions.GetAsync(ct);
        var providerNames = await reader.NamesAsync(matches.Select(m => m.Provider).Distinct().ToList(), ct);
        var items = matches.Select(m => new OfferItem(m, needs[m.NeedId], providerNames.GetValueOrDefault(m.Provider, ""),
            names.GetValueOrDefault(needs[m.NeedId].ServiceItemCode, ""), tree.ShortPath(needs[m.NeedId].VillageCode))).ToList();
        var volunteerMinutes = user.VolunteerId is { } v
            ? await db.Volunteers.Where(x => x.Id == v).Select(x => x.ServedMinutes).SingleOrDefaultAsync(ct) : 0;
        return View(new OffersModel
        {
            Open = items.Where(i => i.Match.Status == MatchStatus.Offered).OrderBy(i => i.Match.OfferExpiresAt).ToList(),
            Serving = items.Where(i => i.Match.Status is MatchStatus.Accepted or MatchStatus.InService).OrderBy(i => i.Match.RespondedAt).ToList(),
            Finished = items.Where(i => i.Match.Status is not (MatchStatus.Offered or MatchStatus.Accepted or MatchStatus.InService))
                .OrderByDescending(i => i.Match.UpdatedAt).ToList(),
            EventCursor = cursor,
            HoursServed = volunteerMinutes / 60m,
        });
    }

    /// The providers the account answers for: its volunteer; or its organisation, the funds it
    /// manages and the projects it runs — for a provider account, exactly what its data scope holds.
    private async Task<List<(ResourceKind Kind, List<long> Ids)>> ProvidersAsync(DataScope scope, CancellationToken ct)
    {
        if (scope.User.Is(AppRoles.Volunteer)) return [(ResourceKind.Volunteer, await scope.Volunteers(db.Volunteers).Select(v => v.Id).ToListAsync(ct))];
        return
        [
            (ResourceKind.Organisation, await scope.Organisations(db.Organisations).Select(o => o.Id).ToListAsync(ct)),
            (ResourceKind.Fund, await scope.Funds(db.Funds).Select(f => f.Id).ToListAsync(ct)),
            (ResourceKind.MicroGrant, await scope.MicroGrants(db.MicroGrantProjects).Select(p => p.Id).ToListAsync(ct)),
        ];
    }
}
