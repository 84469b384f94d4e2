using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace FiveSocieties.Infrastructure.Matching.Feed;

/// "This provider or this need changed": written in the same transaction as the change itself
/// (a transactional outbox for the candidate index), numbered in commit order like the events.
/// A shared index (Elasticsearch) is kept current by relaying these rows — at least once, each
/// write carrying <see cref="Seq"/> as its external version, so a repeat or a late write never
/// overwrites a newer one, and a crash between commit and indexing loses nothing.
public sealed class IndexChange
{
    private IndexChange() { } // for EF Core

    internal IndexChange(ResourceKind? providerKind, long id, DateTimeOffset at)
    {
        ProviderKind = providerKind;
        TargetId = id;
        At = at;
    }

    public long Seq { get; private set; }

    /// The provider's kind; null for a need.
    public ResourceKind? ProviderKind { get; private set; }
    public long TargetId { get; private set; }
    public DateTimeOffset At { get; private set; }

    public ProviderRef? Provider => ProviderKind is { } kind ? new ProviderRef(kind, TargetId) : null;
}

/// How far a shared index has applied the feed (one row per index, e.g. "elasticsearch").
public sealed class IndexCursor
{
    private IndexCursor() { Name = ""; } // for EF Core

    public IndexCursor(string name, long position, DateTimeOffset at)
    {
        Name = name;
        Position = position;
        UpdatedAt = at;
    }

    public string Name { get; private set; }
    public long Position { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// When the index was last rebuilt from the database (its documents then carry version Position).
    public DateTimeOffset? RebuiltAt { get; private set; }

    public void MoveTo(long position, DateTimeOffset at)
    {
        Position = position;
        UpdatedAt = at;
    }

    public void Rebuilt(long position, DateTimeOffset at)
    {
        MoveTo(position, at);
        RebuiltAt = at;
    }
}

/// Reads from EF's change tracker which providers and needs a save changes: needs themselves;
/// resources (details, status, budget, places); matches, which change a provider's load and track
/// record and a need's declined providers. Ids of new rows are read after the first save.
internal static class IndexChangeCollector
{
    public static List<Func<(ResourceKind? Kind, long Id)>> Collect(ChangeTracker tracker)
    {
        var pending = new List<Func<(ResourceKind?, long)>>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case Need need:
                    pending.Add(() => (null, need.Id));
                    break;
                case Resource resource:
                    pending.Add(() => (resource.Kind, resource.Id));
                    break;
                case Match match:
                    pending.Add(() => (match.ProviderKind, match.ProviderId));
                    pending.Add(() => (null, match.NeedId));
                    break;
            }
        }
        return pending;
    }

    public static IEnumerable<IndexChange> Rows(List<Func<(ResourceKind? Kind, long Id)>> pending, DateTimeOffset at) =>
        pending.Select(p => p()).Distinct().Select(t => new IndexChange(t.Kind, t.Id, at));
}
