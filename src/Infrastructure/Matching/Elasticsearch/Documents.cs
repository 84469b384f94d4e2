using System.Globalization;
using System.Text.Json.Serialization;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Infrastructure.Matching.Elasticsearch;

/// A geo_point as {"lat", "lon"}.
public sealed record GeoLocation(double Lat, double Lon);

/// A provider as stored: every field a hard rule filters on is indexed; the rest (name, track
/// record, texts) is kept in _source so that the re-ranker gets the whole profile back, to the bit.
public sealed record ProviderDocument
{
    public required string Key { get; init; }
    public required string Kind { get; init; }
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required bool Active { get; init; }
    public required IReadOnlyList<string> Codes { get; init; }
    public required string Home { get; init; }
    public GeoLocation? Location { get; init; }
    public double? RadiusKm { get; init; }
    public IReadOnlyList<string> Area { get; init; } = [];
    public int? Capacity { get; init; }
    public long? BudgetFen { get; init; }
    public long? MaxGrantFen { get; init; }
    public IReadOnlyList<string> Groups { get; init; } = [];
    public IReadOnlyList<string> Slots { get; init; } = [];
    public IReadOnlyList<string> Skills { get; init; } = [];
    public string? BackgroundUntil { get; init; }
    public string? ActiveFrom { get; init; }
    public string? ActiveUntil { get; init; }
    public string Text { get; init; } = "";
    public int Accepted { get; init; }
    public int Completed { get; init; }
    public int RatingCount { get; init; }
    public int RatingSum { get; init; }
    public int CurrentLoad { get; init; }
    public int RecentProposals { get; init; }

    public static IReadOnlyDictionary<string, FieldMapping> Mapping { get; } = new Dictionary<string, FieldMapping>
    {
        ["key"] = FieldMapping.Keyword,
        ["kind"] = FieldMapping.Keyword,
        ["id"] = FieldMapping.Long,
        ["name"] = FieldMapping.Chinese,
        ["active"] = FieldMapping.Boolean,
        ["codes"] = FieldMapping.Keyword,
        ["home"] = FieldMapping.Keyword,
        ["location"] = FieldMapping.GeoPoint,
        ["radius_km"] = FieldMapping.Double,
        ["area"] = FieldMapping.Keyword,
        ["capacity"] = FieldMapping.Integer,
        ["budget_fen"] = FieldMapping.Long,
        ["max_grant_fen"] = FieldMapping.Long,
        ["groups"] = FieldMapping.Keyword,
        ["slots"] = FieldMapping.Keyword,
        ["skills"] = FieldMapping.Keyword,
        ["background_until"] = FieldMapping.Date,
        ["active_from"] = FieldMapping.Date,
        ["active_until"] = FieldMapping.Date,
        ["text"] = FieldMapping.Chinese,
        ["accepted"] = FieldMapping.Stored("integer"),
        ["completed"] = FieldMapping.Stored("integer"),
        ["rating_count"] = FieldMapping.Stored("integer"),
        ["rating_sum"] = FieldMapping.Stored("integer"),
        ["current_load"] = FieldMapping.Stored("integer"),
        ["recent_proposals"] = FieldMapping.Stored("integer"),
    };

    public static string KeyOf(ProviderRef provider) => provider.ToString();

    public static ProviderDocument Of(ProviderProfile p) => new()
    {
        Key = KeyOf(p.Ref),
        Kind = p.Ref.Kind.ToString(),
        Id = p.Ref.Id,
        Name = p.Name,
        Active = p.IsActive,
        Codes = p.ServiceCodes,
        Home = p.HomeRegion.Value,
        Location = Documents.Location(p.Location),
        RadiusKm = p.RadiusKm,
        Area = p.ServiceArea.Select(a => a.Value).ToList(),
        Capacity = p.CapacityLeft,
        BudgetFen = p.RemainingBudget?.Fen,
        MaxGrantFen = p.MaxPerGrant?.Fen,
        Groups = p.EligibleGroups.Select(g => g.ToString()).ToList(),
        Slots = SlotNames.Of(p.Availability),
        Skills = p.Skills,
        BackgroundUntil = Documents.Date(p.BackgroundCheckValidUntil),
        ActiveFrom = Documents.Date(p.ActiveFrom),
        ActiveUntil = Documents.Date(p.ActiveUntil),
        Text = p.Text,
        Accepted = p.Record.Accepted,
        Completed = p.Record.Completed,
        RatingCount = p.Record.RatingCount,
        RatingSum = p.Record.RatingSum,
        CurrentLoad = p.Record.CurrentLoad,
        RecentProposals = p.Record.RecentProposals,
    };

