using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Engine.Embedded;

namespace FiveSocieties.Matching.Tests.Engine;

/// The embedded index drops a candidate on an upper bound of its score before computing the score
/// itself; a bound that is ever too low loses a proposal silently. These hold each bound against
/// the exact value over many random cases.
public class EmbeddedBoundsTests
{
    private static readonly string[] Words =
        ["助餐", "老人", "独居", "上门", "陪同", "就医", "儿童", "作业", "辅导", "心理", "维修", "清洁", "法律", "咨询", "残疾人", "康复", "WiFi", "2025"];

    private static string RandomText(Random rng)
    {
        var parts = Enumerable.Range(0, rng.Next(0, 14)).Select(_ => Words[rng.Next(Words.Length)]);
        // Now and then one word many times over, so that counts above one (and above 255) occur.
        return string.Concat(parts) + (rng.Next(20) == 0 ? string.Concat(Enumerable.Repeat("助餐", rng.Next(2, 300))) : "");
    }

    [Fact]
    public void TextSignature_NeverBoundsTheCosineBelowItsValue()
    {
        var rng = new Random(7);
        var vocabulary = new Vocabulary();
        for (var i = 0; i < 3000; i++)
        {
            string a = RandomText(rng), b = RandomText(rng);
            var bagA = TokenBag.Of(a, vocabulary, add: true);
            var bagB = TokenBag.Of(b, vocabulary, add: true);
            var bound = new TextSignature.Query(bagA)
                .CosineAtMost(TextSignature.Of(bagB.Ids), TextSignature.LargestCount(bagB), bagB.SumOfSquares);
            var exact = ChineseText.Similarity(a, b);
            Assert.True(bound >= exact - 1e-12, $"bound {bound} < cosine {exact} for \"{a}\" / \"{b}\"");
            Assert.InRange(bound, 0, 1);
        }
    }

    [Fact]
    public void TokenBag_CountsEveryToken_KnownOrNot()
    {
        var vocabulary = new Vocabulary();
        TokenBag.Of("助餐服务", vocabulary, add: true);
        var bag = TokenBag.Of("助餐助餐上门", vocabulary, add: false);   // 助餐 ×2, 餐助, 餐上, 上门: only 助餐 is known
        Assert.Equal([vocabulary.Find("助餐")], bag.Ids);
        Assert.Equal([2], bag.Counts);
        Assert.Equal(4 + 1 + 1 + 1, bag.SumOfSquares);
    }

    [Fact]
    public void DistanceLowerBounds_NeverExceedTheDistance()
    {
        var rng = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            // Mostly near China, now and then anywhere (poles, the date line).
            GeoPoint Point() => rng.Next(10) == 0
                ? new GeoPoint(rng.NextDouble() * 180 - 90, rng.NextDouble() * 360 - 180)
                : new GeoPoint(20 + rng.NextDouble() * 25, 100 + rng.NextDouble() * 25);
            var a = Point();
            var corners = new[] { Point(), Point() };
            var box = (MinLat: corners.Min(c => c.Latitude), MaxLat: corners.Max(c => c.Latitude),
                MinLon: corners.Min(c => c.Longitude), MaxLon: corners.Max(c => c.Longitude));
            var inside = new GeoPoint(box.MinLat + rng.NextDouble() * (box.MaxLat - box.MinLat),
                box.MinLon + rng.NextDouble() * (box.MaxLon - box.MinLon));
            var km = a.DistanceKm(inside);
            Assert.True(GeoPoint.KmAtLeast(a.Latitude, inside.Latitude) <= km);
            Assert.True(a.KmAtLeastToBox(box.MinLat, box.MaxLat, box.MinLon, box.MaxLon) <= km,
                $"{a} to a point {inside} of the box {box}: bound above {km} km");
        }
    }

    [Fact]
    public void DistanceLowerBound_IsTightForAPointDueNorth()
    {
        var a = new GeoPoint(30, 118);
        var b = new GeoPoint(30.5, 118);
        Assert.Equal(a.DistanceKm(b), GeoPoint.KmAtLeast(a.Latitude, b.Latitude), 6);
        Assert.Equal(a.DistanceKm(b), a.KmAtLeastToBox(30.5, 31, 117, 119), 6);
        Assert.Equal(0, a.KmAtLeastToBox(29, 31, 117, 119));
    }
}
