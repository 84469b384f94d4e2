using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace FiveSocieties.Infrastructure.Files;

/// CSV as people save it from Excel in China: UTF-8 (with or without BOM) or GB18030/GBK.
internal static class CsvTable
{
    static CsvTable() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Table Read(byte[] content, ImportLimits limits)
    {
        if (content.AsSpan(0, Math.Min(content.Length, 4096)).Contains((byte)0))
            throw new TableFileException("文件不是文本格式的 CSV，可能只是改了扩展名。");
        var text = Decode(content);
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectDelimiter = true,
            BadDataFound = null,
            MissingFieldFound = null,
            // A 10 MB line, or a quote never closed, is refused at the cell limit rather than buffered whole.
            MaxFieldSize = TableFile.MaxCellCharacters,
        });
        var table = new TableBuilder(limits);
        var line = 0;
        try
        {
            while (csv.Read())
            {
                line++;
                table.Add(line, csv.Parser.Record ?? []);
            }
        }
        catch (MaxFieldSizeException)
        {
            throw TableBuilder.CellTooLong(line + 1);
        }
        return table.Build();
    }

    private static string Decode(byte[] content)
    {
        if (content.AsSpan().StartsWith(Encoding.UTF8.Preamble)) return Encoding.UTF8.GetString(content, 3, content.Length - 3);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(content);
        }
    }

    /// UTF-8 with a BOM, so that Excel opens the Chinese text correctly.
    public static void Write(Stream output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(true), leaveOpen: true);
        // Residents type the text that is exported: a title starting with = + - @ would run as a
        // formula when the file is opened in Excel, so such a field gets a leading apostrophe.
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            InjectionOptions = InjectionOptions.Escape,
            InjectionCharacters = ['=', '+', '-', '@'],
        });
        foreach (var header in headers) csv.WriteField(TableWriter.Printable(header));
        csv.NextRecord();
        foreach (var row in rows)
        {
            // A leading tab keeps Excel from turning 18-digit ID numbers and phone numbers into 1.38E+10.
            foreach (var value in row.Select(TableWriter.Printable))
                csv.WriteField(value is { Length: >= 11 } && value.All(char.IsAsciiDigit) ? "\t" + value : value);
            csv.NextRecord();
        }
    }
}
