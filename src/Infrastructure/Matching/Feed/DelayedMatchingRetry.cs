using FiveSocieties.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FiveSocieties.Infrastructure.Matching.Feed;

/// Matches the needs that were saved while the candidate index could not be reached, oldest
/// first, as soon as it answers again (looking every <see cref="MatchingOptions.RetryDelayedEvery"/>). Every node runs it; a node takes a need by deleting its
/// row (one node wins), and puts it back if the index fails again.
public sealed partial class DelayedMatchingRetry(
    CandidateIndexHost host,
    IndexHealth health,
    IServiceScopeFactory scopes,
    Microsoft.Extensions.Options.IOptions<MatchingOptions> options,
    ILogger<DelayedMatchingRetry> logger) : Startup.PeriodicWorker
{
    private const int BatchSize = 50;

    protected override TimeSpan Every => options.Value.RetryDelayedEvery;

    protected override Task RunOnceAsync(CancellationToken ct) => RetryAsync(ct);

    protected override void Failed(Exception e) => RetryFailed(logger, e);

    /// One pass; returns how many waiting needs were matched.
    public async Task<int> RetryAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var waiting = await db.DelayedMatchings.AsNoTracking().OrderBy(d => d.Since).Take(BatchSize).ToListAsync(ct);
        if (waiting.Count == 0) return 0;
        try
        {
            await host.Index.CountAsync(ct); // answers again?
        }
        catch (Elasticsearch.ElasticsearchException e) when (e.IsUnavailable)
        {
            health.Failed(e.Message);
            return 0;
        }
        health.Succeeded();

        var matching = scope.ServiceProvider.GetRequiredService<MatchingService>();
        var done = 0;
        foreach (var delayed in waiting)
        {
            db.ChangeTracker.Clear();
            if (await db.DelayedMatchings.Where(d => d.NeedId == delayed.NeedId).ExecuteDeleteAsync(ct) == 0) continue; // another node took it
            var need = await db.Needs.SingleOrDefaultAsync(n => n.Id == delayed.NeedId, ct);
            if (need is null || !ProfileSource.Open.Contains(need.Status)) continue;
            try
            {
                await matching.ProposeAsync(need, ct);
                done++;
            }
            catch (Elasticsearch.ElasticsearchException e) when (e.IsUnavailable)
            {
                db.ChangeTracker.Clear();
                db.DelayedMatchings.Add(delayed);
                await db.SaveChangesAsync(ct);
                health.Failed(e.Message);
                break;
            }
        }
        if (done > 0) Matched(logger, done);
        return done;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Matching the needs that waited for the candidate index failed; trying again at the next check")]
    private static partial void RetryFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Matched {Count} needs that waited for the candidate index")]
    private static partial void Matched(ILogger logger, int count);
}
