using System.Data.Common;
using FiveSocieties.Infrastructure.Demo;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.ReferenceData;
using FiveSocieties.Infrastructure.Search;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FiveSocieties.Infrastructure.Startup;

/// Runs before the web server listens: creates or upgrades the schema, seeds reference data
/// and, on an empty database with Demo:Enabled, the demo county. Several nodes may start at
/// once against PostgreSQL: EF Core serialises migrations with a database lock.
internal sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> databaseOptions,
    IOptions<DemoOptions> demoOptions,
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
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception e) when (options.IsPostgreSql && e is NpgsqlException or DbException or TimeoutException)
        {
            var target = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            throw new StartupException(OneLine(
                $"无法连接 PostgreSQL（{target.Host}:{target.Port}，数据库 {target.Database}）：{e.Message.TrimEnd('.', '。')}。" +
                "请检查 ConnectionStrings:FiveSocieties，并确认数据库服务已启动、账号有建库权限。"), e);
        }
        if (options.IsSqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await SearchIndexes.EnsureSqliteAsync(db, cancellationToken);
        }
        await SearchIndexes.BackfillAsync(db, cancellationToken);

        await new ReferenceDataSeeder(db).SeedAsync(cancellationToken);
        await EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());

        if (demoOptions.Value.Enabled)
            await scope.ServiceProvider.GetRequiredService<DemoCountySeeder>().SeedIfEmptyAsync(cancellationToken);
        if (options.IsSqlite)
        {
            // Fresh statistics so the planner picks the scope-and-sort indexes of the lists
            // (PostgreSQL keeps its own up to date).
            await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;", cancellationToken);
        }
        LogReady(logger, options.IsPostgreSql ? "PostgreSQL" : "SQLite");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
