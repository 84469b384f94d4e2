using System.Text.Json;
using System.Text.Json.Serialization;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Regions;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Infrastructure.ReferenceData;

/// Regions, stations and the service catalogue: seeded on every start, added or updated by code,
/// never duplicated. Codes are stable; names may be corrected in a later release.
public sealed class ReferenceDataSeeder(FiveSocietiesDbContext db)
{
    public async Task SeedAsync(CancellationToken ct = default)
    {
        await SeedCatalogueAsync(LoadCatalogue(), ct);
        await SeedRegionsAsync(LoadRegions(), ct);
        await db.SaveChangesAsync(ct);
        await SeedStationsAsync(ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedCatalogueAsync(CatalogueFile file, CancellationToken ct)
    {
        var areas = await db.ServiceAreas.ToDictionaryAsync(a => a.Code, ct);
        var items = await db.ServiceItems.ToDictionaryAsync(i => i.Code, ct);
        var itemOrder = 0;
        for (var a = 0; a < file.Areas.Count; a++)
        {
            var area = file.Areas[a];
            if (areas.TryGetValue(area.Code, out var existingArea)) existingArea.Update(area.Name, a);
            else db.ServiceAreas.Add(new ServiceArea(area.Code, area.Name, a));

            foreach (var item in area.Items)
            {
                var tier = ParseTier(item.Tier);
                var kinds = item.UsualResourceKinds.Select(ParseKind).ToList();
                itemOrder++;
                if (items.TryGetValue(item.Code, out var existing))
                    existing.Update(item.Name, tier, kinds, itemOrder, item.Description, item.Keywords);
                else
                    db.ServiceItems.Add(new ServiceItem(item.Code, item.Name, tier, kinds, itemOrder, item.Description, item.Keywords));
            }
        }
    }

    private async Task SeedRegionsAsync(IReadOnlyList<RegionRow> rows, CancellationToken ct)
    {
        var existing = await db.Regions.ToDictionaryAsync(r => r.Code, ct);
        foreach (var row in rows)
        {
            if (existing.TryGetValue(row.Code, out var region)) region.Rename(row.Name);
            else db.Regions.Add(new Region(row.Code, row.Name, row.Parent));
        }
    }

    /// One station per township or street, and a guidance centre per county (seed 002).
    private async Task SeedStationsAsync(CancellationToken ct)
    {
        var withStation = (await db.Stations.Select(s => s.RegionCode).ToListAsync(ct)).ToHashSet();
        var regions = await db.Regions
            .Where(r => r.Level == RegionLevel.Township || r.Level == RegionLevel.County)
            .ToListAsync(ct);
        foreach (var region in regions.Where(r => !withStation.Contains(r.Code)).OrderBy(r => r.Code))
        {
            db.Stations.Add(region.Level == RegionLevel.County
                ? new Station($"{region.Name}社会工作指导中心", region.Code, StationKind.CountyGuidanceCentre)
                : new Station($"{region.Name}社工站", region.Code, StationKind.TownshipStation));
        }
    }

    internal static CatalogueFile LoadCatalogue()
    {
        using var stream = OpenResource("service-catalogue.json");
        return JsonSerializer.Deserialize<CatalogueFile>(stream)
               ?? throw new InvalidOperationException("service-catalogue.json is empty.");
    }

    internal static IReadOnlyList<RegionRow> LoadRegions()
    {
        using var reader = new StreamReader(OpenResource("regions.csv"));
        var rows = new List<RegionRow>();
        reader.ReadLine(); // header: code,name,level,parent
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cells = line.Split(',');
            rows.Add(new RegionRow(
                DivisionCode.Parse(cells[0]),
                cells[1].Trim(),
                string.IsNullOrWhiteSpace(cells[3]) ? null : DivisionCode.Parse(cells[3])));
        }
        return rows;
    }

    private static Stream OpenResource(string fileName)
    {
        var assembly = typeof(ReferenceDataSeeder).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("ReferenceData." + fileName, StringComparison.Ordinal));
        return assembly.GetManifestResourceStream(name)!;
    }

    private static ServiceTier ParseTier(string tier) => tier switch
    {
        "基础类" => ServiceTier.Basic,
        "增能类" => ServiceTier.CapacityBuilding,
        "治理类" => ServiceTier.Governance,
        _ => throw new InvalidOperationException($"Unknown tier {tier} in the catalogue."),
    };

    private static ResourceKind ParseKind(string kind) => kind switch
    {
        "volunteer" => ResourceKind.Volunteer,
        "organisation" => ResourceKind.Organisation,
        "fund" => ResourceKind.Fund,
        "microgrant" => ResourceKind.MicroGrant,
        _ => throw new InvalidOperationException($"Unknown resource kind {kind} in the catalogue."),
    };

    internal sealed record RegionRow(DivisionCode Code, string Name, DivisionCode? Parent);

    internal sealed record CatalogueFile([property: JsonPropertyName("areas")] List<CatalogueArea> Areas);

    internal sealed record CatalogueArea(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("items")] List<CatalogueItem> Items);

    internal sealed record CatalogueItem(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("tier")] string Tier,
        [property: JsonPropertyName("usual_resource_kinds")] List<string> UsualResourceKinds,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("keywords")] List<string>? Keywords);
}
