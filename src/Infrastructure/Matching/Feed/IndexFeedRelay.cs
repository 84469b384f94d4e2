using FiveSocieties.Infrastructure.Matching.Elasticsearch;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FiveSocieties.Infrastructure.Matching.Feed;

/// The index feed of this deployment: whether saves write index changes — only when a shared
/// index reads them (the embedded index is kept by each node itself) — and the wake-up of the relay
/// after a local commit that wrote some (others' commits are found by polling).
public sealed class IndexFeed(bool enabled) : Outbox.WakeSignal
{
    public bool Enabled { get; } = enabled;
}

/// Keeps the shared (Elasticsearch) index current: reads the index changes after its cursor,
/// loads the current profiles from the database and writes them with the change's number as
/// external version, then moves the cursor. At least once: a crash before the cursor moves
/// repeats the batch, which changes nothing. While the cluster is down the rows wait in the
/// database and the relay tries again, backing off to half a minute.
public sealed partial class IndexFeedRelay(
    ElasticsearchCandidateIndex index,
    IndexFeed signal,
    IndexHealth health,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<IndexFeedRelay> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await RelayOnceAsync(ct) == 0) await signal.WaitAsync(PollEvery, ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (e is ElasticsearchException { IsUnavailable: true }) health.Failed(e.Message);
                RelayFailed(logger, e);
                var wait = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures++)));
                try { await Task.Delay(wait, clock, ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// Applies one batch of changes after the cursor; returns how many rows it covered (0: none
    /// waiting, or the index was never built — its first rebuild sets the cursor).
    public async Task<int> RelayOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var cursor = await db.IndexCursors.SingleOrDefaultAsync(c => c.Name == index.CursorName, ct);
        if (cursor is null) return 0;
        var rows = await db.IndexChanges.AsNoTracking().Where(c => c.Seq > cursor.Position).OrderBy(c => c.Seq).Take(BatchSize).ToListAsync(ct);
        if (rows.Count == 0) return 0;

        var providers = rows.Where(r => r.Provider is not null).GroupBy(r => r.Provider!.Value).ToDictionary(g => g.Key, g => g.Max(r => r.Seq));
        var needs = rows.Where(r => r.Provider is null).GroupBy(r => r.TargetId).ToDictionary(g => g.Key, g => g.Max(r => r.Seq));
        var source = scope.ServiceProvider.GetRequiredService<ProfileSource>();
        var profiles = (await source.ProvidersAsync(providers.Keys.ToList(), ct)).ToDictionary(p => p.Ref);
        var open = (await source.OpenNeedsAsync(needs.Keys.ToList(), ct)).ToDictionary(n => n.NeedId);
        await index.ApplyAsync(
            providers.Select(p => (p.Key, profiles.GetValueOrDefault(p.Key), p.Value)).ToList(),
            needs.Select(n => (n.Key, open.GetValueOrDefault(n.Key), n.Value)).ToList(), ct);
        health.Succeeded();

        cursor.MoveTo(rows[^1].Seq, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node moved it, or a rebuild set it back: read it again next time.
        }
        return rows.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relaying index changes to Elasticsearch failed; the changes wait in the database and are tried again")]
    private static partial void RelayFailed(ILogger logger, Exception e);
}
