using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FiveSocieties.Infrastructure.Files;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Files;

/// Rosters as people keep them: Excel workbooks (with real date cells), CSV saved by Excel in
/// UTF-8 or GB18030, JSON from other systems — and the files that must be refused, each with a
/// Chinese message that says why.
public sealed class TableFileTests
{
    private const string IdNumber = "34182119800101123X";

    static TableFileTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // --- xlsx ---------------------------------------------------------------------------------

    [Fact]
    public void Xlsx_WrittenByTableWriter_ReadsBackTheSameChineseHeadersAndTextValues()
    {
        string[] headers = ["姓名", "手机号", "身份证号", "所属村(社区)", "简介"];
        IReadOnlyList<string>[] rows =
        [
            ["王秀英", "13812345678", IdNumber, "建平镇东夏村", "退休教师，擅长辅导作业"],
            ["李 建国", "13900001111", "341821198203040012", "341821100201", "会开车；周末有空"],
        ];

        var table = TableFile.Read(Xlsx(headers, rows), "志愿者名册.xlsx");

        Assert.Equal(headers, table.Headers);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(2, table.Rows[0].Number); // the header is row 1, as Excel numbers it
        Assert.Equal(3, table.Rows[1].Number);
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < headers.Length; c++)
                Assert.Equal(rows[r][c], table.Rows[r].Cells[headers[c]]);
        // An 18-digit ID with its X check character and an 18-digit all-digit ID stay exact text.
        Assert.Equal(IdNumber, table.Rows[0].Cells["身份证号"]);
        Assert.Equal("341821198203040012", table.Rows[1].Cells["身份证号"]);
    }

    [Fact]
    public void Xlsx_WrittenByTableWriterWithEmptyCells_KeepsEveryValueUnderItsHeader()
    {
        var table = TableFile.Read(Xlsx(["姓名", "手机号", "简介"], [["王秀英", "", "退休教师"], ["", "13900001111", ""]]), "名册.xlsx");

        Assert.Equal(new Dictionary<string, string> { ["姓名"] = "王秀英", ["简介"] = "退休教师" }, table.Rows[0].Cells);
        Assert.Equal(new Dictionary<string, string> { ["手机号"] = "13900001111" }, table.Rows[1].Cells);
    }

    [Fact]
    public void Xlsx_WithExcelDateCells_ReadsThemAsIsoDates()
    {
        var march1 = new DateTime(2026, 3, 1).ToOADate().ToString(CultureInfo.InvariantCulture);
        var dec31 = new DateTime(2026, 12, 31).ToOADate().ToString(CultureInfo.InvariantCulture);
        var content = XlsxWithStyles(
            ["开始日期", "结束日期", "手机号", "名额"],
            [[Number(march1, style: 1), Number(dec31, style: 2), Number("13812345678"), Number("40")]]);

        var row = Assert.Single(TableFile.Read(content, "项目.xlsx").Rows);

        Assert.Equal("2026-03-01", row.Cells["开始日期"]); // built-in format 14 (yyyy/m/d)
        Assert.Equal("2026-12-31", row.Cells["结束日期"]); // custom format yyyy"年"m"月"d"日"
        Assert.Equal("13812345678", row.Cells["手机号"]);   // a plain number is not a date, nor 1.38E+10
        Assert.Equal("40", row.Cells["名额"]);
    }

    [Fact]
    public void Xlsx_BlankRowsAndBlankLinesAboveTheHeader_AreDroppedAndHeadersTrimmed()
    {
        // An empty first line (Excel leaves empty cells out), the real header on line 2.
        var content = XlsxWithStyles(
            ["", ""],
            [
                [TextCell(" 姓名 "), TextCell("手机号\n")],
                [TextCell("王秀英"), TextCell(" 13812345678 ")],
                [TextCell(""), TextCell("  ")],
                [TextCell("李建国"), TextCell("13900001111")],
            ]);

        var table = TableFile.Read(content, "名册.xlsx");

        Assert.Equal(["姓名", "手机号"], table.Headers);
        Assert.Equal([3, 5], table.Rows.Select(r => r.Number));
        Assert.Equal("13812345678", table.Rows[0].Cells["手机号"]);
        Assert.Equal("李建国", table.Rows[1].Cells["姓名"]);
    }

    // --- csv ----------------------------------------------------------------------------------

    private const string CsvText = "姓名,手机号,所属村(社区),技能\r\n王秀英,13812345678,建平镇东夏村,\"烹饪、驾驶\"\r\n李建国,13900001111,341821100201,\"修理,电工\"\r\n";

    public static TheoryData<string> CsvEncodings => ["utf-8-bom", "utf-8", "gb18030"];

    [Theory]
    [MemberData(nameof(CsvEncodings))]
    public void Csv_InUtf8WithOrWithoutBomOrInGb18030_ReadsTheSameChineseText(string encoding)
    {
        var bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(CsvText)],
            "utf-8" => Encoding.UTF8.GetBytes(CsvText),
            _ => Encoding.GetEncoding("GB18030").GetBytes(CsvText),
        };
        if (encoding == "gb18030") Assert.NotEqual(Encoding.UTF8.GetBytes(CsvText), bytes); // really another encoding

        var table = TableFile.Read(bytes, "名册.csv");

        Assert.Equal(["姓名", "手机号", "所属村(社区)", "技能"], table.Headers);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("王秀英", table.Rows[0].Cells["姓名"]);
        Assert.Equal("建平镇东夏村", table.Rows[0].Cells["所属村(社区)"]);
        Assert.Equal("烹饪、驾驶", table.Rows[0].Cells["技能"]);
        Assert.Equal("修理,电工", table.Rows[1].Cells["技能"]);
        Assert.Equal([2, 3], table.Rows.Select(r => r.Number));
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public void Csv_WithSemicolonsOrTabs_IsSplitOnThem(char delimiter)
    {
        var text = string.Join("\n", "姓名;手机号;所属村(社区);人数", "王秀英;13812345678;建平镇东夏村;1", "李建国;13900001111;341821100201;3")
            .Replace(';', delimiter);

        var table = TableFile.Read(Encoding.UTF8.GetBytes(text), "名册.csv");

        Assert.Equal(["姓名", "手机号", "所属村(社区)", "人数"], table.Headers);
        Assert.Equal("13900001111", table.Rows[1].Cells["手机号"]);
        Assert.Equal("3", table.Rows[1].Cells["人数"]);
    }

    [Fact]
    public void Csv_BlankRowsAndBlankLinesAboveTheHeader_AreDroppedAndHeadersTrimmed()
    {
        var text = "\r\n,,\r\n 姓名 , 手机号 ,\r\n王秀英, 13812345678 ,\r\n,,\r\n\r\n李建国,13900001111,\r\n";

        var table = TableFile.Read(Encoding.UTF8.GetBytes(text), "名册.csv");

        Assert.Equal(["姓名", "手机号"], table.Headers);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("13812345678", table.Rows[0].Cells["手机号"]);
        Assert.Equal("李建国", table.Rows[1].Cells["姓名"]);
    }

    [Fact]
    public void Csv_WrittenByTableWriter_StartsWithABomAndReadsBackLongNumbersAsTyped()
    {
        using var output = new MemoryStream();
        TableWriter.Write(output, TableFormat.Csv, ["姓名", "身份证号", "手机号"], [["王秀英", IdNumber, "13812345678"], ["李建国", "341821198203040012", "138****5678"]], "名册");
        var bytes = output.ToArray();

        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var table = TableFile.Read(bytes, "导出.csv");
        Assert.Equal(IdNumber, table.Rows[0].Cells["身份证号"]);
        Assert.Equal("341821198203040012", table.Rows[1].Cells["身份证号"]);
        Assert.Equal("13812345678", table.Rows[0].Cells["手机号"]);
        Assert.Equal("138****5678", table.Rows[1].Cells["手机号"]);
    }

    [Fact]
    public void Csv_WrittenByTableWriter_NeverHandsExcelAFormula()
    {
        using var output = new MemoryStream();
        TableWriter.Write(output, TableFormat.Csv, ["标题", "说明"],
            [["=HYPERLINK(\"http://x\",\"点我\")", "+1+2"], ["-5", "@SUM(A1)"], ["老人助餐", "a=b"]], "需求");
        var text = Encoding.UTF8.GetString(output.ToArray());

        var table = TableFile.Read(output.ToArray(), "导出.csv");
        Assert.Equal("'=HYPERLINK(\"http://x\",\"点我\")", table.Rows[0].Cells["标题"]);
        Assert.Equal("'+1+2", table.Rows[0].Cells["说明"]);
        Assert.Equal("'-5", table.Rows[1].Cells["标题"]);
        Assert.Equal("'@SUM(A1)", table.Rows[1].Cells["说明"]);
        Assert.Equal("老人助餐", table.Rows[2].Cells["标题"]);
        Assert.Equal("a=b", table.Rows[2].Cells["说明"]);
        Assert.DoesNotContain("\n=", text);
    }

    // --- json ---------------------------------------------------------------------------------

    [Fact]
    public void Json_ArrayOfObjects_ReadsArraysAsListsAndNumbersAsWritten()
    {
        const string json = """
            [
              {"姓名": "王秀英", "手机号": "13812345678", "技能": ["烹饪", "驾驶"], "服务半径(公里)": 5, "人数": 1.5},
              // another system's comment
              {"姓名": "李建国", "手机号": 13900001111, "技能": [], "备注": null, "已核实": true},
            ]
            """;

        var table = TableFile.Read(Encoding.UTF8.GetBytes(json), "名册.json");

        Assert.Equal(["姓名", "手机号", "技能", "服务半径(公里)", "人数", "备注", "已核实"], table.Headers);
        Assert.Equal([1, 2], table.Rows.Select(r => r.Number));
        var first = table.Rows[0].Cells;
        Assert.Equal("烹饪、驾驶", first["技能"]);
        Assert.Equal("5", first["服务半径(公里)"]);
        Assert.Equal("1.5", first["人数"]);
        Assert.False(first.ContainsKey("已核实"));
        var second = table.Rows[1].Cells;
        Assert.Equal("13900001111", second["手机号"]);
        Assert.False(second.ContainsKey("技能"));
        Assert.False(second.ContainsKey("备注"));
        Assert.Equal("是", second["已核实"]);
    }

    [Fact]
    public void Json_EmptyObjects_AreDroppedAsBlankRows()
    {
        var table = TableFile.Read(Encoding.UTF8.GetBytes("""[{"姓名": "王秀英"}, {}, {"姓名": "  "}, {"姓名": "李建国"}]"""), "名册.json");

        Assert.Equal(["王秀英", "李建国"], table.Rows.Select(r => r.Cells["姓名"]));
        Assert.Equal([1, 4], table.Rows.Select(r => r.Number));
    }

    // --- refusals -----------------------------------------------------------------------------

    [Theory]
    [InlineData("名册.xlsx")]
    [InlineData("名册.csv")]
    [InlineData("名册.json")]
    public void EmptyFile_IsRefusedAsZeroBytes(string fileName) =>
        AssertRefused([], fileName, "文件是空的（0 字节），请检查后重新上传。");

    [Fact]
    public void FileOver10Megabytes_IsRefusedWithTheLimit()
    {
        var content = new byte[11 * 1024 * 1024];
        Encoding.UTF8.GetBytes("姓名,手机号\n").CopyTo(content, 0);
        content.AsSpan(20).Fill((byte)'1');

        AssertRefused(content, "名册.csv", "文件超过 10 MB 上限，请拆分后分批导入。");
    }

    [Fact]
    public void FileOfExactly10Megabytes_IsRead()
    {
        var line = Encoding.UTF8.GetBytes("王秀英,13812345678," + new string('x', 1000) + "\n");
        var content = new byte[TableFile.MaxBytes];
        var header = Encoding.UTF8.GetBytes("姓名,手机号\n");
        header.CopyTo(content, 0);
        var at = header.Length;
        while (at + line.Length <= content.Length) { line.CopyTo(content, at); at += line.Length; }
        content.AsSpan(at).Fill((byte)'\n');

        var table = TableFile.Read(content, "名册.csv");

        Assert.Equal((content.Length - header.Length) / line.Length, table.Rows.Count);
    }

    [Fact]
    public void FileOfMoreThan100000Rows_IsRefusedWithTheLimit()
    {
        var text = new StringBuilder("姓名,手机号\n");
        for (var i = 0; i <= TableFile.MaxRows; i++) text.Append("王秀英,13812345678\n");

        AssertRefused(Encoding.UTF8.GetBytes(text.ToString()), "名册.csv", "一次最多导入 100,000 行，请拆分后分批导入。");
    }

    [Fact]
    public void PngRenamedToXlsx_IsRefusedAsNotAWorkbook() =>
        AssertRefused(Png(), "名册.xlsx", "文件不是有效的 Excel（.xlsx）文件，可能只是改了扩展名。");

    [Fact]
    public void OldExcelFileRenamedToXlsx_IsRecognisedAndTheUserToldToSaveAsXlsx()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];
        AssertRefused(ole, "名册.xlsx", "这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后再上传。");
    }

    [Fact]
    public void XlsExtension_IsRefusedWithTheSaveAsAdvice()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];
        AssertRefused(ole, "名册.xls", "不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后再上传。");
    }

    [Fact]
    public void ZipThatIsNotAWorkbook_RenamedToXlsx_IsRefusedAsDamagedOrRenamed()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("照片说明.txt").Open());
            writer.Write("这不是 Excel 文件");
        }

        AssertRefused(zip.ToArray(), "名册.xlsx", "文件不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名。");
    }

    [Fact]
    public void WordDocumentRenamedToXlsx_IsRefusedAsDamagedOrRenamed()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new DocumentFormat.OpenXml.Wordprocessing.Body(
                new DocumentFormat.OpenXml.Wordprocessing.Paragraph(new DocumentFormat.OpenXml.Wordprocessing.Run(
                    new DocumentFormat.OpenXml.Wordprocessing.Text("志愿者名单")))));
        }

        AssertRefused(stream.ToArray(), "名册.xlsx", "文件不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名。");
    }

    [Theory]
    [InlineData("名册.docx")]
    [InlineData("名册.pdf")]
    [InlineData("名册")]
    public void OtherExtensions_AreRefusedNamingTheAcceptedOnes(string fileName) =>
        AssertRefused(Encoding.UTF8.GetBytes("姓名,手机号\n王秀英,13812345678\n"), fileName, "只支持 .xlsx、.csv 和 .json 文件。");

    [Fact]
    public void MalformedJson_IsRefusedNamingTheLineNearTheMistake() =>
        AssertRefused(Encoding.UTF8.GetBytes("[\n  {\"姓名\": \"王秀英\"},\n  {\"姓名\": \"李建国\" \"手机号\": \"13900001111\"}\n]"),
            "名册.json", "JSON 格式错误（第 3 行附近）：请检查引号、逗号和括号。");

    [Fact]
    public void JsonObjectInsteadOfAnArray_IsRefusedWithTheExpectedShape() =>
        AssertRefused(Encoding.UTF8.GetBytes("""{"姓名": "王秀英", "手机号": "13812345678"}"""),
            "名册.json", "JSON 文件应是一个数组，每个元素是一行记录，如 [{\"姓名\": \"王秀英\", …}]。");

    [Fact]
    public void JsonArrayOfNonObjects_IsRefusedNamingTheElement() =>
        AssertRefused(Encoding.UTF8.GetBytes("""[{"姓名": "王秀英"}, "李建国"]"""), "名册.json", "JSON 数组的第 2 个元素不是对象。");

    [Theory]
    [InlineData("名册.csv")]
    [InlineData("名册.txt")]
    public void BinaryRenamedToCsv_IsRefusedAsNotText(string fileName) =>
        AssertRefused(Png(), fileName, "文件不是文本格式的 CSV，可能只是改了扩展名。");

    [Theory]
    [InlineData("名册.csv", "\r\n\r\n,,\r\n")]
    [InlineData("名册.json", "[]")]
    public void FileWithoutAHeaderRow_IsRefused(string fileName, string text) =>
        AssertRefused(Encoding.UTF8.GetBytes(text), fileName, "没有找到表头行：第一行应是列名，如“姓名”“手机号”。");

    // --- helpers ------------------------------------------------------------------------------

    private static void AssertRefused(byte[] content, string fileName, string message)
    {
        var refusal = Assert.Throws<TableFileException>(() => TableFile.Read(content, fileName));
        Assert.Equal(message, refusal.Message);
    }

    private static byte[] Xlsx(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var output = new MemoryStream();
        TableWriter.Write(output, TableFormat.Xlsx, headers, rows, "名册");
        return output.ToArray();
    }

    private static byte[] Png() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
        0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    ];

    private static Cell TextCell(string value) => new() { DataType = CellValues.SharedString, CellValue = new CellValue(value) };

    private static Cell Number(string value, uint style = 0)
    {
        var cell = new Cell { CellValue = new CellValue(value) };
        if (style != 0) cell.StyleIndex = style;
        return cell;
    }

    /// A workbook as Excel saves it: shared strings, a style sheet with date formats (style 1 is the
    /// built-in 14, style 2 a custom Chinese date format), numbers in number cells.
    private static byte[] XlsxWithStyles(string[] headers, Cell[][] rows)
    {
        var strings = new List<string>();
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 176, FormatCode = "yyyy\"年\"m\"月\"d\"日\"" }) { Count = 1 },
                new Fonts(new Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellFormats(
                    new CellFormat(),
                    new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 176, ApplyNumberFormat = true }) { Count = 3 });
            var worksheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint rowIndex = 1;
            foreach (var cells in rows.Prepend(headers.Select(TextCell).ToArray()))
            {
                var row = new Row { RowIndex = rowIndex };
                var column = 0;
                foreach (var cell in cells)
                {
                    var copy = (Cell)cell.CloneNode(true);
                    copy.CellReference = $"{(char)('A' + column)}{rowIndex}";
                    if (copy.DataType?.Value == CellValues.SharedString)
                    {
                        var text = copy.CellValue!.Text;
                        if (text.Length == 0) { column++; continue; } // Excel leaves empty cells out
                        copy.CellValue = new CellValue(strings.Count.ToString(CultureInfo.InvariantCulture));
                        strings.Add(text);
                    }
                    row.Append(copy);
                    column++;
                }
                data.Append(row);
                rowIndex++;
            }
            worksheet.Worksheet = new Worksheet(data);
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable(strings.Select(s => new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(s) { Space = SpaceProcessingModeValues.Preserve })));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = 1, Name = "名册" }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }
}
