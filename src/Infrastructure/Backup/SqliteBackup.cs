using Microsoft.Data.Sqlite;

namespace FiveSocieties.Infrastructure.Backup;

/// SQLite through its online backup API: a backup is one consistent snapshot taken under a read
/// transaction, while the site goes on writing (WAL), saved as one self-contained file. A restore
/// copies it page by page into the configured file with the same API, which also settles the
/// target's write-ahead log; the site must be stopped meanwhile.
internal sealed class SqliteBackup(string connectionString, TextWriter output) : IDatabaseBackup
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    private string DatabaseFile => Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);

    public async Task<DatabaseInventory> BackupAsync(string file, CancellationToken ct)
    {
        var database = DatabaseFile;
        if (!File.Exists(database))
            throw new BackupFailure(BackupFailure.NoInput, $"数据库文件不存在：{database}。请检查 Database:DataDirectory 或 ConnectionStrings:FiveSocieties。");
        output.WriteLine($"正在备份 SQLite 数据库 {database} …（在线备份，网站可以继续运行）");
        var partial = BackupFailure.PartialOf(file);
        Delete(partial);
        DatabaseInventory inventory;
        await using (var source = Open(database, SqliteOpenMode.ReadWrite))
        await using (var copy = Open(partial, SqliteOpenMode.ReadWriteCreate))
        {
            source.BackupDatabase(copy);
            await ExecuteAsync(copy, "PRAGMA journal_mode=DELETE", ct); // one file, no -wal beside it
            inventory = await DatabaseInventory.ReadAsync(copy, null, ct);
        }
        File.Move(partial, file, overwrite: true);
        return inventory;
    }

    public async Task<DatabaseInventory> RestoreAsync(string file, bool force, CancellationToken ct)
    {
        var database = DatabaseFile;
        await CheckAsync(file, ct);
        output.WriteLine($"正在把 {file} 恢复到 SQLite 数据库 {database} …（网站须已停止）");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        await using var target = Open(database, SqliteOpenMode.ReadWriteCreate);
        if (await ScalarAsync(target, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", ct) > 0)
        {
            if (!force) throw BackupFailure.NotEmpty($"SQLite 数据库 {database}");
            output.WriteLine("已指定 --force：现有数据将被备份中的数据替换。");
        }
        await using (var backup = Open(file, SqliteOpenMode.ReadOnly))
            backup.BackupDatabase(target);
        await ExecuteAsync(target, "PRAGMA journal_mode=WAL", ct); // as the site runs it
        if (await TextAsync(target, "PRAGMA quick_check", ct) != "ok")
            throw new BackupFailure(BackupFailure.Failed, $"恢复后的数据库 {database} 未通过完整性检查，请重新恢复。");
        return await DatabaseInventory.ReadAsync(target, null, ct);
    }

    /// A SQLite file that passes its own check and holds this platform's schema.
    private static async Task CheckAsync(string file, CancellationToken ct)
    {
        var start = new byte[Header.Length];
        await using (var stream = File.OpenRead(file))
            await stream.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, ct);
        if (!start.AsSpan().SequenceEqual(Header))
            throw new BackupFailure(BackupFailure.DataError, BackupFailure.IsPostgresArchive(start)
                ? $"{file} 是 PostgreSQL 的备份，而当前配置的数据库是 SQLite（Database:Provider）。"
                : $"{file} 不是 SQLite 数据库的备份文件。");
        await using var backup = Open(file, SqliteOpenMode.ReadOnly);
        if (await TextAsync(backup, "PRAGMA quick_check", ct) != "ok")
            throw new BackupFailure(BackupFailure.DataError, $"备份文件 {file} 已损坏（未通过完整性检查）。");
        if (await ScalarAsync(backup, "SELECT count(*) FROM sqlite_master WHERE name = '__EFMigrationsHistory'", ct) == 0)
            throw new BackupFailure(BackupFailure.DataError, $"{file} 不是本平台的备份（没有数据库结构版本表）。");
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = mode,
            Pooling = false, // the file is closed when the command ends (and before a backup is moved into place)
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static void Delete(string file)
    {
        foreach (var path in new[] { file, file + "-journal", file + "-wal", file + "-shm" }) File.Delete(path);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new SqliteCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string?> TextAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new SqliteCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync(ct);
    }
}
