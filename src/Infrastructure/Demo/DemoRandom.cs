using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;

namespace FiveSocieties.Infrastructure.Demo;

/// A seeded random source with the few draws the demo needs. Same seed, same county.
internal sealed class DemoRandom(int seed)
{
    private readonly Random _random = new(seed);
    private readonly HashSet<string> _mobiles = [];

    public int Int(int minInclusive, int maxInclusive) => _random.Next(minInclusive, maxInclusive + 1);
    public double Double(double min, double max) => min + _random.NextDouble() * (max - min);
    public bool Chance(double probability) => _random.NextDouble() < probability;
    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public List<T> Sample<T>(IReadOnlyList<T> items, int count)
    {
        var pool = items.ToList();
        var result = new List<T>();
        while (result.Count < count && pool.Count > 0)
        {
            var i = _random.Next(pool.Count);
            result.Add(pool[i]);
            pool.RemoveAt(i);
        }
        return result;
    }

    /// Picks by weight: weights[i] is the relative chance of items[i].
    public T Weighted<T>(IReadOnlyList<T> items, IReadOnlyList<double> weights)
    {
        var roll = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < items.Count; i++)
        {
            roll -= weights[i];
            if (roll < 0) return items[i];
        }
        return items[^1];
    }

    public string PersonName(DemoTexts texts)
    {
        var given = Pick(texts.GivenNameChars) + (Chance(0.75) ? Pick(texts.GivenNameChars) : "");
        return Pick(texts.Surnames) + given;
    }

    public MobileNumber Mobile()
    {
        string[] prefixes = ["133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "187", "188", "189", "191", "199"];
        while (true)
        {
            var value = Pick(prefixes) + Int(0, 99_999_999).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
            if (_mobiles.Add(value)) return MobileNumber.Parse(value);
        }
    }

    /// A well-formed identity number of someone born in the county between the given years.
    public ResidentIdNumber IdNumber(int bornFrom, int bornTo)
    {
        var birth = new DateOnly(Int(bornFrom, bornTo), 1, 1).AddDays(Int(0, 364));
        var first17 = "341821" + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + Int(0, 999).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        return ResidentIdNumber.Complete(first17);
    }

    /// A point within <paramref name="radiusKm"/> of <paramref name="centre"/>.
    public GeoPoint Near(GeoPoint centre, double radiusKm)
    {
        var distance = radiusKm * Math.Sqrt(_random.NextDouble());
        var angle = _random.NextDouble() * 2 * Math.PI;
        var dLat = distance * Math.Cos(angle) / 111.0;
        var dLon = distance * Math.Sin(angle) / (111.0 * Math.Cos(centre.Latitude * Math.PI / 180));
        return new GeoPoint(Math.Round(centre.Latitude + dLat, 6), Math.Round(centre.Longitude + dLon, 6));
    }

    public WeeklySlots Slots(int count, bool weekendBias)
    {
        var bits = 0;
        for (var i = 0; i < count; i++)
        {
            var day = weekendBias && Chance(0.5) ? Int(5, 6) : Int(0, 6);
            bits |= 1 << (day * 3 + Int(0, 2));
        }
        return new WeeklySlots(bits);
    }
}