    public ProviderProfile ToProfile() => new()
    {
        Ref = new ProviderRef(Enum.Parse<ResourceKind>(Kind), Id),
        Name = Name,
        IsActive = Active,
        ServiceCodes = Codes,
        HomeRegion = DivisionCode.Parse(Home),
        Location = Location is { } l ? new GeoPoint(l.Lat, l.Lon) : null,
        RadiusKm = RadiusKm,
        ServiceArea = Area.Select(DivisionCode.Parse).ToList(),
        CapacityLeft = Capacity,
        RemainingBudget = BudgetFen is { } b ? new Money(b) : null,
        MaxPerGrant = MaxGrantFen is { } m ? new Money(m) : null,
        EligibleGroups = Groups.Select(Enum.Parse<BeneficiaryGroup>).ToList(),
        Availability = SlotNames.Parse(Slots),
        Skills = Skills,
        BackgroundCheckValidUntil = Documents.Date(BackgroundUntil),
        ActiveFrom = Documents.Date(ActiveFrom),
        ActiveUntil = Documents.Date(ActiveUntil),
        Text = Text,
        Record = new ProviderRecord(Accepted, Completed, RatingCount, RatingSum, CurrentLoad, RecentProposals),
    };
}

/// An open need as stored, for reverse matching (a provider's attributes queried against needs).
public sealed record NeedDocument
{
    public required string Key { get; init; }
    public required long NeedId { get; init; }
    public required string Item { get; init; }
    public required string AreaCode { get; init; }
    public required string Village { get; init; }

    /// The village and every region above it: a provider serving any of them may serve the need.
    public required IReadOnlyList<string> Regions { get; init; }
    public GeoLocation? Location { get; init; }
    public IReadOnlyList<string> Slots { get; init; } = [];
    public long? AmountFen { get; init; }
    public IReadOnlyList<string> Groups { get; init; } = [];
    public IReadOnlyList<string> Skills { get; init; } = [];
    public bool Children { get; init; }
    public IReadOnlyList<string> Excluded { get; init; } = [];
    public string Text { get; init; } = "";

    public static IReadOnlyDictionary<string, FieldMapping> Mapping { get; } = new Dictionary<string, FieldMapping>
    {
        ["key"] = FieldMapping.Keyword,
        ["need_id"] = FieldMapping.Long,
        ["item"] = FieldMapping.Keyword,
        ["area_code"] = FieldMapping.Keyword,
        ["village"] = FieldMapping.Keyword,
        ["regions"] = FieldMapping.Keyword,
        ["location"] = FieldMapping.GeoPoint,
        ["slots"] = FieldMapping.Keyword,
        ["amount_fen"] = FieldMapping.Long,
        ["groups"] = FieldMapping.Keyword,
        ["skills"] = FieldMapping.Keyword,
        ["children"] = FieldMapping.Boolean,
        ["excluded"] = FieldMapping.Keyword,
        ["text"] = FieldMapping.Chinese,
    };

    /// Keys sort as strings: zero-padded, so that the order by key is the order by id.
    public static string KeyOf(long needId) => needId.ToString("D19", CultureInfo.InvariantCulture);

