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
}
