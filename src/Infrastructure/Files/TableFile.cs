namespace FiveSocieties.Infrastructure.Files;

public enum TableFormat
{
    Xlsx,
    Csv,
    Json,
}

/// One data row of an uploaded table: its number as the user sees it (the header is row 1 in a
/// spreadsheet), and its cells by header.
public sealed record TableRow(int Number, IReadOnlyDictionary<string, string> Cells);

public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<TableRow> Rows);

/// A file that cannot be read as the table it claims to be; the message says why, in Chinese.
public sealed class TableFileException(string message) : Exception(message);

/// Reads rosters people keep in Excel, CSV or JSON into rows of text cells.
public static class TableFile
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 100_000;

    public static TableFormat FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".xlsx" => TableFormat.Xlsx,
        ".csv" or ".txt" => TableFormat.Csv,
        ".json" => TableFormat.Json,
        ".xls" => throw new TableFileException("不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后再上传。"),
        _ => throw new TableFileException("只支持 .xlsx、.csv 和 .json 文件。"),
    };

    public static Table Read(byte[] content, string fileName)
    {
        if (content.Length == 0) throw new TableFileException("文件是空的（0 字节），请检查后重新上传。");
        if (content.Length > MaxBytes) throw new TableFileException($"文件超过 {MaxBytes / 1024 / 1024} MB 上限，请拆分后分批导入。");
        var table = FormatOf(fileName) switch
        {
            TableFormat.Xlsx => XlsxTable.Read(content),
            TableFormat.Csv => CsvTable.Read(content),
            _ => JsonTable.Read(content),
        };
        if (table.Headers.Count == 0) throw new TableFileException("没有找到表头行：第一行应是列名，如“姓名”“手机号”。");
        if (table.Rows.Count > MaxRows) throw new TableFileException($"一次最多导入 {MaxRows:N0} 行，请拆分后分批导入。");
        return table;
    }

    /// Trims cells and drops rows that are entirely empty (common at the bottom of spreadsheets).
    internal static Table Clean(IReadOnlyList<string> headers, IEnumerable<(int Number, string[] Cells)> rows)
    {
        var names = headers.Select(h => h.Trim().Replace("\n", "").Replace("\r", "")).ToList();
        var result = new List<TableRow>();
        foreach (var (number, cells) in rows)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < names.Count && i < cells.Length; i++)
                if (names[i].Length > 0 && !string.IsNullOrWhiteSpace(cells[i])) map[names[i]] = cells[i].Trim();
            if (map.Count > 0) result.Add(new TableRow(number, map));
        }
        return new Table(names.Where(n => n.Length > 0).ToList(), result);
    }
}
