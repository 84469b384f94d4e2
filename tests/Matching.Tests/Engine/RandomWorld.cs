using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Tests.Engine;

/// Randomised providers and needs over two small counties, seeded, with every attribute a hard
/// rule looks at drawn so that each rule both passes and fails often (radius edges, budgets just
/// above and below the amount, expired checks, projects not yet started, declined providers…).
public sealed class RandomWorld
{
    public static readonly DateOnly Today = new(2026, 11, 20);

    private static readonly string[] Areas = ["elderly", "children", "disability"];
    private static readonly string[] Items =
    [
        "elderly.meal", "elderly.visit", "elderly.cleaning", "children.homework", "children.care", "disability.rehab", "disability.transport",
    ];
    private static readonly string[] Skills = ["理发", "电工", "心理咨询", "辅导作业", "驾驶", "手语", "康复护理"];
    private static readonly string[] Words =
    [
        "独居老人", "送餐", "助餐", "长者", "陪伴", "聊天", "打扫卫生", "留守儿童", "作业辅导", "心理疏导", "残疾人", "康复训练",
        "接送就医", "理发", "维修电路", "周末", "上门服务", "社区", "志愿服务队", "慈善", "微创投", "WiFi", "2025",
    ];

    private readonly Random _rng;
    public List<DivisionCode> Villages { get; } = [];
    public Dictionary<DivisionCode, GeoPoint> Places { get; } = [];
    public List<ProviderProfile> Providers { get; } = [];
    public List<NeedProfile> Needs { get; } = [];

    public RandomWorld(int seed, int providers, int needs)
    {
        _rng = new Random(seed);
        foreach (var (county, lat, lon) in new[] { ("341821", 31.12, 119.18), ("341822", 30.95, 119.45) })
            for (var t = 1; t <= 3; t++)
                for (var v = 1; v <= 4; v++)
                {
                    var code = DivisionCode.Parse($"{county}{100 + t:D3}{v:D3}");
                    Villages.Add(code);
                    Places[code] = new GeoPoint(lat + _rng.NextDouble() * 0.2 - 0.1, lon + _rng.NextDouble() * 0.2 - 0.1);
                }
        for (var i = 1; i <= providers; i++) Providers.Add(Provider(i));
        for (var i = 1; i <= needs; i++) Needs.Add(Need(i));
    }

    public ProviderProfile Provider(int id)
    {
        var kind = (ResourceKind)_rng.Next(4);
        var home = Pick(Villages);
        var radiusBased = kind == ResourceKind.Volunteer && _rng.NextDouble() < 0.85;
        return new ProviderProfile
        {
            Ref = new ProviderRef(kind, id),
            Name = $"提供方{id}",
            IsActive = _rng.NextDouble() < 0.9,
            ServiceCodes = Some(Items.Concat(Areas).ToArray(), 1, 3, areaChance: true),
            HomeRegion = _rng.NextDouble() < 0.8 || kind == ResourceKind.Volunteer ? home : home.AtLevel(RegionLevel.Township),
            Location = _rng.NextDouble() < 0.9 ? Near(Places[home], 3) : null,
            RadiusKm = radiusBased ? Math.Round(0.5 + _rng.NextDouble() * 25, 1) : null,
            ServiceArea = radiusBased ? [] : Area(home),
            CapacityLeft = kind == ResourceKind.Fund ? null : _rng.Next(-1, 6) switch { < 1 => 0, var n => n },
            RemainingBudget = kind == ResourceKind.Fund && _rng.NextDouble() < 0.95 ? new Money(_rng.Next(0, 60) * 10_000L) : null,
            MaxPerGrant = kind == ResourceKind.Fund && _rng.NextDouble() < 0.95 ? new Money(_rng.Next(1, 30) * 10_000L) : null,
            EligibleGroups = kind is ResourceKind.Fund or ResourceKind.MicroGrant && _rng.NextDouble() < 0.7
                ? Some(Enum.GetValues<BeneficiaryGroup>(), 1, 3) : [],
            Availability = _rng.NextDouble() < 0.6 ? new WeeklySlots(_rng.Next(0, WeeklySlots.AllBits + 1) & _rng.Next(0, WeeklySlots.AllBits + 1)) : default,
            Skills = kind == ResourceKind.Volunteer ? Some(Skills, 0, 3) : [],
            BackgroundCheckValidUntil = _rng.NextDouble() < 0.5 ? Today.AddDays(_rng.Next(-30, 300)) : null,
            ActiveFrom = kind == ResourceKind.MicroGrant ? Today.AddDays(_rng.Next(-200, 20)) : null,
            ActiveUntil = kind == ResourceKind.MicroGrant ? Today.AddDays(_rng.Next(-20, 200)) : null,
            Text = Sentence(),
            Record = Record(),
        };
    }