    public static NeedDocument Of(NeedProfile n) => new()
    {
        Key = KeyOf(n.NeedId),
        NeedId = n.NeedId,
        Item = n.ItemCode,
        AreaCode = n.AreaCode,
        Village = n.Village.Value,
        Regions = Documents.Regions(n.Village),
        Location = Documents.Location(n.Location),
        Slots = SlotNames.Of(n.Slots),
        AmountFen = n.Amount?.Fen,
        Groups = n.Groups.Select(g => g.ToString()).ToList(),
        Skills = n.Skills,
        Children = n.InvolvesChildren,
        Excluded = n.Excluded.Select(ProviderDocument.KeyOf).Order(StringComparer.Ordinal).ToList(),
        Text = n.Text,
    };

    public NeedProfile ToProfile() => new()
    {
        NeedId = NeedId,
        ItemCode = Item,
        Groups = Groups.Select(Enum.Parse<BeneficiaryGroup>).ToList(),
        Village = DivisionCode.Parse(Village),
        Location = Location is { } l ? new GeoPoint(l.Lat, l.Lon) : null,
        Slots = SlotNames.Parse(Slots),
        Amount = AmountFen is { } a ? new Money(a) : null,
        Skills = Skills,
        InvolvesChildren = Children,
        Text = Text,
        Excluded = Excluded.Select(Documents.ParseRef).ToHashSet(),
    };
}

/// An open need stored the other way round, as a percolator query: the providers it accepts
/// (<see cref="HardRuleFilters.ForProviders"/>). Not used for matching (docs/elasticsearch.md says why a
/// needs index is used instead); `bench elasticsearch` times it beside the needs index. The index is mapped
/// as the providers index plus the percolator field: a node parses a stored query when the document is
/// written and refuses one that names a field the index does not map ("failed to parse").
public sealed record PercolatorDocument(Query Query)
{
    public const string Field = "query";

    public static IReadOnlyDictionary<string, FieldMapping> Mapping { get; } =
        new Dictionary<string, FieldMapping>(ProviderDocument.Mapping) { [Field] = new("percolator") };

    /// The rules are written with <paramref name="today"/>'s date: a stored query cannot take "now" from the moment it is run.
    public static PercolatorDocument Of(NeedProfile need, DateOnly today) =>
        new(HardRuleFilters.ForProviders(need, new ProviderQuery(ProviderQuery.MaxTop, today)));

    /// The stored needs that accept <paramref name="provider"/>.
    public static Query Percolate(ProviderProfile provider) => new PercolateQuery(Field, ProviderDocument.Of(provider));
}

/// Weekly availability as one keyword per slot ("sat-am"): "do these overlap" becomes a terms filter.
public static class SlotNames
{
    private static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    private static readonly string[] Parts = ["am", "pm", "eve"];
    private static readonly string[] Names = Enumerable.Range(0, 21).Select(bit => $"{Days[bit / 3]}-{Parts[bit % 3]}").ToArray();

    public static IReadOnlyList<string> Of(WeeklySlots slots) =>
        Enumerable.Range(0, 21).Where(bit => (slots.Bits & (1 << bit)) != 0).Select(bit => Names[bit]).ToList();

    public static WeeklySlots Parse(IEnumerable<string> names)
    {
        var bits = 0;
        foreach (var name in names)
        {
            var bit = Array.IndexOf(Names, name);
            if (bit < 0) throw new FormatException($"Unknown slot name '{name}'.");
            bits |= 1 << bit;
        }
        return new WeeklySlots(bits);
    }
}

internal static class Documents
{
    private static readonly RegionLevel[] Levels = [RegionLevel.Province, RegionLevel.City, RegionLevel.County, RegionLevel.Township, RegionLevel.Village];

    public static GeoLocation? Location(GeoPoint? point) => point is { } p ? new GeoLocation(p.Latitude, p.Longitude) : null;

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? Date(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// The region itself and every region it lies within, as full codes.
    public static IReadOnlyList<string> Regions(DivisionCode village) =>
        Levels.Select(level => village.AtLevel(level).Value).Distinct().ToList();

    public static ProviderRef ParseRef(string key)
    {
        var colon = key.IndexOf(':');
        return new ProviderRef(Enum.Parse<ResourceKind>(key[..colon]), long.Parse(key[(colon + 1)..], CultureInfo.InvariantCulture));
    }
}
