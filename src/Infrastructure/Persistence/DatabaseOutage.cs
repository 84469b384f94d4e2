using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FiveSocieties.Infrastructure.Persistence;

/// Tells a database that cannot be reached or cannot take the request just now (server stopped or
/// restarting, network cut, pool exhausted, SQLite file locked or unopenable) from every other
/// failure: the first is worth "try again shortly" (503), the second is a bug or a refused change.
public static class DatabaseOutage
{
    /// Looks through the wrappers EF Core puts around a provider's error (DbUpdateException, the
    /// execution strategy's InvalidOperationException and RetryLimitExceededException).
    public static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // An answer from the server: only its connection and shutdown states mean "down".
                case PostgresException postgres:
                    return IsOutageState(postgres.SqlState);
                // No answer: a socket, I/O or time-out failure on the way to the server.
                case NpgsqlException { IsTransient: true }:
                    return true;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is SqliteBusy or SqliteIoError or SqliteFull or SqliteCantOpen;
                case TimeoutException or SocketException:
                    return true;
            }
        }
        return false;
    }

    // Class 08: connection exception; 57P01–57P03: shutting down, crashed, starting up (or in
    // recovery); 53100/53200/53300: disk full, out of memory, too many connections.
    private static bool IsOutageState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)
        || state is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.DiskFull or PostgresErrorCodes.OutOfMemory or PostgresErrorCodes.TooManyConnections;

    // SQLite's primary result codes (sqlite3.h).
    private const int SqliteBusy = 5, SqliteIoError = 10, SqliteFull = 13, SqliteCantOpen = 14;
}
