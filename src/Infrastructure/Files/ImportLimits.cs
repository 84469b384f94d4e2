using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Files;

/// The "Imports" configuration section: how much an uploaded roster may unpack to and hold once
/// read. The 10 MB upload and the 100,000 rows are fixed (TableFile); these bound what a small file
/// can expand into. The defaults pass a real 100,000-row needs roster (14 columns, about 95 MB of
/// XML in a 3–7 MB workbook, 1.4 million cells, 12 million characters) with room to spare.
public sealed class ImportLimits
{
    public const string Section = "Imports";

    /// Parts in an .xlsx (a workbook saved by Excel has about a dozen).
    public int MaxZipEntries { get; set; } = 1_000;

    /// What the parts of an .xlsx may unpack to, each and all together, counted as they are read.
    public long MaxUncompressedBytes { get; set; } = 256L * 1024 * 1024;

    /// Unpacked bytes per packed byte, of the whole file and of each part over 1 MiB (Excel's own
    /// workbooks stay under about 35:1).
    public int MaxCompressionRatio { get; set; } = 100;

    /// Named columns of the header row.
    public int MaxColumns { get; set; } = 100;

    /// Non-empty cells kept from the file (and entries in an .xlsx's shared-string table).
    public int MaxCells { get; set; } = 3_000_000;

    /// Characters of text kept from the file (and in an .xlsx's shared-string table).
    public long MaxTextCharacters { get; set; } = 40_000_000;
}

internal sealed class ImportLimitsValidator : IValidateOptions<ImportLimits>
{
    public ValidateOptionsResult Validate(string? name, ImportLimits o)
    {
        var problems = new List<string>();
        if (o.MaxZipEntries is < 10 or > 100_000) problems.Add("Imports:MaxZipEntries 应在 10 到 100000 之间。");
        if (o.MaxUncompressedBytes is < 1024 * 1024 or > 4L * 1024 * 1024 * 1024)
            problems.Add("Imports:MaxUncompressedBytes 应在 1048576（1 MB）到 4294967296（4 GB）之间。");
        if (o.MaxCompressionRatio is < 10 or > 10_000) problems.Add("Imports:MaxCompressionRatio 应在 10 到 10000 之间。");
        if (o.MaxColumns is < 20 or > 16_384) problems.Add("Imports:MaxColumns 应在 20 到 16384（Excel 的列数上限）之间。");
        if (o.MaxCells is < 1_000 or > 100_000_000) problems.Add("Imports:MaxCells 应在 1000 到 100000000 之间。");
        if (o.MaxTextCharacters is < 100_000 or > 1_000_000_000) problems.Add("Imports:MaxTextCharacters 应在 100000 到 1000000000 之间。");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
