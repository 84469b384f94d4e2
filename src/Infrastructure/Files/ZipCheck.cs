using System.IO.Compression;

namespace FiveSocieties.Infrastructure.Files;

/// What an .xlsx (a zip) unpacks to, checked before anything parses it: a 370 KB workbook can
/// hold a 126 MB part. First the central directory's figures (entries, declared sizes, ratio),
/// then every part is read to its end through a counter that stops at the limit, because the
/// declared sizes are the sender's word. Reading costs time (about 1 s per 250 MB) but no memory.
internal static class ZipCheck
{
    public const string TooLarge = "文件解压后过大，可能是压缩炸弹或异常文件，请检查后重新上传。";

    // Small parts may pack tighter than any ratio without harm; the ratio is checked above this.
    private const long RatioFloor = 1024 * 1024;

    public static void Check(byte[] content, ImportLimits limits)
    {
        using var archive = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        var entries = archive.Entries;
        if (entries.Count > limits.MaxZipEntries)
            throw new TableFileException($"文件包含的部件过多（超过 {limits.MaxZipEntries:N0} 个），不像是正常的 Excel 文件，请检查后重新上传。");
        long declared = 0;
        foreach (var entry in entries)
        {
            declared += entry.Length;
            if (entry.Length > limits.MaxUncompressedBytes || declared > limits.MaxUncompressedBytes
                || entry.Length > RatioFloor && entry.Length > entry.CompressedLength * limits.MaxCompressionRatio)
                throw new TableFileException(TooLarge);
        }
        if (declared > RatioFloor && declared > content.LongLength * limits.MaxCompressionRatio) throw new TableFileException(TooLarge);

        var buffer = new byte[64 * 1024];
        long read = 0;
        foreach (var entry in entries)
        {
            // More than declared is a lie; the zip reader stops at the declared size, but nothing here depends on it.
            var allowed = Math.Min(entry.Length, limits.MaxUncompressedBytes - read);
            var markup = IsXml(entry.FullName) ? new MarkupRuns() : null;
            using var part = entry.Open();
            long length = 0;
            int n;
            while ((n = part.Read(buffer)) > 0)
            {
                length += n;
                if (length > allowed) throw new TableFileException(TooLarge);
                markup?.Scan(buffer.AsSpan(0, n));
            }
            read += length;
        }
    }

    private static bool IsXml(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".vml", StringComparison.OrdinalIgnoreCase);

    /// The longest stretch of an XML part that a parser must hold at once: a tag with its
    /// attributes, a text between tags, a CDATA section, a comment or a processing instruction.
    /// XML readers buffer each whole, so one 200 MB attribute or CDATA section costs a gigabyte
    /// however the reading is streamed. A cell holds at most 32,767 characters (under 200 KB even
    /// escaped), so 1 MiB is far above anything a spreadsheet writes.
    private sealed class MarkupRuns
    {
        public const int MaxRun = 1024 * 1024;

        private long run;
        private ulong window; // the last 8 bytes
        private ulong end, endMask; // the terminator of the section we are in (0: none)

        private static readonly ulong Cdata = Pattern("![CDATA["), CdataEnd = Pattern("]]>"), Comment = Pattern("<!--"),
            CommentEnd = Pattern("-->"), Instruction = Pattern("<?"), InstructionEnd = Pattern("?>");

        public void Scan(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                window = window << 8 | b;
                if (++run > MaxRun)
                    throw new TableFileException("文件中有超过 1 MB 的单段内容（一个单元格最多 32,767 个字符），可能是异常文件，请检查后重新上传。");
                if (endMask != 0)
                {
                    if ((window & endMask) == end) (run, end, endMask) = (0, 0, 0);
                }
                else if (b == '<') run = 0;
                else if (window == Cdata && run == 8) (end, endMask) = (CdataEnd, Mask(3)); // "<![CDATA["
                else if ((window & Mask(4)) == Comment) (end, endMask) = (CommentEnd, Mask(3));
                else if ((window & Mask(2)) == Instruction) (end, endMask) = (InstructionEnd, Mask(2));
            }
        }

        private static ulong Pattern(string text)
        {
            ulong value = 0;
            foreach (var c in text) value = value << 8 | c;
            return value;
        }

        private static ulong Mask(int bytes) => bytes == 8 ? ulong.MaxValue : (1UL << (8 * bytes)) - 1;
    }
}
