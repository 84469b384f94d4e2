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

/// Reads rosters people keep in Excel, CSV or JSON into rows of text cells, within the limits of
/// <see cref="ImportLimits"/>: a file that would unpack or hold more is refused, saying why.
public static class TableFile
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 100_000;

    /// Excel's own limit for one cell; also for CSV and JSON cells.
    public const int MaxCellCharacters = 32_767;

    public static TableFormat FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".xlsx" => TableFormat.Xlsx,
        ".csv" or ".txt" => TableFormat.Csv,
        ".json" => TableFormat.Json,
        ".xls" => throw new TableFileException("不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后再上传。"),
        _ => throw new TableFileException("只支持 .xlsx、.csv 和 .json 文件。"),
    };

    /// With the default limits (files the site wrote itself, tests).
    public static Table Read(byte[] content, string fileName) => Read(content, fileName, new ImportLimits());

    public static Table Read(byte[] content, string fileName, ImportLimits limits)
    {
        if (content.Length == 0) throw new TableFileException("文件是空的（0 字节），请检查后重新上传。");
        if (content.Length > MaxBytes) throw new TableFileException($"文件超过 {MaxBytes / 1024 / 1024} MB 上限，请拆分后分批导入。");
        var table = FormatOf(fileName) switch
        {
            TableFormat.Xlsx => XlsxTable.Read(content, limits),
            TableFormat.Csv => CsvTable.Read(content, limits),
            _ => JsonTable.Read(content, limits),
        };
        if (table.Headers.Count == 0) throw new TableFileException("没有找到表头行：第一行应是列名，如“姓名”“手机号”。");
        return table;
    }
}

/// Keeps the rows a reader finds, as it finds them, so that every limit is checked before the
/// memory is spent: blank lines above the header are skipped, the first other line is the header,
/// cells are trimmed, cells under no header and rows that are entirely empty (common at the bottom
/// of spreadsheets) are dropped.
internal sealed class TableBuilder(ImportLimits limits)
{
    private string[]? names;
    private readonly List<TableRow> rows = [];
    private long cells, characters;

    /// Cells of a data row past this column are never kept, so readers need not read them.
    public int Width => names?.Length ?? int.MaxValue;

    public void Add(int number, IReadOnlyList<string> line)
    {
        if (names is null)
        {
            if (line.All(string.IsNullOrWhiteSpace)) return;
            Headers(number, line);
            return;
        }
        Dictionary<string, string>? map = null;
        for (var i = 0; i < names.Length && i < line.Count; i++)
        {
            var cell = line[i];
            if (names[i].Length == 0 || string.IsNullOrWhiteSpace(cell)) continue;
            CheckCell(number, cell);
            var value = cell.Trim();
            (map ??= new Dictionary<string, string>(StringComparer.Ordinal))[names[i]] = value;
            cells++;
            characters += value.Length;
        }
        if (map is null) return;
        if (rows.Count == TableFile.MaxRows) throw new TableFileException($"一次最多导入 {TableFile.MaxRows:N0} 行，请拆分后分批导入。");
        if (cells > limits.MaxCells) throw TooManyCells(limits);
        if (characters > limits.MaxTextCharacters) throw TooMuchText(limits);
        rows.Add(new TableRow(number, map));
    }

    /// The header of a JSON file: the keys of its objects.
    public void Headers(int number, IReadOnlyList<string> headers)
    {
        foreach (var header in headers) CheckCell(number, header);
        names = headers.Select(h => h.Trim().Replace("\n", "").Replace("\r", "")).ToArray();
        if (names.Count(n => n.Length > 0) > limits.MaxColumns)
            throw new TableFileException($"表头超过 {limits.MaxColumns} 列，请删除多余的列后重新上传。");
    }

    public Table Build() => new((names ?? []).Where(n => n.Length > 0).ToList(), rows);

    public static void CheckCell(int number, string cell)
    {
        if (cell.Length > TableFile.MaxCellCharacters) throw CellTooLong(number);
    }

    public static TableFileException CellTooLong(int? number) => new(
        $"{(number is { } n ? $"第 {n} 行" : "文件中")}有单元格超过 {TableFile.MaxCellCharacters:N0} 个字符（Excel 单元格的上限），请检查后重新上传。");

    public static TableFileException TooManyCells(ImportLimits limits) =>
        new($"文件中的数据过多（超过 {limits.MaxCells:N0} 个单元格），请拆分后分批导入。");

    public static TableFileException TooMuchText(ImportLimits limits) =>
        new($"文件中的文字过多（超过 {limits.MaxTextCharacters:N0} 个字），请拆分后分批导入。");
}
