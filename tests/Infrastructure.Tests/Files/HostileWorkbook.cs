using System.IO.Compression;
using System.Text;

namespace FiveSocieties.Infrastructure.Tests.Files;

/// .xlsx files written by hand, part by part, so that a test can make every part as hostile as it
/// likes (a sheet or shared-string table of any size, nesting, DTDs) without a binary fixture.
/// Parts are streamed into the zip: a 126 MB part never sits in the test's memory.
internal static class HostileWorkbook
{
    public const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static byte[] Create(Action<TextWriter> sheet, Action<TextWriter>? sharedStrings = null,
        CompressionLevel level = CompressionLevel.SmallestSize, int extraEntries = 0)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, Action<TextWriter> write)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, level).Open(), new UTF8Encoding(false), 1 << 16);
                write(writer);
            }
            Part("[Content_Types].xml", w => w.Write(
                """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""));
            Part("_rels/.rels", w => w.Write(
                """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""));
            Part("xl/workbook.xml", w => w.Write(
                $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>"""));
            Part("xl/_rels/workbook.xml.rels", w => w.Write(
                """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""));
            Part("xl/worksheets/sheet1.xml", sheet);
            Part("xl/sharedStrings.xml", sharedStrings ?? (w => w.Write($"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{Main}"/>""")));
            for (var i = 0; i < extraEntries; i++) Part($"customXml/item{i}.xml", w => w.Write("<a/>"));
        }
        return output.ToArray();
    }

    /// A worksheet whose sheetData is what <paramref name="rows"/> writes.
    public static Action<TextWriter> Sheet(Action<TextWriter> rows, string? before = null) => w =>
    {
        w.Write($"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}">{before}<sheetData>""");
        rows(w);
        w.Write("</sheetData></worksheet>");
    };

    /// A worksheet of inline-string rows: the first is the header.
    public static Action<TextWriter> Sheet(params string[][] rows) => Sheet(w =>
    {
        for (var r = 0; r < rows.Length; r++) Row(w, r + 1, rows[r]);
    });

    public static void Row(TextWriter w, int number, IReadOnlyList<string> cells)
    {
        w.Write($"<row r=\"{number}\">");
        for (var c = 0; c < cells.Count; c++) w.Write($"<c r=\"{Column(c)}{number}\" t=\"inlineStr\"><is><t>{cells[c]}</t></is></c>");
        w.Write("</row>");
    }

    /// A shared-string table of the items <paramref name="items"/> writes (each an &lt;si&gt;).
    public static Action<TextWriter> Strings(Action<TextWriter> items) => w =>
    {
        w.Write($"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{Main}">""");
        items(w);
        w.Write("</sst>");
    };

    /// 0 → A, 25 → Z, 26 → AA.
    public static string Column(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }

    /// A visit register (需求, 14 columns) as Excel writes it: shared strings, references, a style on
    /// every cell. 100,000 rows are about 81 MB of XML in a 7 MB file. Also the upload-memory bench's.
    public static byte[] NeedsRoster(int rows)
    {
        string[] headers = ["外部编号", "标题", "需求描述", "服务项目", "服务对象类别", "紧急程度", "所属村(社区)", "详细地址", "每周时段", "数量", "单位", "服务对象姓名", "联系电话", "同意方式"];
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵"];
        string[] given = ["秀英", "桂兰", "志强", "建国", "海燕", "丽", "伟", "芳"];
        var random = new Random(12);
        var strings = new List<string>();
        var index = new Dictionary<string, int>();
        int Shared(string text)
        {
            if (!index.TryGetValue(text, out var i)) index[text] = i = strings.Count;
            if (i == strings.Count) strings.Add(text);
            return i;
        }
        var sheetRows = new List<int[]>(rows + 1) { headers.Select(Shared).ToArray() };
        for (var r = 0; r < rows; r++)
            sheetRows.Add(new[]
            {
                $"LX-N-{r:D6}", $"独居老人助餐{r}", $"老人今年{70 + random.Next(25)}岁，独自居住，希望每天中午有人送饭，子女在外地打工（{r}）。",
                "助餐服务", "独居困难老人", "一般", $"建平镇东夏村{random.Next(100)}", $"{random.Next(1, 20)}组{random.Next(1, 99)}号",
                "周一上午、周三上午", "1", "人", surnames[random.Next(8)] + given[random.Next(8)], $"139{random.Next(10_000_000, 99_999_999)}", "口头",
            }.Select(Shared).ToArray());
        return Create(Sheet(w =>
        {
            for (var r = 0; r < sheetRows.Count; r++)
            {
                w.Write($"<row r=\"{r + 1}\" spans=\"1:14\">");
                for (var c = 0; c < sheetRows[r].Length; c++) w.Write($"<c r=\"{Column(c)}{r + 1}\" s=\"1\" t=\"s\"><v>{sheetRows[r][c]}</v></c>");
                w.Write("</row>");
            }
        }), Strings(w =>
        {
            foreach (var text in strings) w.Write($"<si><t>{text}</t></si>");
        }), CompressionLevel.Optimal);
    }
}
