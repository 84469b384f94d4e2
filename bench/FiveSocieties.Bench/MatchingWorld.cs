using System.Text.Json;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Bench;

/// A deterministic province for the matching benchmark: counties of about 40 × 40 km laid out on a
/// grid (so that N providers at a realistic density of 10,000 per county need N / 10,000 counties),
/// 12 townships × 12 villages each; providers and needs drawn from the real service catalogue with
/// Zipf-like popularity (a few services — meals, visits — are wanted and offered far more than others),
/// lognormal volunteer radii around 5 km, and Chinese texts built from the catalogue's own words.
internal sealed class MatchingWorld
{
    private sealed record Item(string Code, string Area, string Name, string[] Keywords, string Description, ResourceKind[] Kinds);

    private const int TownshipsPerCounty = 12, VillagesPerTownship = 12;
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "胡", "朱", "高", "林"];
    private static readonly string[] Given = ["秀英", "桂兰", "建国", "志强", "丽", "敏", "军", "洋", "娟", "勇", "艳", "杰", "涛", "明", "霞", "平"];
    private static readonly string[] Skills =
        ["理发", "电工", "心理咨询", "辅导作业", "驾驶", "手语", "康复护理", "烹饪", "法律咨询", "医疗护理", "水电维修", "书法", "摄影", "英语", "计算机", "舞蹈"];
    private static readonly string[] Openers = ["热心公益，", "退休教师，", "本村党员，", "大学生志愿者，", "社区网格员，", "退休医生，", "家庭主妇，", "返乡青年，"];
    private static readonly string[] Closers = ["随叫随到。", "周末有空。", "服务耐心细致。", "有多年服务经验。", "可以上门服务。", "熟悉本村情况。"];
    private static readonly string[] OrgKinds = ["社会工作服务中心", "志愿者协会", "养老服务中心", "助残服务社", "儿童关爱中心", "家庭综合服务中心"];
    private static readonly string[] NeedOpeners = ["家中老人独居，", "孩子父母在外打工，", "本人行动不便，", "家里有残疾人，", "低保户，", "老伴住院，"];
    private static readonly string[] NeedClosers = ["希望有人帮忙。", "请社工站帮忙联系。", "每周需要一两次。", "比较着急。", "谢谢！"];

    private readonly Random _rng;
    private readonly List<Item> _items;
    private readonly double[] _popularity;
    private readonly List<(DivisionCode Code, GeoPoint At)> _villages = [];
    private readonly DateOnly _today;

    public MatchingWorld(int counties, int seed, DateOnly today)
    {
        _rng = new Random(seed);
        _today = today;
        _items = LoadCatalogue();
        // Zipf-like: the k-th most popular service is wanted about 1/k as often as the first.
        var order = _items.Select((_, i) => i).OrderBy(_ => _rng.Next()).ToArray();
        _popularity = new double[_items.Count];
        for (var rank = 0; rank < order.Length; rank++) _popularity[order[rank]] = 1.0 / (rank + 1);
        var perRow = (int)Math.Ceiling(Math.Sqrt(counties));
        for (var c = 0; c < counties; c++)
        {
            var city = 1 + c / 20;
            var county = 1 + c % 20;
            var origin = new GeoPoint(29.5 + c / perRow * 0.36, 115.8 + c % perRow * 0.42);
            for (var t = 0; t < TownshipsPerCounty; t++)
            {
                var centre = new GeoPoint(origin.Latitude + (t / 4 + 0.5) * 0.12, origin.Longitude + (t % 4 + 0.5) * 0.105);
                for (var v = 1; v <= VillagesPerTownship; v++)
                    _villages.Add((DivisionCode.Parse($"34{city:D2}{county:D2}{100 + t:D3}{v:D3}"), Near(centre, 4)));
            }
        }
    }

    public int Villages => _villages.Count;

    public List<ProviderProfile> Providers(int count)
    {
        var list = new List<ProviderProfile>(count);
        for (var i = 1; i <= count; i++) list.Add(Provider(i));
        return list;
    }

    public ProviderProfile Provider(long id)
    {
        var roll = _rng.NextDouble();
        var kind = roll < 0.70 ? ResourceKind.Volunteer : roll < 0.88 ? ResourceKind.Organisation : roll < 0.94 ? ResourceKind.Fund : ResourceKind.MicroGrant;
        var (village, at) = _villages[_rng.Next(_villages.Count)];
        var items = Enumerable.Range(0, kind == ResourceKind.Volunteer ? _rng.Next(1, 4) : _rng.Next(2, 6))
            .Select(_ => PopularItem(kind)).DistinctBy(i => i.Code).ToList();
        var codes = items.Select(i => _rng.NextDouble() < 0.12 ? i.Area : i.Code).Distinct().ToList();
        var township = village.AtLevel(RegionLevel.Township);
        var county = village.AtLevel(RegionLevel.County);
        var record = Record();
        var words = string.Join("，", items.Select(i => i.Name + Pick(i.Keywords)));
        return kind switch
        {
            ResourceKind.Volunteer => new ProviderProfile
            {
                Ref = new ProviderRef(kind, id), Name = Person(), IsActive = true, ServiceCodes = codes, HomeRegion = village,
                Location = Near(at, 1), RadiusKm = Math.Round(Math.Clamp(Math.Exp(Normal(Math.Log(5), 0.6)), 0.5, 30), 1),
                CapacityLeft = _rng.Next(0, 4), Availability = Slots(_rng.Next(3, 9)),
                Skills = Skills.OrderBy(_ => _rng.Next()).Take(_rng.Next(0, 4)).ToList(),
                BackgroundCheckValidUntil = _rng.NextDouble() < 0.4 ? _today.AddDays(_rng.Next(-60, 700)) : null,
                Text = $"{Pick(Openers)}擅长{words}，{Pick(Closers)}", Record = record,
            },
            ResourceKind.Organisation => new ProviderProfile
            {
                Ref = new ProviderRef(kind, id), Name = $"郎溪县{Pick(OrgKinds)}{id}", IsActive = true, ServiceCodes = codes,
                HomeRegion = township, Location = Near(at, 2), ServiceArea = OrganisationArea(township, county),
                CapacityLeft = _rng.Next(0, 30), Text = $"专业社工团队，提供{words}等服务，{Clip(string.Join("", items.Select(i => i.Description)), 24)}",
                Record = record,
            },
            ResourceKind.Fund => new ProviderProfile
            {
                Ref = new ProviderRef(kind, id), Name = $"{Pick(Surnames)}氏慈善基金{id}", IsActive = true, ServiceCodes = codes,
                HomeRegion = county, ServiceArea = [_rng.NextDouble() < 0.7 ? county : county.AtLevel(RegionLevel.City)],
                RemainingBudget = new Money(_rng.Next(0, 500) * 100_000L), MaxPerGrant = new Money(_rng.Next(1, 50) * 100_000L),
                EligibleGroups = _rng.NextDouble() < 0.5 ? Groups(1, 3) : [], Text = $"专项资助{words}，帮扶困难群众", Record = record,
            },
            _ => new ProviderProfile
            {
                Ref = new ProviderRef(kind, id), Name = $"{items[0].Name}微创投项目{id}", IsActive = true, ServiceCodes = codes,
                HomeRegion = township, Location = Near(at, 2), ServiceArea = [_rng.NextDouble() < 0.6 ? township : county],
                CapacityLeft = _rng.Next(0, 40), EligibleGroups = Groups(1, 3),
                ActiveFrom = _today.AddDays(-_rng.Next(0, 200)), ActiveUntil = _today.AddDays(_rng.Next(-10, 300)),
                Text = $"公益微创投：{words}", Record = record,
            },
        };
    }

    public NeedProfile Need(long id)
    {
        var item = PopularItem(null);
        var (village, at) = _villages[_rng.Next(_villages.Count)];
        var money = item.Kinds.Contains(ResourceKind.Fund) && _rng.NextDouble() < 0.5;
        var groups = Groups(1, 2);
        return new NeedProfile
        {
            NeedId = id, ItemCode = item.Code, Groups = groups, Village = village, Location = Near(at, 0.8),
            Slots = _rng.NextDouble() < 0.5 ? Slots(_rng.Next(2, 6)) : default,
            Amount = money ? new Money(_rng.Next(5, 100) * 10_000L) : null,
            Skills = _rng.NextDouble() < 0.3 ? Skills.OrderBy(_ => _rng.Next()).Take(_rng.Next(1, 3)).ToList() : [],
            InvolvesChildren = item.Area == "children" || groups.Any(g => g.IsChildren()),
            Text = $"{Pick(NeedOpeners)}需要{item.Name}，{Pick(item.Keywords)}，{Pick(NeedClosers)}",
        };
    }

    private List<DivisionCode> OrganisationArea(DivisionCode township, DivisionCode county) => _rng.NextDouble() switch
    {
        < 0.45 => [township],
        < 0.80 => [county],
        < 0.95 => [township, _villages[_rng.Next(_villages.Count)].Code.AtLevel(RegionLevel.Township)],
        _ => [county.AtLevel(RegionLevel.City)],
    };

    private ProviderRecord Record()
    {
        if (_rng.NextDouble() < 0.3) return ProviderRecord.Empty;
        var accepted = _rng.Next(1, 60);
        var completed = (int)(accepted * (0.6 + 0.4 * _rng.NextDouble()));
        var ratings = (int)(completed * _rng.NextDouble());
        return new ProviderRecord(accepted, completed, ratings, (int)(ratings * (3.5 + 1.5 * _rng.NextDouble())), _rng.Next(0, 3), _rng.Next(0, 6));
    }

    private Item PopularItem(ResourceKind? kind)
    {
        while (true)
        {
            var total = _popularity.Sum();
            var x = _rng.NextDouble() * total;
            var i = 0;
            for (; i < _popularity.Length - 1 && x > _popularity[i]; i++) x -= _popularity[i];
            if (kind is null || _items[i].Kinds.Length == 0 || _items[i].Kinds.Contains(kind.Value) || _rng.NextDouble() < 0.1) return _items[i];
        }
    }

    private WeeklySlots Slots(int count)
    {
        var bits = 0;
        for (var i = 0; i < count; i++) bits |= 1 << _rng.Next(21);
        return new WeeklySlots(bits);
    }

    private List<BeneficiaryGroup> Groups(int min, int max) =>
        Enum.GetValues<BeneficiaryGroup>().OrderBy(_ => _rng.Next()).Take(_rng.Next(min, max + 1)).ToList();

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    private string Person() => Pick(Surnames) + Pick(Given);
    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private double Normal(double mean, double sd) =>
        mean + sd * Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());

    private GeoPoint Near(GeoPoint at, double km) =>
        new(at.Latitude + (_rng.NextDouble() * 2 - 1) * km / 111, at.Longitude + (_rng.NextDouble() * 2 - 1) * km / 95);

    private static List<Item> LoadCatalogue()
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "service-catalogue.json"));
        using var json = JsonDocument.Parse(file);
        var items = new List<Item>();
        foreach (var area in json.RootElement.GetProperty("areas").EnumerateArray())
            foreach (var item in area.GetProperty("items").EnumerateArray())
                items.Add(new Item(item.GetProperty("code").GetString()!, area.GetProperty("code").GetString()!, item.GetProperty("name").GetString()!,
                    item.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()!).ToArray(),
                    item.GetProperty("description").GetString()!,
                    item.GetProperty("usual_resource_kinds").EnumerateArray()
                        .Select(k => k.GetString() switch
                        {
                            "volunteer" => ResourceKind.Volunteer, "organisation" => ResourceKind.Organisation,
                            "fund" => ResourceKind.Fund, _ => ResourceKind.MicroGrant,
                        }).ToArray()));
        return items;
    }
}
