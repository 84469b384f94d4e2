using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FiveSocieties.Infrastructure.Files;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Web.Tests.Features.Imports;

/// A roster as people keep it: Chinese headers, one dictionary per row; written as .xlsx, .csv in
/// any encoding, or .json. Rows are changed by header so a test says only what differs.
public sealed class Roster(params string[] headers)
{
    public List<string> Headers { get; } = [.. headers];
    public List<Dictionary<string, string>> Rows { get; } = [];

    public Roster Add(params string[] values)
    {
        if (values.Length != Headers.Count) throw new ArgumentException($"{Headers.Count} values expected, got {values.Length}.");
        Rows.Add(Headers.Zip(values).ToDictionary(p => p.First, p => p.Second));
        return this;
    }

    /// Changes a cell; index 0 is the first data row (row 2 of the sheet).
    public Roster Set(int index, string header, string value)
    {
        Rows[index][header] = value;
        return this;
    }

    public Roster Without(string header)
    {
        Headers.Remove(header);
        foreach (var row in Rows) row.Remove(header);
        return this;
    }

    public Roster Copy()
    {
        var copy = new Roster([.. Headers]);
        foreach (var row in Rows) copy.Rows.Add(new Dictionary<string, string>(row));
        return copy;
    }

    public IEnumerable<string> Column(string header) => Rows.Select(r => r[header]);

    public byte[] Xlsx()
    {
        using var output = new MemoryStream();
        TableWriter.Write(output, TableFormat.Xlsx, Headers, Rows.Select(r => (IReadOnlyList<string>)Headers.Select(h => r.GetValueOrDefault(h, "")).ToList()), "名册");
        return output.ToArray();
    }

    /// CSV as Excel writes it: quoted where needed, CRLF line ends, in the given encoding (no BOM).
    public byte[] Csv(Encoding encoding)
    {
        static string Field(string value) => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
        var text = new StringBuilder();
        text.Append(string.Join(",", Headers.Select(Field))).Append("\r\n");
        foreach (var row in Rows) text.Append(string.Join(",", Headers.Select(h => Field(row.GetValueOrDefault(h, ""))))).Append("\r\n");
        return encoding.GetBytes(text.ToString());
    }

    /// JSON objects keyed by header; a value list ("a、b") given in <paramref name="arrays"/> is
    /// written as a JSON array, a value in <paramref name="numbers"/> as a JSON number.
    public byte[] Json(string[]? arrays = null, string[]? numbers = null)
    {
        var records = Rows.Select(row => Headers.Where(row.ContainsKey).ToDictionary(h => h, object? (h) =>
            arrays?.Contains(h) == true ? row[h].Split('、') :
            numbers?.Contains(h) == true ? decimal.Parse(row[h], CultureInfo.InvariantCulture) :
            row[h]));
        return JsonSerializer.SerializeToUtf8Bytes(records, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true });
    }
}

/// Values that are valid and unique for each test (mobile numbers, ID numbers, credit codes, names).
public static class Unique
{
    private static int _sequence = Random.Shared.Next(0, 4_000_000);

    static Unique() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    private static int Next() => Interlocked.Increment(ref _sequence);

    /// 199 numbers are not used by the demo county.
    public static string Mobile() => "199" + Next().ToString("D8", CultureInfo.InvariantCulture);

    public static string IdNumber() => ResidentIdNumber.Complete("34182119" + (70 + Next() % 30).ToString(CultureInfo.InvariantCulture) + "0615" + (Next() % 1000).ToString("D3", CultureInfo.InvariantCulture)).Value;

    /// A well-formed ID number whose check character is wrong.
    public static string IdNumberWithWrongCheck()
    {
        var valid = IdNumber();
        var wrong = valid[17] == '1' ? '2' : '1';
        return valid[..17] + wrong;
    }

    public static string CreditCode() => UnifiedSocialCreditCode.Complete("52341821MJ" + (Next() % 10_000_000).ToString("D7", CultureInfo.InvariantCulture)).Value;

    public static string CreditCodeWithWrongCheck()
    {
        var valid = CreditCode();
        var wrong = valid[17] == '1' ? '2' : '1';
        return valid[..17] + wrong;
    }

    /// A name no other row of any test has.
    public static string Name(string stem) => stem + Next().ToString(CultureInfo.InvariantCulture);
}
