namespace FiveSocieties.Infrastructure.Files;

/// Writes exports (需求清单, 资源清单) as .xlsx or .csv.
public static class TableWriter
{
    public static void Write(Stream output, TableFormat format, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string sheetName)
    {
        switch (format)
        {
            case TableFormat.Xlsx: XlsxTable.Write(output, headers, rows, sheetName); break;
            case TableFormat.Csv: CsvTable.Write(output, headers, rows); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), "Exports are .xlsx or .csv.");
        }
    }

    public static string ContentType(TableFormat format) => format == TableFormat.Xlsx
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv; charset=utf-8";
}
