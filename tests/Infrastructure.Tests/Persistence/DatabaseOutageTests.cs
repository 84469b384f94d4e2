using System.Net;
using System.Net.Sockets;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Persistence;

/// Which failures mean "the database is down or busy, try again shortly" (a 503), told apart from
/// bugs and refused changes — on the exceptions the providers really throw.
public sealed class DatabaseOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgresNotListening_IsAnOutage_AlsoThroughEfCore()
    {
        var nowhere = $"Host=127.0.0.1;Port={FreePort()};Username=postgres;Database=fivesocieties;Timeout=5";
        await using var connection = new NpgsqlConnection(nowhere);
        var refused = await Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync(Ct));
        await using var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(nowhere).Options);
        var throughEf = await Assert.ThrowsAnyAsync<Exception>(() => db.Needs.CountAsync(Ct));

        Assert.True(DatabaseOutage.IsOutage(refused));
        Assert.True(DatabaseOutage.IsOutage(throughEf), throughEf.ToString());
        Assert.True(DatabaseOutage.IsOutage(new RetryLimitExceededException("retried", refused)));
    }

    [Fact]
    public async Task PostgresSessionEndedByTheServer_IsAnOutage_ButAnSqlErrorIsNot()
    {
        TestDatabase.RequireAvailable(TestProvider.PostgreSql);
        var admin = Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)!;
        await using var victim = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ToString());
        await victim.OpenAsync(Ct);
        await using (var killer = new NpgsqlConnection(admin))
        {
            await killer.OpenAsync(Ct);
            await using var terminate = new NpgsqlCommand($"SELECT pg_terminate_backend({victim.ProcessID})", killer);
            await terminate.ExecuteScalarAsync(Ct);
        }
        var ended = await Assert.ThrowsAnyAsync<NpgsqlException>(() => new NpgsqlCommand("SELECT 1", victim).ExecuteScalarAsync(Ct));
        await using var healthy = new NpgsqlConnection(admin);
        await healthy.OpenAsync(Ct);
        var sqlError = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("SELECT 1/0", healthy).ExecuteScalarAsync(Ct));

        Assert.True(DatabaseOutage.IsOutage(ended), ended.ToString());
        Assert.False(DatabaseOutage.IsOutage(sqlError));
    }

    [Fact]
    public async Task SqliteLockedOrUnopenable_IsAnOutage_ButAConstraintViolationIsNot()
    {
        var directory = Directory.CreateTempSubdirectory("fivesocieties-outage.").FullName;
        var file = Path.Combine(directory, "outage.db");
        try
        {
            await using var holder = new SqliteConnection($"Data Source={file};Pooling=False");
            await holder.OpenAsync(Ct);
            await new SqliteCommand("CREATE TABLE t (id INTEGER PRIMARY KEY)", holder).ExecuteNonQueryAsync(Ct);
            using var held = holder.BeginTransaction(deferred: false);
            await using var waiter = new SqliteConnection($"Data Source={file};Pooling=False;Default Timeout=1");
            await waiter.OpenAsync(Ct);
            var busy = Assert.Throws<SqliteException>(() => waiter.BeginTransaction(deferred: false));
            var unopenable = Assert.Throws<SqliteException>(() => new SqliteConnection($"Data Source={Path.Combine(directory, "无", "x.db")}").Open());
            await new SqliteCommand("INSERT INTO t VALUES (1)", holder, held).ExecuteNonQueryAsync(Ct);
            var duplicate = await Assert.ThrowsAsync<SqliteException>(() => new SqliteCommand("INSERT INTO t VALUES (1)", holder, held).ExecuteNonQueryAsync(Ct));

            Assert.True(DatabaseOutage.IsOutage(busy), busy.Message);
            Assert.True(DatabaseOutage.IsOutage(new DbUpdateException("saving failed", busy)));
            Assert.True(DatabaseOutage.IsOutage(unopenable), unopenable.Message);
            Assert.False(DatabaseOutage.IsOutage(duplicate));
            Assert.False(DatabaseOutage.IsOutage(new DbUpdateException("saving failed", duplicate)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void TimeOutsAreOutages_BugsAndConflictsAreNot()
    {
        Assert.True(DatabaseOutage.IsOutage(new InvalidOperationException("transient", new TimeoutException())));
        Assert.False(DatabaseOutage.IsOutage(new InvalidOperationException("a bug")));
        Assert.False(DatabaseOutage.IsOutage(new DbUpdateConcurrencyException("changed meanwhile")));
        Assert.False(DatabaseOutage.IsOutage(new OperationCanceledException()));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
