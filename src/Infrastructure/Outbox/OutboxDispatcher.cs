using FiveSocieties.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Outbox;

/// Where this node delivers committed events (the SignalR hub's groups, in the web app).
public interface IEventSink
{
    /// Delivers events in sequence order; a consumer may see one twice, never out of order.
    Task PublishAsync(IReadOnlyList<OutboxEvent> events, CancellationToken ct);
}

/// The "Outbox" configuration section.
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// How often the dispatcher looks for events even without a signal (a lost notification).
    public TimeSpan PollEvery { get; set; } = TimeSpan.FromSeconds(5);

    /// Events older than this are deleted; clients that were away longer reload their page.
    public int KeepDays { get; set; } = 30;
}

internal sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions o)
    {
        var problems = new List<string>();
        if (o.PollEvery < TimeSpan.FromMilliseconds(100) || o.PollEvery > TimeSpan.FromMinutes(10))
            problems.Add("Outbox:PollEvery 应在 00:00:00.1 到 00:10:00 之间。");
        if (o.KeepDays is < 1 or > 3650) problems.Add("Outbox:KeepDays 应在 1 到 3650 之间。");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// Relays committed events to this node's clients, in sequence order. Every node runs one and
/// reads the shared table, so a need posted on node A reaches a worker connected to node B; the
/// table, not memory, is the truth, and a client that missed a push catches up from it.
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    IEventSink sink,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int Batch = 500;
    private DateTimeOffset _nextCleanUp;

    /// The last event delivered by this node.
    public long Position { get; private set; } = -1;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // Events before the start were delivered by whoever ran then; clients catch up through the API.
                if (Position < 0) Position = await LatestAsync(ct);
                await RelayAsync(ct);
                await CleanUpAsync(ct);
                await signal.WaitAsync(options.Value.PollEvery, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                RelayFailed(logger, e);
                try { await Task.Delay(TimeSpan.FromSeconds(1), ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task<long> LatestAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        return await db.Events.MaxAsync(e => (long?)e.Seq, ct) ?? 0;
    }

    private async Task RelayAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        while (true)
        {
            var after = Position;
            var batch = await db.Events.AsNoTracking().Where(e => e.Seq > after).OrderBy(e => e.Seq).Take(Batch).ToListAsync(ct);
            if (batch.Count == 0) return;
            await sink.PublishAsync(batch, ct);
            Position = batch[^1].Seq;
            if (batch.Count < Batch) return;
        }
    }

    private async Task CleanUpAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < _nextCleanUp) return;
        _nextCleanUp = now.AddHours(1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var before = now.AddDays(-options.Value.KeepDays);
        // A prefix of the sequence, never holes: a client whose cursor is below what is kept is told to reload.
        if (await db.Events.Where(e => e.At < before).MaxAsync(e => (long?)e.Seq, ct) is { } upTo)
            await db.Events.Where(e => e.Seq <= upTo).ExecuteDeleteAsync(ct);
        // Index changes as old, but never one a shared index in use has not applied yet.
        if (await db.IndexChanges.Where(c => c.At < before).MaxAsync(c => (long?)c.Seq, ct) is { } old)
        {
            var applied = await db.IndexCursors.MinAsync(c => (long?)c.Position, ct);
            var changesUpTo = applied is { } position ? Math.Min(old, position) : old;
            await db.IndexChanges.Where(c => c.Seq <= changesUpTo).ExecuteDeleteAsync(ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relaying events failed; retrying (clients catch up from the events table meanwhile)")]
    private static partial void RelayFailed(ILogger logger, Exception e);
}
