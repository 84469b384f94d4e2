using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using FiveSocieties.Infrastructure.Files;
using Xunit;
using static FiveSocieties.Infrastructure.Tests.Files.HostileWorkbook;

namespace FiveSocieties.Infrastructure.Tests.Files;

/// Files made to hurt the server (issue 12): zip bombs, XML bombs, sheets at Excel's edges, cells
/// and nesting no roster has — each refused with a Chinese reason, in bounded memory: the bytes
/// allocated while reading (this thread's count, which does not depend on timing) stay under a
/// limit far below what the file claims to hold. And writers that never throw on stored text.
public sealed class HostileFileTests
{
    private const string TooLarge = "文件解压后过大，可能是压缩炸弹或异常文件，请检查后重新上传。";
    private const string BadXml = "Excel 文件中的内容格式有误（可能已损坏，或含有不允许的 DTD 声明），请在 Excel 中打开后另存为 .xlsx 再上传。";
    private const long MB = 1024 * 1024;

    // --- zip bombs ----------------------------------------------------------------------------

    [Fact]
    public void Xlsx_SharedStringsUnpackingTo126Megabytes_IsRefusedAsAZipBombWithoutParsing()
    {
        var filler = new string('A', 1000);
        var bomb = Create(Sheet(["姓名"], ["王秀英"]), Strings(w =>
        {
            for (var written = 0L; written < 126_000_000; written += filler.Length + 15) w.Write($"<si><t>{filler}</t></si>");
        }));
        Assert.True(bomb.Length < 400 * 1024, $"the bomb is {bomb.Length:N0} bytes");

        AssertRefused(bomb, "名册.xlsx", TooLarge, allocatedBelow: 4 * MB);
    }

    [Fact]
    public void Xlsx_PartsUnpackingPastTheTotalLimit_AreRefusedEvenAtAnOrdinaryRatio()
    {
        // Rows of distinct numbers pack at about 10:1, like a real sheet; together they pass 2 MB.
        var content = Create(Sheet(w =>
        {
            Row(w, 1, ["姓名", "手机号"]);
            for (var r = 2; r < 40_000; r++) Row(w, r, [$"志愿者{r}", $"139{r * 7919 % 100_000_000:D8}"]);
        }), level: CompressionLevel.Optimal);
        var limits = new ImportLimits { MaxUncompressedBytes = 2 * MB };
        Assert.True(TableFile.Read(content, "名册.xlsx").Rows.Count > 0); // fine within the default limits

        AssertRefused(content, "名册.xlsx", TooLarge, allocatedBelow: 2 * MB, limits);
    }

    [Fact]
    public void Xlsx_PartThatDeclaresLessThanItHolds_IsReadNoFurtherThanDeclaredAndRefused()
    {
        var content = Create(Sheet(w =>
        {
            Row(w, 1, ["姓名"]);
            for (var r = 2; r < 200_000; r++) Row(w, r, [$"志愿者{r}"]);
        }), level: CompressionLevel.Optimal);
        DeclareSize(content, "xl/worksheets/sheet1.xml", 1000);

        AssertRefused(content, "名册.xlsx", BadXml, allocatedBelow: 2 * MB); // the sheet ends after 1000 bytes, in the middle of a row
    }

    [Fact]
    public void Xlsx_WithThousandsOfParts_IsRefusedBeforeAnyIsRead()
    {
        var content = Create(Sheet(["姓名"], ["王秀英"]), extraEntries: 1_000);

        var (refusal, _) = Refusal(content, "名册.xlsx");

        Assert.Equal("文件包含的部件过多（超过 1,000 个），不像是正常的 Excel 文件，请检查后重新上传。", refusal.Message);
    }

    // --- XML bombs and nesting ------------------------------------------------------------------

    [Fact]
    public void Xlsx_EntityExpansionInTheSharedStrings_IsRefusedBecauseDtdsAreProhibited()
    {
        var laughs = new StringBuilder("<!ENTITY a0 \"哈哈哈哈哈哈哈哈哈哈\">");
        for (var i = 1; i < 10; i++) laughs.Append($"<!ENTITY a{i} \"{string.Concat(Enumerable.Repeat($"&a{i - 1};", 10))}\">");
        var content = Create(w =>
            {
                w.Write($"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>""");
            },
            w => w.Write($"""<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [{laughs}]><sst xmlns="{Main}"><si><t>&a9;</t></si></sst>"""));

        AssertRefused(content, "名册.xlsx", BadXml, allocatedBelow: 4 * MB);
    }

    [Fact]
    public void Xlsx_DoctypeInTheWorksheet_IsRefused()
    {
        var content = Create(w => w.Write(
            $"""<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>"""));

        Assert.Equal(BadXml, Refusal(content, "名册.xlsx").Refusal.Message);
    }

