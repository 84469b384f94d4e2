using FiveSocieties.Infrastructure.Persistence;
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
public sealed class ProfileSource(FiveSocietiesDbContext db, TimeProvider clock, IOptions<MatchingOptions> options)
{
    internal static readonly NeedStatus[] Open = [NeedStatus.Submitted, NeedStatus.Matching];
    internal static readonly MatchStatus[] Taken = [MatchStatus.Accepted, MatchStatus.InService, MatchStatus.Completed];
    internal static readonly MatchStatus[] Busy = [MatchStatus.Accepted, MatchStatus.InService];

    public async Task<List<ProviderProfile>> ProvidersAsync(CancellationToken ct)
    {
        var records = await RecordsAsync(null, ct);
        var now = clock.GetUtcNow();
        var profiles = new List<ProviderProfile>();
        foreach (var resource in await ResourcesAsync(null, ct))
            profiles.Add(Profiles.Of(resource, now, RecordOf(resource, records)));
        return profiles;
    }

    public async Task<ProviderProfile?> ProviderAsync(ProviderRef provider, CancellationToken ct)
    {
        var resource = (await ResourcesAsync(provider, ct)).SingleOrDefault();
        return resource is null ? null : Profiles.Of(resource, clock.GetUtcNow(), RecordOf(resource, await RecordsAsync(provider, ct)));
    }

    public async Task<List<NeedProfile>> OpenNeedsAsync(CancellationToken ct)
    {
        var needs = await db.Needs.AsNoTracking().Where(n => Open.Contains(n.Status)).ToListAsync(ct);
        var declined = await DeclinedAsync(null, ct);
        var places = await PlacesAsync(ct);
        return needs.Select(n => Profiles.Of(n, places.GetValueOrDefault(n.VillageCode), declined[n.Id])).ToList();
    }

    public async Task<NeedProfile> NeedAsync(Need need, CancellationToken ct)
    {
        var village = await db.Regions.AsNoTracking().Where(r => r.Code == need.VillageCode).SingleOrDefaultAsync(ct);
        return Profiles.Of(need, village?.Location, (await DeclinedAsync(need.Id, ct))[need.Id]);
    }

    private async Task<List<Resource>> ResourcesAsync(ProviderRef? only, CancellationToken ct)
    {
        var list = new List<Resource>();
        if (only is null or { Kind: ResourceKind.Volunteer })
            list.AddRange(await Active(db.Volunteers, only).ToListAsync(ct));
        if (only is null or { Kind: ResourceKind.Organisation }) list.AddRange(await Active(db.Organisations, only).ToListAsync(ct));
        if (only is null or { Kind: ResourceKind.Fund }) list.AddRange(await Active(db.Funds, only).ToListAsync(ct));
        if (only is null or { Kind: ResourceKind.MicroGrant }) list.AddRange(await Active(db.MicroGrantProjects, only).ToListAsync(ct));
        return list;
    }

    /// All active resources, or exactly the one asked for whatever its status (a paused one must leave the index).
    private static IQueryable<T> Active<T>(DbSet<T> set, ProviderRef? only) where T : Resource =>
        only is { } p ? set.AsNoTracking().Where(r => r.Id == p.Id) : set.AsNoTracking().Where(r => r.Status == ApprovalStatus.Active);

    private sealed record Tally(ResourceKind Kind, long Id, int Taken, int Busy, int Recent);

    private async Task<Dictionary<ProviderRef, Tally>> RecordsAsync(ProviderRef? only, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-options.Value.RecentDays);
        var matches = db.Matches.AsNoTracking();
        if (only is { } p) matches = matches.Where(m => m.ProviderKind == p.Kind && m.ProviderId == p.Id);
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

    private async Task<ILookup<long, ProviderRef>> DeclinedAsync(long? needId, CancellationToken ct)
    {
        var declined = db.Matches.AsNoTracking().Where(m => m.Status == MatchStatus.Declined);
        if (needId is { } id) declined = declined.Where(m => m.NeedId == id);
        else declined = declined.Where(m => db.Needs.Any(n => n.Id == m.NeedId && Open.Contains(n.Status)));
        var rows = await declined.Select(m => new { m.NeedId, m.ProviderKind, m.ProviderId }).ToListAsync(ct);
        return rows.ToLookup(r => r.NeedId, r => new ProviderRef(r.ProviderKind, r.ProviderId));
    }

    private async Task<Dictionary<DivisionCode, GeoPoint?>> PlacesAsync(CancellationToken ct) =>
        (await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToListAsync(ct)).ToDictionary(r => r.Code, r => r.Location);
}
