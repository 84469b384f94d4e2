using System.Data;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace FiveSocieties.Infrastructure.Backup;

/// PostgreSQL through pg_dump's custom format (-Fc) and pg_restore. The backup reads one snapshot
/// exported from a transaction, so its summary counts exactly what the archive holds while the
/// site goes on writing. A restore goes into an empty database (created when missing), in one
/// transaction: it either completes or leaves the database empty.
internal sealed class PostgresBackup(string connectionString, IRelationalDatabaseCreator creator, string? toolDirectory, TextWriter output)
    : IDatabaseBackup
{
    private NpgsqlConnectionStringBuilder Target => new(connectionString);

    private string Describe => $"PostgreSQL 数据库 {Target.Database}（{Target.Host}:{Target.Port}）";

    public async Task<DatabaseInventory> BackupAsync(string file, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var pgDump = await PostgresTools.FindAsync("pg_dump", connection.PostgreSqlVersion.Major, toolDirectory, ct);
        output.WriteLine($"正在用 pg_dump {pgDump.Version} 备份 {Describe} …（在线备份，网站可以继续运行）");

        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        string id;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, snapshot))
            id = (string)(await export.ExecuteScalarAsync(ct))!;
        var partial = BackupFailure.PartialOf(file);
        var (exit, _, errors) = await PostgresTools.RunAsync(pgDump.Path,
            ["--format=custom", "--no-password", $"--snapshot={id}", $"--file={partial}"], PostgresTools.LibpqEnvironment(connectionString), ct);
        if (exit != 0) throw new BackupFailure(BackupFailure.Failed, $"pg_dump 失败（退出码 {exit}）：{PostgresTools.Tail(errors)}");
        var inventory = await DatabaseInventory.ReadAsync(connection, snapshot, ct);
        await snapshot.CommitAsync(ct);
        File.Move(partial, file, overwrite: true);
        return inventory;
    }

    public async Task<DatabaseInventory> RestoreAsync(string file, bool force, CancellationToken ct)
    {
        var pgRestore = await PostgresTools.FindAsync("pg_restore", await ServerMajorAsync(ct), toolDirectory, ct);
        await CheckAsync(pgRestore, file, ct); // before anything in the target is touched
        output.WriteLine($"正在用 pg_restore {pgRestore.Version} 把 {file} 恢复到 {Describe} …");

        var exists = await creator.ExistsAsync(ct);
        if (exists && await creator.HasTablesAsync(ct))
        {
            if (!force) throw BackupFailure.NotEmpty(Describe);
            output.WriteLine("已指定 --force：删除现有数据库后重新创建。");
            try
            {
                await creator.DeleteAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                throw new BackupFailure(BackupFailure.Failed, $"{Describe} 仍有其他连接：请先停止所有网站节点，再恢复。");
            }
            exists = false;
        }
        if (!exists) await creator.CreateAsync(ct);

        var (exit, _, errors) = await PostgresTools.RunAsync(pgRestore.Path,
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--no-password", $"--dbname={Target.Database}", file],
            PostgresTools.LibpqEnvironment(connectionString), ct);
        if (exit != 0)
            throw new BackupFailure(BackupFailure.Failed, $"pg_restore 失败（退出码 {exit}），数据库保持为空：{PostgresTools.Tail(errors)}");

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return await DatabaseInventory.ReadAsync(connection, null, ct);
    }

    /// The server's version, read from the target database or, when it does not exist yet, from
    /// the maintenance database.
    private async Task<int> ServerMajorAsync(CancellationToken ct)
    {
        try
        {
            return await MajorAsync(connectionString, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return await MajorAsync(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ToString(), ct);
        }

        static async Task<int> MajorAsync(string connectionString, CancellationToken ct)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            return connection.PostgreSqlVersion.Major;
        }
    }

    /// A pg_dump archive that pg_restore can read, of this platform's schema.
    private static async Task CheckAsync(PostgresTools.Tool pgRestore, string file, CancellationToken ct)
    {
        var start = new byte[16];
        await using (var stream = File.OpenRead(file))
            await stream.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, ct);
        if (!BackupFailure.IsPostgresArchive(start))
            throw new BackupFailure(BackupFailure.DataError, start.AsSpan().StartsWith("SQLite format 3\0"u8)
                ? $"{file} 是 SQLite 数据库的备份，而当前配置的数据库是 PostgreSQL（Database:Provider）。"
                : $"{file} 不是 pg_dump 自定义格式（-Fc）的备份文件。");
        var (exit, list, errors) = await PostgresTools.RunAsync(pgRestore.Path, ["--list", file], new Dictionary<string, string>(), ct);
        if (exit != 0)
            throw new BackupFailure(BackupFailure.DataError, $"pg_restore {pgRestore.Version} 无法读取备份文件 {file}：{PostgresTools.Tail(errors)}");
        if (!list.Contains("__EFMigrationsHistory", StringComparison.Ordinal))
            throw new BackupFailure(BackupFailure.DataError, $"{file} 不是本平台的备份（没有数据库结构版本表）。");
    }
}
