using FiveSocieties.Infrastructure.Imports;
using FiveSocieties.Web.Features.Imports;
using Xunit;

namespace FiveSocieties.Web.Tests.Features.Imports;

/// docs/import-formats.md is what people read before filling a roster: every column the importer
/// knows must be in the table of its kind, with the other headers it accepts and whether it is required.
public sealed class ImportFormatsDocTests
{
    public static TheoryData<ImportKind> Kinds => [.. Enum.GetValues<ImportKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ImportFormats_ListsEveryColumnOfTheKindWithItsAliasesAndWhetherItIsRequired(ImportKind kind)
    {
        var section = Section(kind);

        foreach (var column in ImportColumns.For(kind))
        {
            var row = section.FirstOrDefault(line => line.StartsWith($"| {column.Header} |", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/import-formats.md ({kind}) has no row for the column “{column.Header}”");
            var cells = row.Split('|').Select(c => c.Trim()).ToArray(); // "", 列名, 也可写作, 必填, 示例, 说明, ""
            var aliases = cells[2].Split('、', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(column.Aliases.Order(), aliases.Order());
            Assert.Equal(column.Required ? "是" : "", cells[3]);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ImportFormats_ListsNoColumnTheImporterDoesNotKnow(ImportKind kind)
    {
        var headers = ImportColumns.For(kind).Select(c => c.Header).ToHashSet();
        var documented = Section(kind).Where(l => l.StartsWith("| ", StringComparison.Ordinal))
            .Select(l => l.Split('|')[1].Trim()).Where(h => h is not ("列名" or "---")).ToList();

        Assert.Equal(headers.Order(), documented.Order());
    }

    /// The lines of the "## … (`kind`)" section.
    private static List<string> Section(ImportKind kind)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "import-formats.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("## ", StringComparison.Ordinal) && l.Contains($"`{kind.ToString().ToLowerInvariant()}`"));
        Assert.True(start >= 0, $"docs/import-formats.md has no section for `{kind.ToString().ToLowerInvariant()}`");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).ToList();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "FiveSocieties.sln"))) return directory.FullName;
        throw new InvalidOperationException("FiveSocieties.sln not found above " + AppContext.BaseDirectory);
    }
}
