using System.Reflection;
using System.Xml.Linq;
using FiveSocieties.Matching.Needs;

namespace FiveSocieties.Matching.Tests.Architecture;

/// src/Matching is pure C#: data in, decisions out. No persistence, web or mapping framework may
/// reach it, directly or through another library.
public class DomainIsFrameworkFreeTests
{
    private static readonly string[] ForbiddenPrefixes =
        ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "AutoMapper", "Microsoft.Extensions."];

    private static readonly Assembly Domain = typeof(Need).Assembly;

    [Fact]
    public void DomainAssembly_ReferencesNoFrameworkAssembly_EvenTransitively()
    {
        var seen = ReferencedAssemblies(Domain);

        var forbidden = seen.Where(name => ForbiddenPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList();

        Assert.Contains("System.Runtime", seen); // the walk did see the references
        Assert.Empty(forbidden);
    }

    [Fact]
    public void DomainAssembly_IsTheOneUnderTest()
    {
        Assert.Equal("FiveSocieties.Matching", Domain.GetName().Name);
    }

    [Fact]
    public void DomainProject_HasNoPackageFrameworkOrProjectReference()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Matching", "FiveSocieties.Matching.csproj"));

        var references = project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "FrameworkReference" or "ProjectReference")
            .Select(e => $"{e.Name.LocalName} {e.Attribute("Include")?.Value}")
            .ToList();

        Assert.Empty(references);
    }

    /// Names of every assembly reachable from <paramref name="root"/>, following references only
    /// into libraries that are not part of .NET itself (a third-party library could bring EF Core in).
    private static HashSet<string> ReferencedAssemblies(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>([root]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                var name = reference.Name ?? "";
                if (!seen.Add(name) || IsPartOfDotNet(name)) continue;
                pending.Enqueue(Assembly.Load(reference));
            }
        }
        return seen;
    }

    private static bool IsPartOfDotNet(string name) =>
        name is "mscorlib" or "netstandard"
        || name.StartsWith("System", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FiveSocieties.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No FiveSocieties.sln above {AppContext.BaseDirectory}.");
    }
}
