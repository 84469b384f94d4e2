using FiveSocieties.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace FiveSocieties.Web.Tests.Startup;

/// `backup` and `restore` as an operator types them, through the site's executable and its settings
/// (here Database__DataDirectory); the commands themselves are tested on both databases in
/// Infrastructure.Tests/Backup.
public sealed class BackupCommandProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BackupThenRestore_FromTheSiteExecutable_CopyTheConfiguredDatabaseIntoAnotherFolder()
    {
        var root = Directory.CreateTempSubdirectory("fivesocieties-backup-cli.").FullName;
        try
        {
            var (site, copy, file) = (Path.Combine(root, "site"), Path.Combine(root, "copy"), Path.Combine(root, "备份", "fs.db"));
            Directory.CreateDirectory(site);
            await using (var db = new SqliteConnection($"Data Source={Path.Combine(site, "fivesocieties.db")};Pooling=False"))
            {
                await db.OpenAsync(Ct);
                await new SqliteCommand("CREATE TABLE \"__EFMigrationsHistory\" (\"MigrationId\" TEXT PRIMARY KEY); INSERT INTO \"__EFMigrationsHistory\" VALUES ('演练')", db).ExecuteNonQueryAsync(Ct);
            }

            var backup = await RunAsync(site, "backup", "--out", file);
            var restore = await RunAsync(copy, "restore", "--from", file);
            var again = await RunAsync(copy, "restore", "--from", file);

            Assert.True(backup.ExitCode == 0, backup.Errors);
            Assert.Contains("备份完成", backup.Output);
            Assert.True(restore.ExitCode == 0, restore.Errors);
            Assert.Contains("恢复完成", restore.Output);
            await using (var restored = new SqliteConnection($"Data Source={Path.Combine(copy, "fivesocieties.db")};Pooling=False"))
            {
                await restored.OpenAsync(Ct);
                Assert.Equal("演练", await new SqliteCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"", restored).ExecuteScalarAsync(Ct));
            }
            Assert.Equal(73, again.ExitCode); // the copy holds data now
            Assert.Contains("--force", again.Errors);
            Assert.DoesNotContain("   at ", backup.Errors + restore.Errors + again.Errors);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Task<(int ExitCode, string Output, string Errors)> RunAsync(string dataDirectory, params string[] arguments) =>
        SiteExecutable.RunAsync([new("Database__DataDirectory", dataDirectory)], arguments);
}
