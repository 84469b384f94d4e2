using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using FiveSocieties.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Backup;

/// A backup, or a restore into the configured database, for one provider.
internal interface IDatabaseBackup
{
    /// Writes a consistent backup of the database to <paramref name="file"/> (never a partial
    /// file under that name: it is written as <see cref="BackupFailure.PartialOf"/>, which the
    /// command removes after a failure) and returns what it holds.
    Task<DatabaseInventory> BackupAsync(string file, CancellationToken ct);

    /// Restores <paramref name="file"/> into the configured database, which must be empty unless
    /// <paramref name="force"/>; returns what the restored database holds.
    Task<DatabaseInventory> RestoreAsync(string file, bool force, CancellationToken ct);
}

/// A failure the operator can act on: one Chinese line and an exit code (sysexits.h).
internal sealed class BackupFailure(int exitCode, string message) : Exception(message)
{
    public const int Usage = 64, DataError = 65, NoInput = 66, Unavailable = 69, CannotCreate = 73, Failed = 1;

    public int ExitCode { get; } = exitCode;

    public static BackupFailure NotEmpty(string target) =>
        new(CannotCreate, $"{target} 中已有数据，未做任何改动。恢复会替换全部现有数据：确认无误后加 --force 再运行。");

    /// Where a backup is written until it is complete.
    public static string PartialOf(string file) => file + ".partial";

    public static bool IsPostgresArchive(ReadOnlySpan<byte> start) => start.StartsWith("PGDMP"u8);
}

/// <c>dotnet FiveSocieties.Web.dll backup --out 文件</c> and <c>restore --from 文件 [--force]</c>,
/// with the site's own configuration (appsettings, environment variables, the other arguments).
/// SQLite: the online backup API; PostgreSQL: pg_dump -Fc and pg_restore. The site is built with
/// WebApplication so that it reads exactly the settings the site reads.
public static class BackupCommand
{
    public const string Usage =
        "用法：dotnet FiveSocieties.Web.dll backup --out 备份文件 [--pg-bin 目录]\n" +
        "      dotnet FiveSocieties.Web.dll restore --from 备份文件 [--force] [--pg-bin 目录]\n" +
        "其余参数同网站的配置，例如 --Database:Provider PostgreSQL。恢复前请停止网站。";

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken ct = default)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        string? file = null, toolDirectory = null;
        var force = false;
        var settings = new List<string>();
        var restore = args is ["restore", ..];
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when !restore && i + 1 < args.Length: file = args[++i]; break;
                case "--from" when restore && i + 1 < args.Length: file = args[++i]; break;
                case "--pg-bin" when i + 1 < args.Length: toolDirectory = args[++i]; break;
                case "--force" when restore: force = true; break;
                default: settings.Add(args[i]); break;
            }
        }
        if (args is not ["backup" or "restore", ..] || string.IsNullOrWhiteSpace(file))
        {
            await error.WriteLineAsync(Usage);
            return BackupFailure.Usage;
        }
        file = Path.GetFullPath(file);
        if (restore && !File.Exists(file))
        {
            await error.WriteLineAsync($"找不到备份文件：{file}");
            return BackupFailure.NoInput;
        }

        var builder = WebApplication.CreateBuilder(settings.ToArray());
        builder.AddInfrastructure();
        builder.Logging.ClearProviders(); // the command reports for itself
        await using var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value; // a wrong setting stops here, in one line
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var connectionString = db.Database.GetConnectionString()!;
        IDatabaseBackup backup = options.IsPostgreSql
            ? new PostgresBackup(connectionString, db.GetService<IRelationalDatabaseCreator>(), toolDirectory, output)
            : new SqliteBackup(connectionString, output);

        var watch = Stopwatch.StartNew();
        try
        {
            if (restore)
            {
                var restored = await backup.RestoreAsync(file, force, ct);
                await output.WriteLineAsync($"恢复完成，用时 {Seconds(watch)} 秒。恢复后的数据库：");
                foreach (var line in restored.Summary()) await output.WriteLineAsync(line);
                await output.WriteLineAsync("现在可以启动网站：数据库结构会自动升级到当前版本；登录密钥保存在数据库中，已有的登录和令牌仍然有效。");
            }
            else
            {
                // Can the file be written at all? Found out before any database work, with the file's own error.
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                var partial = BackupFailure.PartialOf(file);
                await File.WriteAllBytesAsync(partial, [], ct);
                DatabaseInventory saved;
                try
                {
                    saved = await backup.BackupAsync(file, ct);
                }
                finally
                {
                    File.Delete(partial); // left only by a failure
                }
                await output.WriteLineAsync($"备份完成：{file}（{new FileInfo(file).Length / 1024.0 / 1024.0:0.0} MB），用时 {Seconds(watch)} 秒。备份中的数据：");
                foreach (var line in saved.Summary()) await output.WriteLineAsync(line);
            }
            return 0;
        }
        catch (BackupFailure failure)
        {
            await error.WriteLineAsync(failure.Message);
            return failure.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"无法写入文件：{e.Message}");
            return BackupFailure.CannotCreate;
        }
        catch (Exception e) when (e is DbException || DatabaseOutage.IsOutage(e))
        {
            await error.WriteLineAsync($"无法访问数据库：{e.GetBaseException().Message.ReplaceLineEndings(" ")}。请检查 ConnectionStrings:FiveSocieties，并确认数据库服务已启动。");
            return BackupFailure.Unavailable;
        }
    }

    private static string Seconds(Stopwatch watch) => watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
