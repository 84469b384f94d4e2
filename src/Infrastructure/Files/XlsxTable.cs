using System.Globalization;
using System.IO.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace FiveSocieties.Infrastructure.Files;

/// The first worksheet of an .xlsx file, read as a stream of rows (a 20,000-row roster never sits
/// in memory as a DOM). Dates typed in Excel come back as yyyy-MM-dd.
internal static class XlsxTable
{
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0];

    public static Table Read(byte[] content)
    {
        if (content.AsSpan().StartsWith(OleMagic))
            throw new TableFileException("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后再上传。");
        if (!content.AsSpan().StartsWith(ZipMagic))
            throw new TableFileException("文件不是有效的 Excel（.xlsx）文件，可能只是改了扩展名。");
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false);
            // A zip without a workbook part (an .ods, a .zip renamed) is not a workbook at all.
            var workbook = document.WorkbookPart ?? throw new TableFileException("文件不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名。");
            var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault()
                        ?? throw new TableFileException("Excel 文件中没有工作表。");
            var worksheet = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
            var dateStyles = DateStyles(workbook);

            var rows = new List<(int, string[])>();
            string[]? headers = null;
            using var reader = OpenXmlReader.Create(worksheet);
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
                var row = (Row)reader.LoadCurrentElement()!;
                var number = (int)(row.RowIndex?.Value ?? (uint)(rows.Count + (headers is null ? 1 : 2)));
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                    while (cells.Count < column) cells.Add("");
                    cells.Add(Text(cell, strings, dateStyles));
                }
                if (headers is null)
                {
                    if (cells.All(string.IsNullOrWhiteSpace)) continue; // blank lines above the header
                    headers = cells.ToArray();
                }
                else rows.Add((number, cells.ToArray()));
                if (rows.Count > TableFile.MaxRows) break;
            }
            return TableFile.Clean(headers ?? [], rows);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new TableFileException("文件不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名。");
        }
    }

    private static string Text(Cell cell, string[] strings, HashSet<uint> dateStyles)
    {
        var raw = cell.CellValue?.Text ?? cell.InlineString?.InnerText ?? "";
        if (cell.DataType?.Value == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Length ? strings[i] : "";
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString?.InnerText ?? raw;
        if (cell.DataType?.Value == CellValues.Boolean) return raw == "1" ? "是" : "否";
        if (cell.DataType is null || cell.DataType.Value == CellValues.Number)
        {
            if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style)
                && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466)
                return DateTime.FromOADate(serial).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            // 13800138000 stays as typed; 1.38E+10 (Excel's display) is not what the file holds.
            if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                return number.ToString(CultureInfo.InvariantCulture);
        }
        return raw;
    }

    /// Style indexes whose number format shows a date (built-in 14–22, 45–47, or a custom format
    /// with year/month/day letters and not only time).
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var result = new HashSet<uint>();
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is null) return result;
        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "") ?? [];
        uint index = 0;
        foreach (var format in stylesheet.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            var isDate = id is >= 14 and <= 22 or >= 45 and <= 47 or >= 27 and <= 36 or >= 50 and <= 58
                         || custom.TryGetValue(id, out var code) && IsDateFormat(code);
            if (isDate) result.Add(index);
            index++;
        }
        return result;
    }

    private static bool IsDateFormat(string code)
    {
        var plain = System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]|\\\\.", "");
        return plain.IndexOfAny(['y', 'Y', 'd', 'D']) >= 0 || plain.Contains("年") || plain.Contains("日");
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c)) break;
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return index == 0 ? null : index - 1;
    }

    /// Writes rows as the first worksheet; the header row is bold and frozen.
    public static void Write(Stream output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string sheetName)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(), new Font(new Bold())),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border()),
            new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }));
        var worksheet = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(worksheet))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteElement(new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 }));
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, headers, bold: true);
            foreach (var row in rows) WriteRow(writer, row, bold: false);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = 1, Name = sheetName }));
        workbook.Workbook.Save();
    }

    private static void WriteRow(OpenXmlWriter writer, IReadOnlyList<string> cells, bool bold)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in cells)
        {
            // Inline strings keep numbers such as phone and ID numbers exactly as text.
            var cell = new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value ?? "")) };
            if (bold) cell.StyleIndex = 1;
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }
}