    [Fact]
    public void Xlsx_CellNested100000Deep_IsRefusedInsteadOfOverflowingTheStack()
    {
        // Loading such a cell as an element recurses once per level and ends the process.
        var content = Create(Sheet(w =>
        {
            w.Write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>姓名</t></is>");
            for (var i = 0; i < 100_000; i++) w.Write("<x>");
            for (var i = 0; i < 100_000; i++) w.Write("</x>");
            w.Write("</c></row>");
        }));

        AssertRefused(content, "名册.xlsx", "Excel 文件的结构异常（XML 嵌套过深），请在 Excel 中打开后另存为 .xlsx 再上传。", allocatedBelow: 4 * MB);
    }

    // --- Excel's edges --------------------------------------------------------------------------

    [Fact]
    public void Xlsx_DimensionOfTheWholeSheet_IsOnlyAHint_AndTheTwoRowsAreReadAtOnce()
    {
        var content = Create(Sheet(w =>
        {
            Row(w, 1, ["姓名", "手机号"]);
            Row(w, 2, ["王秀英", "13812345678"]);
        }, before: "<dimension ref=\"A1:XFD1048576\"/>"));

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var table = TableFile.Read(content, "名册.xlsx");
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal("13812345678", Assert.Single(table.Rows).Cells["手机号"]);
        Assert.True(allocated < 2 * MB, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Xlsx_RowAtExcelsLastRow_IsReadWithItsNumber_AndNoRowsInBetweenAreMade()
    {
        var content = Create(Sheet(w =>
        {
            Row(w, 1, ["姓名"]);
            Row(w, 1_048_576, ["王秀英"]);
        }));

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var row = Assert.Single(TableFile.Read(content, "名册.xlsx").Rows);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(1_048_576, row.Number);
        Assert.True(allocated < 2 * MB, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Xlsx_RowPastExcelsLastRow_IsRefusedAsNotExcel()
    {
        var content = Create(Sheet(w =>
        {
            Row(w, 1, ["姓名"]);
            Row(w, 1_048_577, ["王秀英"]);
        }));

        Assert.Equal("文件不是有效的 Excel（.xlsx）文件：行号 1048577 超出了 Excel 的范围（1 到 1,048,576）。",
            Refusal(content, "名册.xlsx").Refusal.Message);
    }

    [Fact]
    public void Xlsx_HeaderOf16384Columns_IsRefusedAtTheColumnLimit()
    {
        var content = Create(Sheet([.. Enumerable.Range(0, 16_384).Select(i => $"列{i}")], ["王秀英"]));

        AssertRefused(content, "名册.xlsx", "表头超过 100 列，请删除多余的列后重新上传。", allocatedBelow: 16 * MB);
    }

    [Fact]
    public void Xlsx_CellPastColumnXfd_IsRefusedAsNotExcel()
    {
        var content = Create(Sheet(w => w.Write("<row r=\"1\"><c r=\"ZZZZZZZZ1\" t=\"inlineStr\"><is><t>姓名</t></is></c></row>")));

        Assert.Equal("文件不是有效的 Excel（.xlsx）文件：单元格 ZZZZZZZZ1 超出了 Excel 的列数上限（16,384 列，到 XFD）。",
            Refusal(content, "名册.xlsx").Refusal.Message);
    }

    [Fact]
    public void Xlsx_CellOf40000Characters_IsRefusedNamingTheRow()
    {
        var content = Create(Sheet(["姓名", "简介"], ["王秀英", Noise(40_000)]));

        Assert.Equal("第 2 行有单元格超过 32,767 个字符（Excel 单元格的上限），请检查后重新上传。", Refusal(content, "名册.xlsx").Refusal.Message);
    }

    public static TheoryData<string, string> Runs => new()
    {
        { "cell", "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>{0}</t></is></c></row>" },
        { "attribute", "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\" x=\"{0}\"><is><t>王秀英</t></is></c></row>" },
        { "CDATA", "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t><![CDATA[{0}]]></t></is></c></row>" },
        { "comment", "<!--{0}--><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>王秀英</t></is></c></row>" },
    };

    /// XML readers hold a whole tag, text, CDATA section or comment at once (a 100 MB CDATA section
    /// costs 600 MB), so any stretch of markup over 1 MiB is refused before parsing.
    [Theory]
    [MemberData(nameof(Runs))]
    public void Xlsx_TenMillionCharactersInOnePieceOfMarkup_AreRefusedBeforeParsing(string where, string row)
    {
        // '<' every few characters would split the stretch were it not a section that runs to its end.
        var text = where is "CDATA" or "comment" ? Noise(10_000_000).Replace('f', '<') : Noise(10_000_000);
        var content = Create(Sheet(w =>
        {
            Row(w, 1, ["姓名"]);
            w.Write(row.Replace("{0}", text));
        }));

        AssertRefused(content, "名册.xlsx", "文件中有超过 1 MB 的单段内容（一个单元格最多 32,767 个字符），可能是异常文件，请检查后重新上传。", allocatedBelow: 2 * MB);
    }

    [Fact]
    public void Xlsx_SharedStringOf40000Characters_IsRefused()
    {
        var content = Create(Sheet(w => w.Write("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")),
            Strings(w => w.Write($"<si><t>{Noise(40_000)}</t></si>")));

        Assert.Equal("文件中有单元格超过 32,767 个字符（Excel 单元格的上限），请检查后重新上传。", Refusal(content, "名册.xlsx").Refusal.Message);
    }

    /// The shared-string table is read item by item and refused as soon as it holds more entries
    /// or text than the limits (here lowered, so that a small file reaches them).
    [Theory]
    [InlineData(200_000, 4, 50_000, 40_000_000L, "文件中的数据过多（超过 50,000 个单元格），请拆分后分批导入。")]
    [InlineData(200, 10_000, 3_000_000, 1_000_000L, "文件中的文字过多（超过 1,000,000 个字），请拆分后分批导入。")]
    public void Xlsx_SharedStringTableOverTheLimits_IsRefusedAsItIsRead(int items, int length, int maxCells, long maxText, string message)
    {
        var content = Create(Sheet(w => w.Write("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")),
            Strings(w => { for (var i = 0; i < items; i++) w.Write($"<si><t>{Noise(length, i)}</t></si>"); }));

        AssertRefused(content, "名册.xlsx", message, allocatedBelow: 24 * MB, new ImportLimits { MaxCells = maxCells, MaxTextCharacters = maxText });
    }

    [Fact]
    public void Xlsx_CellsUnderNoHeader_AreSkippedUnread()
    {
        var content = Create(Sheet(w =>
        {
            Row(w, 1, ["姓名"]);
            w.Write($"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>王秀英</t></is></c><c r=\"XFD2\" t=\"inlineStr\"><is><t>{Noise(500_000)}</t></is></c></row>");
        }));

        var row = Assert.Single(TableFile.Read(content, "名册.xlsx").Rows);

        Assert.Equal(new Dictionary<string, string> { ["姓名"] = "王秀英" }, row.Cells);
    }

    /// A needs roster of 100,000 rows and 14 columns as Excel saves it (shared strings, cell
    /// references, styles): about 95 MB of XML in a 7 MB file. The default limits must pass it.
    [Fact]
    public void Xlsx_RealRosterOf100000Rows_PassesTheDefaultLimits()
    {
        var content = NeedsRoster(100_000);
        using (var zip = new ZipArchive(new MemoryStream(content)))
        {
            var unpacked = zip.Entries.Sum(e => e.Length);
            TestContext.Current.TestOutputHelper?.WriteLine($"roster: {content.Length:N0} bytes, unpacked {unpacked:N0} bytes ({(double)unpacked / content.Length:0.0}:1)");
        }

        var table = TableFile.Read(content, "走访登记.xlsx");

        Assert.Equal(100_000, table.Rows.Count);
        Assert.Equal(14, table.Headers.Count);
        Assert.Equal("助餐服务", table.Rows[^1].Cells["服务项目"]);
    }

    // --- CSV and JSON ---------------------------------------------------------------------------

    [Fact]
    public void Csv_OneLineOf10Megabytes_IsRefusedAtTheCellLimit()
    {
        var content = new byte[TableFile.MaxBytes - 100];
        var header = Encoding.UTF8.GetBytes("姓名,简介\n王秀英,");
        content.AsSpan().Fill((byte)'x');
        header.CopyTo(content, 0);

        AssertRefused(content, "名册.csv", "第 2 行有单元格超过 32,767 个字符（Excel 单元格的上限），请检查后重新上传。", allocatedBelow: 64 * MB); // the decoded text (20 MB) and the parser's buffers
    }

    [Fact]
    public void Csv_HeaderOf16384Columns_IsRefusedAtTheColumnLimit()
    {
        var content = Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, 16_384).Select(i => $"列{i}")) + "\n王秀英\n");

        Assert.Equal("表头超过 100 列，请删除多余的列后重新上传。", Refusal(content, "名册.csv").Refusal.Message);
    }

    [Fact]
    public void Json_Nested10000Deep_IsRefusedByName()
    {
        var content = Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000));

