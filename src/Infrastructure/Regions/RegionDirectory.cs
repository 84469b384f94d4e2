using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FiveSocieties.Infrastructure.Regions;

public sealed record RegionInfo(DivisionCode Code, string Name, RegionLevel Level, DivisionCode? Parent, GeoPoint? Location);

/// The region tree held in memory (a county has a few hundred rows, a province some tens of
/// thousands): names for lists, children for pickers, and the sets of codes a scope covers.
/// Reloaded after changes on this node, and at most a few minutes late on the others.
public sealed class RegionDirectory(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile RegionTree? _tree;

    public async ValueTask<RegionTree> GetAsync(CancellationToken ct = default)
    {
        var tree = _tree;
        if (tree is not null && clock.GetUtcNow() - tree.LoadedAt < MaxAge) return tree;
        await _loading.WaitAsync(ct);
        try
        {
            tree = _tree;
            if (tree is not null && clock.GetUtcNow() - tree.LoadedAt < MaxAge) return tree;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
            var regions = await db.Regions.AsNoTracking().ToListAsync(ct);
            _tree = tree = new RegionTree(
                regions.Select(r => new RegionInfo(r.Code, r.Name, r.Level, r.ParentCode, r.Location)), clock.GetUtcNow());
            return tree;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Invalidate() => _tree = null;
}

public sealed class RegionTree
{
    private readonly Dictionary<DivisionCode, RegionInfo> _byCode;
    private readonly ILookup<DivisionCode, RegionInfo> _children;

    public RegionTree(IEnumerable<RegionInfo> regions, DateTimeOffset loadedAt)
    {
        _byCode = regions.ToDictionary(r => r.Code);
        _children = _byCode.Values.Where(r => r.Parent is not null).OrderBy(r => r.Code).ToLookup(r => r.Parent!.Value);
        LoadedAt = loadedAt;
    }

    public DateTimeOffset LoadedAt { get; }
    public IEnumerable<RegionInfo> All => _byCode.Values;

    public RegionInfo? Find(DivisionCode code) => _byCode.GetValueOrDefault(code);
    public bool Exists(DivisionCode code) => _byCode.ContainsKey(code);
    public IReadOnlyList<RegionInfo> Children(DivisionCode code) => _children[code].ToList();

    /// The region and everything below it.
    public IEnumerable<RegionInfo> Within(DivisionCode area) => _byCode.Values.Where(r => r.Code.IsWithin(area));

    public IEnumerable<RegionInfo> VillagesWithin(DivisionCode area) =>
        Within(area).Where(r => r.Level == RegionLevel.Village).OrderBy(r => r.Code);

    /// The region and the regions above it.
    public IEnumerable<DivisionCode> SelfAndAncestors(DivisionCode code)
    {
        for (DivisionCode? c = code; c is { } current; c = _byCode.GetValueOrDefault(current)?.Parent ?? current.Parent)
        {
            yield return current;
            if (current.Level == RegionLevel.Province) yield break;
        }
    }

    public string Name(DivisionCode code) => _byCode.TryGetValue(code, out var r) ? r.Name : code.Value;

    /// "建平镇东夏村": the township and village, enough to tell places apart inside one county.
    public string ShortPath(DivisionCode code)
    {
        if (!_byCode.TryGetValue(code, out var region)) return code.Value;
        return region.Level == RegionLevel.Village && region.Parent is { } parent ? Name(parent) + region.Name : region.Name;
    }

    /// A village by code, or by its name (optionally with its township, "建平镇东夏村") inside an area.
    public RegionInfo? ResolveVillage(string text, DivisionCode? area)
    {
        var value = text.Trim();
        if (DivisionCode.TryParse(value, out var code, out _))
            return _byCode.TryGetValue(code, out var byCode) && byCode.Level == RegionLevel.Village ? byCode : null;
        var candidates = (area is { } a ? VillagesWithin(a) : _byCode.Values.Where(r => r.Level == RegionLevel.Village))
            .Where(v => v.Name == value || ShortPath(v.Code) == value || value.EndsWith(ShortPath(v.Code), StringComparison.Ordinal))
            .ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }
}
