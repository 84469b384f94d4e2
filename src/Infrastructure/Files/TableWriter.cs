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

    /// The text as a file may hold it: stored text can contain characters XML 1.0 forbids (U+0000–U+001F
    /// but tab, line feed and carriage return; U+FFFE, U+FFFF; halves of surrogate pairs), on which an
    /// XML writer throws and which Excel and our own CSV reader take for a binary file. Each becomes
    /// U+FFFD, so that the reader sees where something was.
    public static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var first = FirstUnprintable(text);
        if (first < 0) return text;
        return string.Create(text.Length, (text, first), static (span, state) =>
        {
            var (source, from) = state;
            source.AsSpan().CopyTo(span);
            for (var i = from; i < span.Length; i++)
            {
                if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1])) i++;
                else if (!Allowed(span[i])) span[i] = '\uFFFD';
            }
        });
    }

    private static int FirstUnprintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (!Allowed(text[i])) return i;
        }
        return -1;
    }

    private static bool Allowed(char c) => c switch
    {
        '\t' or '\n' or '\r' => true,
        < ' ' => false,
        '\uFFFE' or '\uFFFF' => false,
        _ => !char.IsSurrogate(c), // a half of a pair alone
    };
}
