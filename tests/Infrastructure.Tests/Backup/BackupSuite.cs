using System.Data.Common;
using FiveSocieties.Infrastructure.Backup;
using FiveSocieties.Infrastructure.Outbox;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Tests.Demo;
using FiveSocieties.Infrastructure.Tests.Support;
using FiveSocieties.Tests;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Backup;

/// The backup and restore commands as an operator runs them, over the full demo county: a backup
/// restored into a new database holds every row of every table, and the app runs on it.
public abstract class BackupSuite<TFixture>(TFixture fixture) where TFixture : DemoCountyFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InfrastructureHost Host
    {
        get
        {
            TestDatabase.RequireAvailable(fixture.Provider);
            return fixture.Host;
        }
    }

    protected string SourceConnection => Host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!;

    [Fact]
    public async Task Backup_RestoredIntoANewDatabase_HoldsEveryRecordOfTheDemoCounty_AndTheAppRunsOnIt()
    {
        // A sign-in token made before the backup: its key is in the database.
        var token = Host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("backup-test").Protect("worker1");
        await using var target = TestDatabase.Create(fixture.Provider);
        var file = BackupFile();

        var backup = await RunAsync(["backup", "--out", file], SourceConnection);
        var restore = await RunAsync(["restore", "--from", file], target.ConnectionString);

        Assert.True(backup.ExitCode == 0, backup.Errors);
        Assert.True(restore.ExitCode == 0, restore.Errors);
        Assert.Contains("备份完成", backup.Output);
        Assert.Contains("恢复完成", restore.Output);
        var source = await InventoryAsync(SourceConnection);
        var restored = await InventoryAsync(target.ConnectionString);
        Assert.Equal(source.Tables, restored.Tables); // every table: its rows, and a hash of every value
        Assert.Equal(2000, restored.Rows("Volunteers"));
        Assert.InRange(restored.Rows("Needs"), 500, long.MaxValue); // the demo's, and those of the other tests here
        Assert.All(DatabaseInventory.KeyTables, k => Assert.True(restored.Rows(k.Table) > 0, k.Table));
        // The operator can compare the two summaries: the same check value on both sides.
        Assert.Contains($"校验值 {source.Fingerprint}", backup.Output);
        Assert.Contains($"校验值 {source.Fingerprint}", restore.Output);

        // The app starts on the restored database as on the original (no demo seeded again), keeps
        // accepting new records, and reads the tokens signed before the backup.
        await using var restoredApp = await InfrastructureHost.StartAsync(target, [new("Demo:Enabled", "true")]);
        Assert.Equal("worker1", restoredApp.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("backup-test").Unprotect(token));
        var village = await restoredApp.WithDb(db => Builders.VillageAsync(db));
        var need = await SubmitAsync(restoredApp, village, "恢复后的新需求");
        Assert.True(need > await Host.WithDb(db => db.Needs.MaxAsync(n => n.Id, Ct)));
        Assert.Equal(restored.Rows("Needs") + 1, await restoredApp.WithDb(db => db.Needs.LongCountAsync(Ct)));
    }

    [Fact]
    public async Task Restore_IntoADatabaseWithData_IsRefusedWithoutForce_AndReplacesItWithForce()
    {
        await using var target = TestDatabase.Create(fixture.Provider);
        var file = BackupFile();
        Assert.Equal(0, (await RunAsync(["backup", "--out", file], SourceConnection)).ExitCode);
        Assert.Equal(0, (await RunAsync(["restore", "--from", file], target.ConnectionString)).ExitCode);
        await using (var other = await InfrastructureHost.StartAsync(target))
            await SubmitAsync(other, await other.WithDb(db => Builders.VillageAsync(db)), "恢复前的新需求");
        var changed = await InventoryAsync(target.ConnectionString);

        var refused = await RunAsync(["restore", "--from", file], target.ConnectionString);

        Assert.Equal(73, refused.ExitCode);
        Assert.Contains("中已有数据，未做任何改动", refused.Errors);
        Assert.Equal(changed.Tables, (await InventoryAsync(target.ConnectionString)).Tables);

        var forced = await RunAsync(["restore", "--from", file, "--force"], target.ConnectionString);

        Assert.True(forced.ExitCode == 0, forced.Errors);
        Assert.Equal((await InventoryAsync(SourceConnection)).Tables, (await InventoryAsync(target.ConnectionString)).Tables);
    }

    [Fact]
    public async Task Backup_TakenWhileNeedsArePosted_HoldsEachNeedWholeOrNotAtAll()
    {
        var prefix = $"备份期间 {Guid.NewGuid():N}"[..16];
        var village = await Host.WithDb(db => Builders.VillageAsync(db));
        using var stop = new CancellationTokenSource();
        var posted = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await SubmitAsync(Host, village, $"{prefix} {posted + 1}");
                Interlocked.Increment(ref posted);
            }
        }, Ct);
        await WaitForAsync(() => posted >= 10, writer);
        var file = BackupFile();

        var backup = await RunAsync(["backup", "--out", file], SourceConnection);

        var postedAfterBackup = Volatile.Read(ref posted);
        await WaitForAsync(() => posted >= postedAfterBackup + 10, writer);
        await stop.CancelAsync();
        await writer;
        Assert.True(backup.ExitCode == 0, backup.Errors);
        await using var target = TestDatabase.Create(fixture.Provider);
        Assert.Equal(0, (await RunAsync(["restore", "--from", file], target.ConnectionString)).ExitCode);
        await using var restored = await InfrastructureHost.StartAsync(target);
        var needs = await restored.WithDb(db => db.Needs.AsNoTracking().Where(n => n.Title.StartsWith(prefix))
            .Select(n => new { n.Id, History = n.History.Count() }).ToListAsync(Ct));
        var events = await restored.WithDb(db => db.Events.AsNoTracking()
            .Where(e => e.Type == EventTypes.NeedSubmitted && needs.Select(n => n.Id).Contains(e.NeedId)).CountAsync(Ct));
        // Taken in the middle of the writes: some needs, each with its whole history and its event.
        Assert.InRange(needs.Count, 10, postedAfterBackup + 1); // + one committed but not yet counted
        Assert.All(needs, n => Assert.Equal(2, n.History)); // draft, submitted
        Assert.Equal(needs.Count, events);
    }

    [Fact]
    public async Task Restore_OfAFileThatIsNotABackup_SaysSoAndChangesNothing()
    {
        await using var target = TestDatabase.Create(fixture.Provider);
        var file = BackupFile();
        await File.WriteAllTextAsync(file, "姓名,手机号\n张三,13800000000\n", Ct);

        var restore = await RunAsync(["restore", "--from", file], target.ConnectionString);

        Assert.Equal(65, restore.ExitCode);
        Assert.Contains("不是", restore.Errors);
        Assert.DoesNotContain("   at ", restore.Errors);
    }

    [Fact]
    public async Task Commands_WithAMissingOrUnwritableFile_SayWhatIsWrongInChinese()
    {
        var usage = await RunAsync(["backup"], SourceConnection);
        var unwritable = await RunAsync(["backup", "--out", "/proc/version/备份.db"], SourceConnection);
        var missing = await RunAsync(["restore", "--from", Path.Combine(Path.GetTempPath(), "没有这个文件.backup")], SourceConnection);

        Assert.Equal(64, usage.ExitCode);
        Assert.StartsWith("用法：", usage.Errors);
        Assert.Equal(73, unwritable.ExitCode);
        Assert.StartsWith("无法写入文件", unwritable.Errors);
        Assert.Equal(66, missing.ExitCode);
        Assert.Contains("找不到备份文件", missing.Errors);
    }

    protected async Task<(int ExitCode, string Output, string Errors)> RunAsync(string[] args, string connectionString)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        string[] settings = [$"--Database:Provider={(fixture.Provider == TestProvider.Sqlite ? "Sqlite" : "PostgreSQL")}", $"--ConnectionStrings:FiveSocieties={connectionString}"];
        var exitCode = await BackupCommand.RunAsync([.. args, .. settings], output, errors, Ct);
        return (exitCode, output.ToString(), errors.ToString());
    }

    private async Task<DatabaseInventory> InventoryAsync(string connectionString)
    {
        await using DbConnection connection = fixture.Provider == TestProvider.Sqlite
            ? new SqliteConnection(connectionString)
            : new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        return await DatabaseInventory.ReadAsync(connection, null, Ct);
    }

    /// A need as the posting forms save it: the need, its history and its event in one transaction.
    private static Task<long> SubmitAsync(InfrastructureHost host, FiveSocieties.Matching.Regions.DivisionCode village, string title) => host.WithDb(async db =>
    {
        var need = Builders.Need(village, title: title);
        need.Submit(Builders.Worker, Builders.Now);
        db.Needs.Add(need);
        await db.SaveChangesAsync(Ct);
        return need.Id;
    });

    private static async Task WaitForAsync(Func<bool> condition, Task writer)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (!condition())
        {
            if (writer.IsFaulted) await writer; // the writer's own failure, not a time-out
            await Task.Delay(20, timeout.Token);
        }
    }

    protected static string BackupFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fivesocieties-tests", "backups");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{Guid.NewGuid():N}.backup");
    }
}

