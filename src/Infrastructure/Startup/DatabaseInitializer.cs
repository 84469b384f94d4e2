using System.Data.Common;
using FiveSocieties.Infrastructure.Demo;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.ReferenceData;
using FiveSocieties.Infrastructure.Search;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FiveSocieties.Infrastructure.Startup;

/// Runs before the web server listens: creates or upgrades the schema, seeds reference data
/// and, on an empty database with Demo:Enabled, the demo county. Several nodes may start at
/// once against PostgreSQL: migrations and the data steps (backfill, reference data, roles, demo)
/// run under an advisory lock, one node after another.
internal sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> databaseOptions,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = databaseOptions.Value;
        if (options.IsSqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
            EnsureWritable(DatabaseRegistration.SqliteDataDirectory(options, environment));

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        if (options.IsSqlite)
        {
            await db.Database.MigrateAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await SearchIndexes.EnsureSqliteAsync(db, cancellationToken);
            await PrepareDataAsync(scope.ServiceProvider, db, cancellationToken);
            // Fresh statistics so the planner picks the scope-and-sort indexes of the lists
            // (PostgreSQL keeps its own up to date).
            await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;", cancellationToken);
        }
        else
        {
            await ConnectAsync(db, options, cancellationToken);
            try
            {
                // Session-level lock on this context's connection: nodes starting together migrate
                // and prepare the data one after another.
                // Another node may be seeding the demo (half a minute or more): wait for it, not for the default 30 s command timeout.
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({StartupLock})", cancellationToken);
                db.Database.SetCommandTimeout(null);
                await db.Database.MigrateAsync(cancellationToken);
                await PrepareDataAsync(scope.ServiceProvider, db, cancellationToken);
            }
            finally
            {
                // Closing the connection ends the session and with it the lock; the explicit unlock
                // only hurries that, and must not hide the error that brought us here.
                try { await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({StartupLock})", CancellationToken.None); }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { }
                await db.Database.CloseConnectionAsync();
            }
        }
        LogReady(logger, options.IsPostgreSql ? "PostgreSQL" : "SQLite");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// Creates the database when it is missing (another node may create it at the same moment) and
    /// opens the connection the start-up lock lives on. A failure here is a connection problem.
    private static async Task ConnectAsync(FiveSocietiesDbContext db, DatabaseOptions options, CancellationToken ct)
    {
        try
        {
            var creator = db.GetService<IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync(ct))
            {
                try { await creator.CreateAsync(ct); }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { }
            }
            await db.Database.OpenConnectionAsync(ct);
        }
        // The provider's execution strategy reports a failed connection as a "transient failure" around it.
        catch (Exception e) when (Cause(e) is DbException or TimeoutException)
        {
            var cause = Cause(e);
            var target = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            throw new StartupException(OneLine(
                $"无法连接 PostgreSQL（{target.Host}:{target.Port}，数据库 {target.Database}）：{cause.Message.TrimEnd('.', '。')}。" +
                "请检查 ConnectionStrings:FiveSocieties，并确认数据库服务已启动、账号有建库权限。"), e);
        }
    }

    private static Exception Cause(Exception e) => e is InvalidOperationException { InnerException: { } inner } ? inner : e;

    /// Any constant shared by every node (the digits of 郎溪县).
    private const long StartupLock = 341821_000_000;

    /// Steps that check and then write: one node at a time.
    private static async Task PrepareDataAsync(IServiceProvider services, FiveSocietiesDbContext db, CancellationToken ct)
    {
        await SearchIndexes.BackfillAsync(db, ct);
        await new ReferenceDataSeeder(db).SeedAsync(ct);
        await EnsureRolesAsync(services.GetRequiredService<RoleManager<IdentityRole>>());
        if (services.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled)
            await services.GetRequiredService<DemoCountySeeder>().SeedIfEmptyAsync(ct);
    }

    private static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in AppRoles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    private static void EnsureWritable(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException(OneLine(
                $"数据目录 {directory} 不可写：{e.Message.TrimEnd('.', '。')}。请修改 Database:DataDirectory，或授予运行账号写权限。"), e);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider}).")]
    private static partial void LogReady(ILogger logger, string provider);
}
