using System.Globalization;
using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace FiveSocieties.Infrastructure.Files;

/// The first worksheet of an .xlsx file, read as a stream of XML tokens: no part is ever loaded
/// as a DOM (a DOM of a hostile part costs gigabytes, and loading deeply nested elements overflows
/// the stack). Dates typed in Excel come back as yyyy-MM-dd.
///
/// Reader chosen (issue 12): DocumentFormat.OpenXml's OpenXmlReader, token by token, after
/// <see cref="ZipCheck"/>. MiniExcel 1.47.1 was measured on the same 272 KB workbook whose shared
/// strings unpack to 126 MB: it checks no entry size or ratio and reads the whole shared-string
/// table before the first row (948 MB allocated); the Open XML SDK prohibits DTDs, bounds each part
/// with MaxCharactersInPart, and its reader lets every limit be checked as the tokens come.
internal static class XlsxTable
{
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0];

    // Excel's sheet: 1,048,576 rows by 16,384 columns (A…XFD).
    private const int ExcelRows = 1_048_576, ExcelColumns = 16_384;

    // A worksheet nests 7 deep (worksheet, sheetData, row, c, is, r, t); deeper is not Excel's.
    private const int MaxDepth = 32;

    private const string Damaged = "文件不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名。";
    private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static Table Read(byte[] content, ImportLimits limits)
    {
        if (content.AsSpan().StartsWith(OleMagic))
            throw new TableFileException("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后再上传。");
        if (!content.AsSpan().StartsWith(ZipMagic))
            throw new TableFileException("文件不是有效的 Excel（.xlsx）文件，可能只是改了扩展名。");
        try
        {
            ZipCheck.Check(content, limits);
            using var stream = new MemoryStream(content, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = limits.MaxUncompressedBytes });
            // A zip without a workbook part (an .ods, a .zip renamed) is not a workbook at all.
            var workbook = document.WorkbookPart ?? throw new TableFileException(Damaged);
            var worksheet = FirstWorksheet(workbook);
            var strings = SharedStrings(workbook, limits);
            var table = new TableBuilder(limits);
            ReadRows(worksheet, strings, DateStyles(workbook), table);
            return table.Build();
        }
        catch (XmlException)
        {
            throw new TableFileException("Excel 文件中的内容格式有误（可能已损坏，或含有不允许的 DTD 声明），请在 Excel 中打开后另存为 .xlsx 再上传。");
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or InvalidOperationException
                                       or KeyNotFoundException or NotSupportedException or ArgumentException)
        {
            throw new TableFileException(Damaged);
        }
    }

    /// The tokens of a part, refusing nesting no spreadsheet has.
    private static IEnumerable<OpenXmlReader> Tokens(OpenXmlPart part)
    {
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.Depth > MaxDepth)
                throw new TableFileException("Excel 文件的结构异常（XML 嵌套过深），请在 Excel 中打开后另存为 .xlsx 再上传。");
            yield return reader;
        }
    }

    private static string? Attribute(OpenXmlReader reader, string name, string ns = "")
    {
        foreach (var attribute in reader.Attributes)
            if (attribute.LocalName == name && attribute.NamespaceUri == ns) return attribute.Value;
        return null;
    }

    private static WorksheetPart FirstWorksheet(WorkbookPart workbook)
    {
        foreach (var reader in Tokens(workbook))
        {
            // A Word or PowerPoint file renamed opens as a package too; its main part is no workbook.
            if (reader.Depth == 0 && reader.ElementType != typeof(Workbook)) throw new TableFileException(Damaged);
            if (reader.ElementType != typeof(Sheet) || !reader.IsStartElement) continue;
            return Attribute(reader, "id", RelationshipsNamespace) is { } id && workbook.GetPartById(id) is WorksheetPart worksheet
                ? worksheet
                : throw new TableFileException("Excel 文件的第一个工作表不是表格（可能是图表），请把名册放在第一个工作表。");
        }
        throw new TableFileException("Excel 文件中没有工作表。");
    }

    /// The shared-string table, item by item, within the cell and text limits (phonetic guides
    /// are not part of the text).
    private static List<string> SharedStrings(WorkbookPart workbook, ImportLimits limits)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part) return strings;
        var text = new StringBuilder();
        var phonetic = false;
        long characters = 0;
        foreach (var reader in Tokens(part))
        {
            if (reader.ElementType == typeof(SharedStringItem))
            {
                if (reader.IsStartElement)
                {
                    text.Clear();
                    continue;
                }
                if (strings.Count == limits.MaxCells) throw TableBuilder.TooManyCells(limits);
                characters += text.Length;
                if (characters > limits.MaxTextCharacters) throw TableBuilder.TooMuchText(limits);
                strings.Add(text.ToString());
            }
            else if (reader.ElementType == typeof(PhoneticRun)) phonetic = reader.IsStartElement;
            else if (reader.ElementType == typeof(Text) && reader.IsStartElement && !phonetic)
            {
                text.Append(reader.GetText());
                if (text.Length > TableFile.MaxCellCharacters) throw TableBuilder.CellTooLong(null);
            }
        }
        return strings;
    }

    /// Rows of the worksheet as they come. A data row's cells past the last header are skipped
    /// unread; a header cell past column XFD or a row past 1,048,576 is not Excel's.
    private static void ReadRows(WorksheetPart worksheet, List<string> strings, HashSet<uint> dateStyles, TableBuilder table)
    {
        var cells = new List<string>();
        var number = 0;
        string? type = null, style = null, value = null;
        var inline = new StringBuilder();
        int column = -1, position = 0; // the cell's column; where the next cell without a reference goes
        var phonetic = false;
        foreach (var reader in Tokens(worksheet))
        {
            var element = reader.ElementType;
            if (element == typeof(Row))
            {
                if (reader.IsStartElement)
                {
                    number = RowNumber(Attribute(reader, "r"), number);
                    cells.Clear();
                    position = 0;
                }
                else table.Add(number, cells);
            }
            else if (element == typeof(Cell))
            {
                if (reader.IsStartElement)
                {
                    column = ColumnIndex(Attribute(reader, "r")) ?? position;
                    position = column + 1;
                    if (column >= table.Width) column = -1; // under no header: never kept
                    (type, style, value) = (Attribute(reader, "t"), Attribute(reader, "s"), null);
                    inline.Clear();
                }
                else if (column >= 0)
                {
                    var text = Text(type, style, value, inline, strings, dateStyles);
                    TableBuilder.CheckCell(number, text);
                    if (text.Length > 0)
                    {
                        while (cells.Count < column) cells.Add("");
                        if (cells.Count == column) cells.Add(text);
                        else cells[column] = text;
                    }
                    column = -1;
                }
            }
            else if (column < 0) continue;
            else if (element == typeof(CellValue) && reader.IsStartElement) value = reader.GetText();
            else if (element == typeof(PhoneticRun)) phonetic = reader.IsStartElement;
            else if (element == typeof(Text) && reader.IsStartElement && !phonetic)
            {
                inline.Append(reader.GetText());
                if (inline.Length > TableFile.MaxCellCharacters) throw TableBuilder.CellTooLong(number);
            }
        }
    }

    private static int RowNumber(string? reference, int previous)
    {
        if (reference is null) return previous + 1;
        if (!int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > ExcelRows)
            throw new TableFileException($"文件不是有效的 Excel（.xlsx）文件：行号 {Shorten(reference)} 超出了 Excel 的范围（1 到 {ExcelRows:N0}）。");
        return number;
    }

    private static string Text(string? type, string? style, string? raw, StringBuilder inline, List<string> strings, HashSet<uint> dateStyles)
    {
        switch (type)
        {
            case "s":
                return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? strings[i] : "";
            case "inlineStr":
                return inline.ToString();
            case "b":
                return raw == "1" ? "是" : "否";
            case null or "n":
                raw ??= "";
                if (uint.TryParse(style, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && dateStyles.Contains(s)
                    && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466)
                    return DateTime.FromOADate(serial).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                // 13800138000 stays as typed; 1.38E+10 (Excel's display) is not what the file holds.
                if (raw.Length <= 64 && decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    return number.ToString(CultureInfo.InvariantCulture);
                return raw;
            default:
                return raw ?? inline.ToString();
        }
    }

    /// Style indexes whose number format shows a date (built-in 14–22, 45–47, or a custom format
    /// with year/month/day letters and not only time).
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var result = new HashSet<uint>();
        if (workbook.WorkbookStylesPart is not { } styles) return result;
        var custom = new Dictionary<uint, string>();
        var formats = new List<uint>();
        var inCellFormats = false;
        foreach (var reader in Tokens(styles))
        {
            if (reader.ElementType == typeof(NumberingFormat) && reader.IsStartElement && custom.Count < ExcelColumns
                && uint.TryParse(Attribute(reader, "numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                custom[id] = Attribute(reader, "formatCode") ?? "";
            else if (reader.ElementType == typeof(CellFormats)) inCellFormats = reader.IsStartElement;
            // Excel keeps at most 64,000 cell formats.
            else if (inCellFormats && reader.ElementType == typeof(CellFormat) && reader.IsStartElement && formats.Count < 65_536)
                formats.Add(uint.TryParse(Attribute(reader, "numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var format) ? format : 0);
        }
        for (var index = 0; index < formats.Count; index++)
        {
            var id = formats[index];
            var isDate = id is >= 14 and <= 22 or >= 45 and <= 47 or >= 27 and <= 36 or >= 50 and <= 58
                         || custom.TryGetValue(id, out var code) && IsDateFormat(code);
            if (isDate) result.Add((uint)index);
        }
        return result;
    }

    private static bool IsDateFormat(string code)
    {
        var plain = System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]|\\\\.", "");
        return plain.IndexOfAny(['y', 'Y', 'd', 'D']) >= 0 || plain.Contains("年") || plain.Contains("日");
    }

    /// "AB12" → 27; null without letters. Past XFD is not Excel's.
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c)) break;
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
            if (index > ExcelColumns)
                throw new TableFileException($"文件不是有效的 Excel（.xlsx）文件：单元格 {Shorten(reference)} 超出了 Excel 的列数上限（{ExcelColumns:N0} 列，到 XFD）。");
        }
        return index == 0 ? null : index - 1;
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";

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
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = 1, Name = SheetName(sheetName) }));
        workbook.Workbook.Save();
    }

    /// Excel refuses (and "repairs") a sheet name over 31 characters or with [ ] : * ? / \.
    private static string SheetName(string name)
    {
        var safe = new string(TableWriter.Printable(name).Select(c => c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' or '\uFFFD' ? '_' : c).ToArray()).Trim('\'');
        return safe.Length == 0 ? "Sheet1" : safe.Length <= 31 ? safe : safe[..31];
    }

    private static void WriteRow(OpenXmlWriter writer, IReadOnlyList<string> cells, bool bold)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in cells)
        {
            // Inline strings keep numbers such as phone and ID numbers exactly as text.
            var cell = new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(TableWriter.Printable(value))) };
            if (bold) cell.StyleIndex = 1;
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }
}