    public NeedProfile Need(long id)
    {
        var village = Pick(Villages);
        var item = Pick(Items);
        var money = _rng.NextDouble() < 0.3;
        return new NeedProfile
        {
            NeedId = id,
            ItemCode = item,
            Groups = Some(Enum.GetValues<BeneficiaryGroup>(), 1, 2),
            Village = village,
            Location = _rng.NextDouble() < 0.95 ? Near(Places[village], 2) : null,
            Slots = _rng.NextDouble() < 0.5 ? new WeeklySlots(_rng.Next(1, WeeklySlots.AllBits + 1) & _rng.Next(0, WeeklySlots.AllBits + 1)) : default,
            Amount = money ? new Money(_rng.Next(1, 40) * 10_000L) : null,
            Skills = _rng.NextDouble() < 0.4 ? Some(Skills.Append("不存在的技能").ToArray(), 1, 2) : [],
            InvolvesChildren = item.StartsWith("children", StringComparison.Ordinal) || _rng.NextDouble() < 0.1,
            Text = _rng.NextDouble() < 0.05 ? "" : Sentence(),
            Excluded = Providers.Count > 0 && _rng.NextDouble() < 0.3
                ? Enumerable.Range(0, _rng.Next(1, 4)).Select(_ => Pick(Providers).Ref).ToHashSet()
                : new HashSet<ProviderRef>(),
        };
    }

    private ProviderRecord Record()
    {
        var ratings = _rng.Next(0, 20);
        return new ProviderRecord(_rng.Next(0, 30), _rng.Next(0, 25), ratings, ratings * _rng.Next(1, 6), _rng.Next(0, 5), _rng.Next(0, 8));
    }

    private List<DivisionCode> Area(DivisionCode home) => _rng.Next(4) switch
    {
        0 => [home],
        1 => [home.AtLevel(RegionLevel.Township)],
        2 => [home.AtLevel(RegionLevel.County)],
        _ => new[] { home.AtLevel(RegionLevel.Township), Pick(Villages).AtLevel(RegionLevel.Township), DivisionCode.Parse("341800000000") }
            .Take(_rng.Next(1, 4)).ToList(),
    };

    private GeoPoint Near(GeoPoint at, double km) =>
        new(at.Latitude + (_rng.NextDouble() * 2 - 1) * km / 111, at.Longitude + (_rng.NextDouble() * 2 - 1) * km / 95);

    private string Sentence() => string.Join(_rng.NextDouble() < 0.5 ? "" : "，", Enumerable.Range(0, _rng.Next(1, 6)).Select(_ => Pick(Words)));

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private List<T> Some<T>(T[] items, int min, int max, bool areaChance = false)
    {
        var picked = items.OrderBy(_ => _rng.Next()).Take(_rng.Next(min, max + 1)).ToList();
        if (areaChance && _rng.NextDouble() < 0.5) picked = picked.Where(c => c is not string s || s.Contains('.')).ToList() is { Count: > 0 } l ? l : picked;
        return picked;
    }
}
