using FiveSocieties.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace FiveSocieties.Infrastructure.Outbox;

/// Wakes one background reader of a table after a commit wrote to it. Signals coalesce: many
/// commits, one read.
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Notify()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { } // already signalled
    }

    /// True when signalled, false when the wait timed out (the reader then looks anyway).
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}

/// Wakes this node's dispatcher: after a local commit that wrote events, or when PostgreSQL
/// notifies that another node's did.
public sealed class OutboxSignal : WakeSignal
{
    /// PostgreSQL's notification channel, and the advisory lock that orders event numbers.
    public const string Channel = "fivesocieties_events";
    public const long OrderLock = 0x5F5E_0E57;
}

/// Signals after the commit of a save or a transaction that wrote events or index changes.
internal sealed class OutboxCommitInterceptor(OutboxSignal signal, Matching.Feed.IndexFeed indexFeed) : DbTransactionInterceptor
{
    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Committed(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is not FiveSocietiesDbContext db) return;
        if (db.WroteEvents) signal.Notify();
        if (db.WroteIndexChanges) indexFeed.Notify();
        Forget(db);
    }

    private static void Forget(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is not FiveSocietiesDbContext db) return;
        db.WroteEvents = false;
        db.WroteIndexChanges = false;
    }
}