public sealed class SqliteBackupTests(SqliteDemoCounty fixture) : BackupSuite<SqliteDemoCounty>(fixture), IClassFixture<SqliteDemoCounty>;
public sealed class PostgresBackupTests(PostgresDemoCounty fixture) : BackupSuite<PostgresDemoCounty>(fixture), IClassFixture<PostgresDemoCounty>
{
    [Fact]
    public async Task Backup_WithoutPgDump_SaysWhatToInstall()
    {
        var backup = await RunAsync(["backup", "--out", BackupFile(), "--pg-bin", Path.Combine(Path.GetTempPath(), "没有这个目录")], SourceConnection);

        Assert.Equal(69, backup.ExitCode);
        Assert.StartsWith("找不到 pg_dump：请安装 PostgreSQL 客户端", backup.Errors);
    }

    [Fact]
    public async Task Backup_WithAPgDumpOlderThanTheServer_SaysWhichVersionToInstall()
    {
        // A pg_dump of PostgreSQL 9.6, as an old client package would leave behind.
        var directory = Path.Combine(Path.GetTempPath(), "fivesocieties-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var oldTool = Path.Combine(directory, "pg_dump");
        await File.WriteAllTextAsync(oldTool, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n", TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(oldTool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var file = BackupFile();

        var backup = await RunAsync(["backup", "--out", file, "--pg-bin", directory], SourceConnection);

        Assert.Equal(69, backup.ExitCode);
        Assert.Matches(@"^pg_dump 的版本（9）低于数据库服务器的版本（\d+），无法使用：请安装 postgresql-client-\d+", backup.Errors);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(file + ".partial"));
    }
}
