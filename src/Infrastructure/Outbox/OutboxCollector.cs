using System.Text.Json;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace FiveSocieties.Infrastructure.Outbox;

/// Reads the events of a save from the change tracker, so that every state change, wherever it
/// is made (a page, the API, an import, the expiry of an offer), writes its event in the same
/// transaction without the caller having to remember. Collected before the save (the original
/// values are still known), turned into rows after it (new needs and matches have their ids then).
internal static class OutboxCollector
{
    internal sealed record Pending(string Type, DateTimeOffset At, Need? Need, Match? Match, bool Public, Dictionary<string, object?>? Detail);

    public static List<Pending> Collect(ChangeTracker tracker)
    {
        var pending = new List<Pending>();
        foreach (var entry in tracker.Entries<Need>())
        {
            var need = entry.Entity;
            if (entry.State == EntityState.Added && need.Status == NeedStatus.Submitted)
                pending.Add(new Pending(EventTypes.NeedSubmitted, need.UpdatedAt, need, null, true, null));
            else if (entry.State == EntityState.Modified && StatusChanged(entry, nameof(Need.Status), out NeedStatus from))
                pending.Add(from == NeedStatus.Draft && need.Status == NeedStatus.Submitted
                    ? new Pending(EventTypes.NeedSubmitted, need.UpdatedAt, need, null, true, null)
                    : new Pending(EventTypes.NeedStatusChanged, need.UpdatedAt, need, null, true, new() { ["from"] = from.ToString() }));
        }
        foreach (var entry in tracker.Entries<Match>())
        {
            var match = entry.Entity;
            if (entry.State == EntityState.Added && match.Status == MatchStatus.Proposed)
                pending.Add(new Pending(EventTypes.MatchProposed, match.ProposedAt, null, match, false, null));
            else if (entry.State == EntityState.Modified && StatusChanged(entry, nameof(Match.Status), out MatchStatus from) && Moved(from, match) is { } moved)
                pending.Add(moved);
            if (entry.State is EntityState.Added or EntityState.Modified) pending.AddRange(Sessions(tracker, match));
        }
        return pending;
    }

    private static Pending? Moved(MatchStatus from, Match match) => match.Status switch
    {
        MatchStatus.Offered => new Pending(EventTypes.OfferMade, match.UpdatedAt, null, match, true, new() { ["expiresAt"] = match.OfferExpiresAt }),
        MatchStatus.Accepted => new Pending(EventTypes.OfferAccepted, match.UpdatedAt, null, match, true, null),
        MatchStatus.Declined => new Pending(EventTypes.OfferDeclined, match.UpdatedAt, null, match, true, new() { ["reason"] = match.DeclineReason?.ToString() }),
        MatchStatus.Expired => new Pending(EventTypes.OfferExpired, match.UpdatedAt, null, match, true, null),
        // A proposal nobody offered leaves the shortlist quietly: only staff saw it.
        MatchStatus.Withdrawn => new Pending(EventTypes.MatchWithdrawn, match.UpdatedAt, null, match, from != MatchStatus.Proposed,
            new() { ["from"] = from.ToString() }),
        MatchStatus.Completed => new Pending(EventTypes.ServiceCompleted, match.UpdatedAt, null, match, true, null),
        _ => null, // InService: the session that started it is its event
    };

    /// Service records and ratings added to a match in this save.
    private static IEnumerable<Pending> Sessions(ChangeTracker tracker, Match match)
    {
        foreach (var record in match.ServiceRecords)
            if (tracker.Context.Entry(record).State == EntityState.Added)
                yield return new Pending(EventTypes.ServiceRecorded, record.RecordedAt, null, match, true,
                    new() { ["date"] = record.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["minutes"] = record.Minutes, ["peopleServed"] = record.PeopleServed });
        foreach (var feedback in match.Feedback)
            if (tracker.Context.Entry(feedback).State == EntityState.Added)
                yield return new Pending(EventTypes.ServiceRated, feedback.At, null, match, true,
                    new() { ["rating"] = feedback.Rating, ["source"] = feedback.Source.ToString() });
    }

    private static bool StatusChanged<TEntity, TStatus>(EntityEntry<TEntity> entry, string property, out TStatus from)
        where TEntity : class where TStatus : struct, Enum
    {
        var status = entry.Property(property);
        from = (TStatus)status.OriginalValue!;
        return status.IsModified && !Equals(status.OriginalValue, status.CurrentValue);
    }

    /// The rows of the pending events, now that every need and match has its id. Needs and
    /// owning organisations not already loaded are read in one query each.
    public static async Task<List<OutboxEvent>> RowsAsync(FiveSocietiesDbContext db, List<Pending> pending, CancellationToken ct)
    {
        var needs = db.ChangeTracker.Entries<Need>().Select(e => e.Entity)
            .Select(n => new NeedFacts(n.Id, n.Status, n.VillageCode, n.Requester.PostedById)).ToDictionary(n => n.Id);
        var missing = pending.Select(p => p.Match?.NeedId ?? p.Need!.Id).Where(id => !needs.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
            foreach (var n in await db.Needs.AsNoTracking().Where(n => missing.Contains(n.Id))
                         .Select(n => new NeedFacts(n.Id, n.Status, n.VillageCode, n.Requester.PostedById)).ToListAsync(ct))
                needs[n.Id] = n;
        var owners = await OwnersAsync(db, pending.Where(p => p.Public && p.Match is not null).Select(p => p.Match!).ToList(), ct);

        return pending.Select(p =>
        {
            var need = needs[p.Match?.NeedId ?? p.Need!.Id];
            var row = new OutboxEvent(p.Type, p.At, need.Id, need.Status, need.Village, p.Public ? need.PostedById : null);
            if (p.Match is { } match)
                row.About(match, p.Public ? EventAudience.ProviderGroupOf(match.ProviderKind, match.ProviderId, owners.GetValueOrDefault(match.Provider)) : null);
            return row.With(p.Detail is null ? null : JsonSerializer.Serialize(p.Detail));
        }).ToList();
    }

    private sealed record NeedFacts(long Id, NeedStatus Status, DivisionCode Village, string PostedById);

    /// The organisation behind each fund and micro-grant project among the matches.
    private static async Task<Dictionary<ProviderRef, long?>> OwnersAsync(FiveSocietiesDbContext db, List<Match> matches, CancellationToken ct)
    {
        var owners = new Dictionary<ProviderRef, long?>();
        var funds = matches.Where(m => m.ProviderKind == ResourceKind.Fund).Select(m => m.ProviderId).Distinct().ToList();
        if (funds.Count > 0)
            foreach (var f in await db.Funds.AsNoTracking().Where(f => funds.Contains(f.Id)).Select(f => new { f.Id, f.ManagerOrganisationId }).ToListAsync(ct))
                owners[new ProviderRef(ResourceKind.Fund, f.Id)] = f.ManagerOrganisationId;
        var projects = matches.Where(m => m.ProviderKind == ResourceKind.MicroGrant).Select(m => m.ProviderId).Distinct().ToList();
        if (projects.Count > 0)
            foreach (var p in await db.MicroGrantProjects.AsNoTracking().Where(p => projects.Contains(p.Id)).Select(p => new { p.Id, p.OwnerOrganisationId }).ToListAsync(ct))
                owners[new ProviderRef(ResourceKind.MicroGrant, p.Id)] = p.OwnerOrganisationId;
        return owners;
    }
}