        AssertRefused(content, "名册.json", "JSON 嵌套层数过多（超过 8 层）：文件应是对象数组，值为文字、数字或文字数组。", allocatedBelow: 2 * MB);
    }

    [Fact]
    public void Json_HugeNumber_IsKeptAsWrittenForTheRowChecks()
    {
        var table = TableFile.Read(Encoding.UTF8.GetBytes("""[{"姓名": "王秀英", "人数": 1e999999, "半径": -1e-999999}]"""), "名册.json");

        Assert.Equal("1e999999", table.Rows[0].Cells["人数"]);
        Assert.Equal("-1e-999999", table.Rows[0].Cells["半径"]);
    }

    [Fact]
    public void Json_StringOf5MillionCharacters_IsRefusedNamingTheRecord()
    {
        var content = Encoding.UTF8.GetBytes($$"""[{"姓名": "王秀英"}, {"姓名": "李建国", "简介": "{{new string('x', 5_000_000)}}"}]""");

        Assert.Equal("第 2 行有单元格超过 32,767 个字符（Excel 单元格的上限），请检查后重新上传。", Refusal(content, "名册.json").Refusal.Message);
    }

    // --- writers --------------------------------------------------------------------------------

    /// Control characters, a lone surrogate and U+FFFF, as stored text may hold them.
    private const string Stored = "王\u0000秀\u0001英\u001B老\uD800人\uFFFF助餐\t午饭\n送到家 🏠";
    private const string Printed = "王\uFFFD秀\uFFFD英\uFFFD老\uFFFD人\uFFFD助餐\t午饭\n送到家 🏠";

    [Theory]
    [InlineData(TableFormat.Xlsx)]
    [InlineData(TableFormat.Csv)]
    public void Writer_StoredControlCharacters_AreWrittenAsReplacementCharacters_AndTheFileReadsBack(TableFormat format)
    {
        using var output = new MemoryStream();

        TableWriter.Write(output, format, ["标题\u0007", "服务对象"], [[Stored, "李\u0000建国"], ["=1+1\u0001", "13812345678"]], "需求\u0000清单");

        var table = TableFile.Read(output.ToArray(), format == TableFormat.Xlsx ? "导出.xlsx" : "导出.csv");
        Assert.Equal(["标题\uFFFD", "服务对象"], table.Headers);
        Assert.Equal(Printed, table.Rows[0].Cells["标题\uFFFD"]);
        Assert.Equal("李\uFFFD建国", table.Rows[0].Cells["服务对象"]);
        Assert.Equal(format == TableFormat.Csv ? "'=1+1\uFFFD" : "=1+1\uFFFD", table.Rows[1].Cells["标题\uFFFD"]); // CSV still escapes formulas
    }

    [Fact]
    public void Printable_TextWithoutForbiddenCharacters_IsTheSameString()
    {
        const string text = "王秀英\t13812345678\r\n🏠";
        Assert.Same(text, TableWriter.Printable(text));
        Assert.Equal("", TableWriter.Printable(null));
        Assert.Equal("\uFFFD", TableWriter.Printable("\uDC00"));
        Assert.Equal("a\uFFFD", TableWriter.Printable("a\uD83C"));
    }

    // --- helpers --------------------------------------------------------------------------------

    /// Text that does not repeat (hex digits at random), so that it packs about 2:1, as real text
    /// does: a file of it reaches the limits past the zip's.
    private static string Noise(int length, int seed = 0)
    {
        var random = new Random(seed);
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = "0123456789abcdef"[r.Next(16)];
        });
    }

    /// Refused with this message, having allocated less than <paramref name="allocatedBelow"/> bytes.
    private static void AssertRefused(byte[] content, string fileName, string message, long allocatedBelow, ImportLimits? limits = null)
    {
        var (refusal, allocated) = Refusal(content, fileName, limits);
        Assert.Equal(message, refusal.Message);
        Assert.True(allocated < allocatedBelow, $"allocated {allocated:N0} bytes");
    }

    private static (TableFileException Refusal, long Allocated) Refusal(byte[] content, string fileName, ImportLimits? limits = null)
    {
        limits ??= new ImportLimits();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var refusal = Assert.Throws<TableFileException>(() => TableFile.Read(content, fileName, limits));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"{content.Length:N0} bytes refused after allocating {allocated:N0} bytes: {refusal.Message}");
        return (refusal, allocated);
    }

    /// Writes <paramref name="size"/> as the entry's uncompressed size in its local header and in the
    /// central directory, as a forged file would.
    private static void DeclareSize(byte[] zip, string name, uint size)
    {
        var fileName = Encoding.UTF8.GetBytes(name);
        var patched = 0;
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034B50 && zip.AsSpan(i + 30).StartsWith(fileName)
                && BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 26)) == fileName.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
                patched++;
            }
            else if (signature == 0x02014B50 && zip.AsSpan(i + 46).StartsWith(fileName)
                     && BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 28)) == fileName.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
                patched++;
            }
        }
        Assert.Equal(2, patched);
    }
}
