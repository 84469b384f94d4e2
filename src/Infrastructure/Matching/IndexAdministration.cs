using FiveSocieties.Infrastructure.Matching.Elasticsearch;
using FiveSocieties.Infrastructure.Matching.Feed;
using FiveSocieties.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FiveSocieties.Infrastructure.Matching;

/// The state of the candidate index, as the admin page shows it.
/// <param name="Counts">What the index holds; null when it cannot be reached.</param>
/// <param name="Lag">Index changes not yet applied to a shared index; null for the embedded one.</param>
public sealed record IndexStatus(
    bool Shared,
    string? Where,
    IndexCountsView? Counts,
    (DateTimeOffset Since, string Error)? Failing,
    long? Lag,
    DateTimeOffset? RebuiltAt,
    int DelayedNeeds,
    DateTimeOffset? OldestDelayed,
    RebuildProgress? Rebuilding,
    RebuildOutcome? LastRebuild);

public sealed record IndexCountsView(int Providers, int OpenNeeds);

public sealed record RebuildOutcome(DateTimeOffset At, bool Succeeded, string? Error, TimeSpan Took);

/// Reads the index's state, and runs a rebuild in the background (one at a time per node) for
/// the admin page; the command line rebuilds through <see cref="CandidateIndexHost"/> directly.
public sealed partial class IndexAdministration(
    CandidateIndexHost host,
    IndexHealth health,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<IndexAdministration> logger)
{
    private readonly Lock _lock = new();
    private Task? _running;

    public RebuildOutcome? LastRebuild { get; private set; }

    public async Task<IndexStatus> StatusAsync(FiveSocietiesDbContext db, CancellationToken ct)
    {
        IndexCountsView? counts = null;
        // Not asked while known to be down: a hung cluster would hold the page for its timeouts and retries.
        if (health.IsReachable)
            try
            {
                var c = await host.Index.CountAsync(ct);
                counts = new IndexCountsView(c.Providers, c.OpenNeeds);
            }
            catch (ElasticsearchException e) when (e.IsUnavailable)
            {
                health.Failed(e.Message);
            }
        long? lag = null;
        // The embedded index: when this node last built it from the database (start, refresh, import).
        var rebuiltAt = host.BuiltAt;
        string? where = null; // the embedded index lives in this process
        if (host.Index is ElasticsearchCandidateIndex shared)
        {
            where = shared.Where;
            var cursor = await db.IndexCursors.AsNoTracking().SingleOrDefaultAsync(c => c.Name == shared.CursorName, ct);
            var latest = await db.IndexChanges.MaxAsync(c => (long?)c.Seq, ct) ?? 0;
            rebuiltAt = cursor?.RebuiltAt;
            lag = cursor is null ? null : Math.Max(0, latest - cursor.Position);
        }
        var delayed = await db.DelayedMatchings.CountAsync(ct);
        var oldest = delayed == 0 ? null : await db.DelayedMatchings.MinAsync(d => (DateTimeOffset?)d.Since, ct);
        return new IndexStatus(host.IsShared, where, counts, health.Failing, lag, rebuiltAt, delayed, oldest, host.Rebuilding, LastRebuild);
    }

    /// Starts a rebuild unless one is running on this node; false when one already is.
    public bool TryStartRebuild()
    {
        lock (_lock)
        {
            if (_running is { IsCompleted: false }) return false;
            _running = Task.Run(RebuildAsync);
            return true;
        }
    }

    private async Task RebuildAsync()
    {
        var started = clock.GetUtcNow();
        try
        {
            await host.RebuildAsync(null, lifetime.ApplicationStopping);
            LastRebuild = new RebuildOutcome(clock.GetUtcNow(), true, null, clock.GetUtcNow() - started);
        }
        catch (Exception e)
        {
            if (e is ElasticsearchException { IsUnavailable: true }) health.Failed(e.Message);
            RebuildFailed(logger, e);
            LastRebuild = new RebuildOutcome(clock.GetUtcNow(), false, e.Message, clock.GetUtcNow() - started);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding the candidate index from the admin page failed")]
    private static partial void RebuildFailed(ILogger logger, Exception e);
}
