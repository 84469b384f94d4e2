using System.Buffers.Binary;
using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace FiveSocieties.Infrastructure.Backup;

/// <param name="Fingerprint">A hash of every value of every row, independent of row order.</param>
public sealed record TableInventory(string Table, long Rows, string Fingerprint);

/// What a database holds: each table's row count and a fingerprint of its contents. Printed
/// after a backup and after a restore — the same fingerprint on both sides shows that the restore
/// holds exactly what was backed up — and compared by the backup tests.
public sealed class DatabaseInventory(IReadOnlyList<TableInventory> tables)
{
    /// The tables shown by name in the summary, with what they hold.
    public static readonly IReadOnlyList<(string Table, string Name)> KeyTables =
    [
        ("Needs", "需求"), ("Volunteers", "志愿者"), ("Organisations", "社会组织"), ("Funds", "慈善基金"),
        ("MicroGrantProjects", "微创投项目"), ("Matches", "匹配"), ("ServiceRecords", "服务记录"), ("Events", "事件"),
        ("AspNetUsers", "账号"), ("DataProtectionKeys", "登录密钥"),
    ];

    public IReadOnlyList<TableInventory> Tables { get; } = tables;

    public long Rows(string table) => Tables.FirstOrDefault(t => t.Table == table)?.Rows ?? 0;

    public long TotalRows => Tables.Sum(t => t.Rows);

    /// One fingerprint for the whole database.
    public string Fingerprint => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', Tables.OrderBy(t => t.Table, StringComparer.Ordinal).Select(t => $"{t.Table}:{t.Rows}:{t.Fingerprint}")))))[..16];

    /// Chinese lines for the command's summary.
    public IEnumerable<string> Summary()
    {
        yield return "  " + string.Join("，", KeyTables.Select(k => $"{k.Name} {Rows(k.Table)}"));
        yield return $"  共 {Tables.Count} 张表、{TotalRows} 行，校验值 {Fingerprint}";
    }

    /// Reads every table of the application's schema (SQLite: all but its own sqlite_ tables,
    /// including the full-text indexes; PostgreSQL: the connection's current schema), inside
    /// <paramref name="transaction"/> when given (a backup's snapshot).
    public static async Task<DatabaseInventory> ReadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var names = new List<string>();
        await using (var list = Command(connection, transaction, connection is NpgsqlConnection
            ? "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"))
        await using (var reader = await list.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));

        var tables = new List<TableInventory>();
        foreach (var name in names.Order(StringComparer.Ordinal))
            tables.Add(await ReadTableAsync(connection, transaction, name, ct));
        return new DatabaseInventory(tables);
    }

    private static async Task<TableInventory> ReadTableAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken ct)
    {
        await using var select = Command(connection, transaction, $"SELECT * FROM \"{table.Replace("\"", "\"\"")}\"");
        await using var reader = await select.ExecuteReaderAsync(ct);
        // The sum of the rows' hashes: the same rows in any order give the same fingerprint.
        UInt128 sum = 0;
        long rows = 0;
        var values = new object[reader.FieldCount];
        var row = new StringBuilder();
        while (await reader.ReadAsync(ct))
        {
            reader.GetValues(values);
            row.Clear();
            foreach (var value in values) row.Append(Text(value)).Append('\u001f');
            sum += BinaryPrimitives.ReadUInt128LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(row.ToString())));
            rows++;
        }
        return new TableInventory(table, rows, sum.ToString("x32", CultureInfo.InvariantCulture));
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 0; // a large table may take a while; a backup waits for it
        return command;
    }

    private static string Text(object value) => value switch
    {
        DBNull => "\u2400",
        byte[] bytes => Convert.ToHexString(bytes),
        string text => text,
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(",", items.Cast<object>().Select(Text)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
