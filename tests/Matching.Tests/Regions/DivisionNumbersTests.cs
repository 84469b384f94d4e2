using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Tests.Regions;

/// The arithmetic forms used by the candidate index give the string forms' answers.
public class DivisionNumbersTests
{
    private static readonly string[] Codes =
    [
        "340000000000", "341800000000", "341821000000", "341821100000", "341821001000", "341821100201", "341821100202",
        "341821101001", "341822100001", "341900000000", "441900003000", "441900000000", "441900003001", "440000000000",
    ];

    [Fact]
    public void LevelAncestorAndContainment_AgreeWithDivisionCode()
    {
        foreach (var a in Codes.Select(DivisionCode.Parse))
        {
            Assert.Equal(a.Level, DivisionNumbers.Level(a.Number));
            foreach (var level in Enum.GetValues<RegionLevel>())
                Assert.Equal(a.AtLevel(level).Number, DivisionNumbers.AtLevel(a.Number, level));
            foreach (var b in Codes.Select(DivisionCode.Parse))
                Assert.Equal(a.IsWithin(b), DivisionNumbers.IsWithin(a.Number, b.Number));
        }
    }

    [Theory]
    [InlineData("341821100201", "341821100201", Locality.SameVillage)]
    [InlineData("341821100201", "341821100202", Locality.SameTownship)]
    [InlineData("341821100201", "341821100000", Locality.SameTownship)]
    [InlineData("341821100201", "341821101001", Locality.SameCounty)]
    [InlineData("341821100201", "341821000000", Locality.SameCounty)]
    [InlineData("341821100201", "341822100001", Locality.Elsewhere)]
    [InlineData("441900003001", "441900003000", Locality.SameTownship)]
    [InlineData("441900003001", "441900000000", Locality.SameCounty)]   // a city without counties stands in for the county
    public void Locality_PrefersTheSameVillageThenTownshipThenCounty(string village, string home, Locality expected)
    {
        Assert.Equal(expected, Ranker.LocalityOf(DivisionCode.Parse(village), DivisionCode.Parse(home)));
    }

    /// The arithmetic of <see cref="Ranker.LocalityOf(long, long)"/> against the rule in words: same
    /// village; same township (home a township or village); within the home's county-level ancestor.
    [Fact]
    public void Locality_AgreesWithTheContainmentRule_ForEveryPair()
    {
        foreach (var village in Codes.Select(DivisionCode.Parse).Where(c => c.Level == RegionLevel.Village))
            foreach (var home in Codes.Select(DivisionCode.Parse))
            {
                var expected = home == village ? Locality.SameVillage
                    : home.Level >= RegionLevel.Township && village.IsWithin(home.AtLevel(RegionLevel.Township)) ? Locality.SameTownship
                    : village.IsWithin(home.AtLevel(RegionLevel.County)) ? Locality.SameCounty
                    : Locality.Elsewhere;
                Assert.Equal(expected, Ranker.LocalityOf(village.Number, home.Number));
            }
    }
}
