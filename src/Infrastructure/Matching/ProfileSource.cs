using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Matching;

/// Reads what the candidate index holds from the database, the source of truth: active
/// providers with their track record and load, and open needs with the providers that declined them.
public sealed class ProfileSource(FiveSocietiesDbContext db, RegionDirectory regions, TimeProvider clock, IOptions<MatchingOptions> options)
{
    internal static readonly NeedStatus[] Open = [NeedStatus.Submitted, NeedStatus.Matching];
    internal static readonly MatchStatus[] Taken = [MatchStatus.Accepted, MatchStatus.InService, MatchStatus.Completed];
    internal static readonly MatchStatus[] Busy = [MatchStatus.Accepted, MatchStatus.InService];

    /// Every active provider.
    public Task<List<ProviderProfile>> ProvidersAsync(CancellationToken ct) => LoadAsync(null, ct);

    /// The providers asked for, whatever their status (a paused one must leave the index); unknown
    /// ones are left out. One query per kind, however many are asked for.
    public Task<List<ProviderProfile>> ProvidersAsync(IReadOnlyCollection<ProviderRef> only, CancellationToken ct) =>
        only.Count == 0 ? Task.FromResult(new List<ProviderProfile>()) : LoadAsync(only, ct);

    public async Task<ProviderProfile?> ProviderAsync(ProviderRef provider, CancellationToken ct) =>
        (await LoadAsync([provider], ct)).SingleOrDefault();

    private async Task<List<ProviderProfile>> LoadAsync(IReadOnlyCollection<ProviderRef>? only, CancellationToken ct)
    {
        var records = await RecordsAsync(only, ct);
        var now = clock.GetUtcNow();
        return (await ResourcesAsync(only, ct)).Select(r => Profiles.Of(r, now, RecordOf(r, records))).ToList();
    }

    public async Task<List<NeedProfile>> OpenNeedsAsync(CancellationToken ct)
    {
        var needs = await db.Needs.AsNoTracking().Where(n => Open.Contains(n.Status)).ToListAsync(ct);
        var declined = await DeclinedAsync(null, ct);
        var tree = await regions.GetAsync(ct);
        return needs.Select(n => Profiles.Of(n, tree.Find(n.VillageCode)?.Location, declined[n.Id])).ToList();
    }

    /// The open ones among the needs asked for (closed and unknown ones are left out).
    public async Task<List<NeedProfile>> OpenNeedsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var needs = await db.Needs.AsNoTracking().Where(n => ids.Contains(n.Id) && Open.Contains(n.Status)).ToListAsync(ct);
        var declined = await DeclinedAsync(needs.Select(n => n.Id).ToList(), ct);
        var tree = await regions.GetAsync(ct);
        return needs.Select(n => Profiles.Of(n, tree.Find(n.VillageCode)?.Location, declined[n.Id])).ToList();
    }

    public async Task<NeedProfile> NeedAsync(Need need, CancellationToken ct)
    {
        var village = (await regions.GetAsync(ct)).Find(need.VillageCode);
        return Profiles.Of(need, village?.Location, (await DeclinedAsync([need.Id], ct))[need.Id]);
    }

    private async Task<List<Resource>> ResourcesAsync(IReadOnlyCollection<ProviderRef>? only, CancellationToken ct)
    {
        var list = new List<Resource>();
        list.AddRange(await Select(db.Volunteers, ResourceKind.Volunteer, only, ct));
        list.AddRange(await Select(db.Organisations, ResourceKind.Organisation, only, ct));
        list.AddRange(await Select(db.Funds, ResourceKind.Fund, only, ct));
        list.AddRange(await Select(db.MicroGrantProjects, ResourceKind.MicroGrant, only, ct));
        return list;
    }

    /// All active resources of a kind, or exactly those asked for whatever their status.
    private static async Task<List<T>> Select<T>(DbSet<T> set, ResourceKind kind, IReadOnlyCollection<ProviderRef>? only, CancellationToken ct)
        where T : Resource
    {
        if (only is null) return await set.AsNoTracking().Where(r => r.Status == ApprovalStatus.Active).ToListAsync(ct);
        var ids = only.Where(p => p.Kind == kind).Select(p => p.Id).ToList();
        return ids.Count == 0 ? [] : await set.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
    }

    private sealed record Tally(ResourceKind Kind, long Id, int Taken, int Busy, int Recent);

    private async Task<Dictionary<ProviderRef, Tally>> RecordsAsync(IReadOnlyCollection<ProviderRef>? only, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-options.Value.RecentDays);
        var matches = db.Matches.AsNoTracking();
        if (only is not null)
        {
            // Ids of every kind asked for; tallies of a same id of another kind are simply not looked up.
            var ids = only.Select(p => p.Id).Distinct().ToList();
            matches = matches.Where(m => ids.Contains(m.ProviderId));
        }
        var tallies = await matches
            .GroupBy(m => new { m.ProviderKind, m.ProviderId })
            .Select(g => new Tally(g.Key.ProviderKind, g.Key.ProviderId,
                g.Count(m => Taken.Contains(m.Status)),
                g.Count(m => Busy.Contains(m.Status)),
                g.Count(m => m.ProposedAt > since)))
            .ToListAsync(ct);
        return tallies.ToDictionary(t => new ProviderRef(t.Kind, t.Id));
    }

    private static ProviderRecord RecordOf(Resource r, Dictionary<ProviderRef, Tally> tallies)
    {
        var t = tallies.GetValueOrDefault(new ProviderRef(r.Kind, r.Id));
        return new ProviderRecord(t?.Taken ?? 0, r.CompletedServices, r.RatingCount, r.RatingSum, t?.Busy ?? 0, t?.Recent ?? 0);
    }

    /// The providers that declined each need: of the needs given, or of every open need.
    private async Task<ILookup<long, ProviderRef>> DeclinedAsync(IReadOnlyCollection<long>? needIds, CancellationToken ct)
    {
        var declined = db.Matches.AsNoTracking().Where(m => m.Status == MatchStatus.Declined);
        if (needIds is not null) declined = declined.Where(m => needIds.Contains(m.NeedId));
        else declined = declined.Where(m => db.Needs.Any(n => n.Id == m.NeedId && Open.Contains(n.Status)));
        var rows = await declined.Select(m => new { m.NeedId, m.ProviderKind, m.ProviderId }).ToListAsync(ct);
        return rows.ToLookup(r => r.NeedId, r => new ProviderRef(r.ProviderKind, r.ProviderId));
    }
}
