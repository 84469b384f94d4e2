using FiveSocieties.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FiveSocieties.Infrastructure.Outbox;

/// On PostgreSQL, listens for the notification each event-writing commit sends (on any node) and
/// wakes this node's dispatcher. A lost connection is reopened; events committed meanwhile are
/// picked up at once after, and by the dispatcher's regular look in any case.
internal sealed partial class PostgresEventListener(IOptions<DatabaseOptions> options, OutboxSignal signal, ILogger<PostgresEventListener> logger)
    : BackgroundService
{
    /// Listening now (for tests and health).
    public bool IsListening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!options.Value.IsPostgreSql) return;
        var connectionString = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString) { Pooling = false, KeepAlive = 30 }.ToString();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, _) => signal.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {OutboxSignal.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                IsListening = true;
                signal.Notify(); // whatever was committed while nobody listened
                while (true) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                IsListening = false;
                ListenFailed(logger, e);
                try { await Task.Delay(TimeSpan.FromSeconds(2), ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for events from other nodes failed; reconnecting in 2 s")]
    private static partial void ListenFailed(ILogger logger, Exception e);
}
