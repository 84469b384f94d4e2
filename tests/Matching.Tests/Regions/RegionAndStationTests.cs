using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Regions;

public class RegionAndStationTests
{
    [Fact]
    public void Region_TownshipUnderItsCounty_IsAccepted()
    {
        var region = new Region(Codes.Jianping, "建平镇", Codes.Langxi, new GeoPoint(31.13, 119.18));

        Assert.Equal(RegionLevel.Township, region.Level);
        Assert.Equal(Codes.Langxi, region.ParentCode);
        Assert.Equal(31.13, region.Location!.Value.Latitude);
    }

    [Fact]
    public void Region_ParentThatDoesNotContainIt_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new Region(Codes.Jianping, "建平镇", DivisionCode.Parse("341822000000")));

        Assert.Equal("region.parent", refused.Code);
    }

    [Fact]
    public void Region_ParentAtTheSameLevel_IsRefused()
    {
        Assert.Throws<DomainException>(() => new Region(Codes.Jianping, "建平镇", Codes.Jianping));
    }

    [Fact]
    public void Region_ProvinceWithAParent_IsRefused()
    {
        Assert.Throws<DomainException>(() => new Region(Codes.Anhui, "安徽省", Codes.Anhui));
    }

    [Fact]
    public void Region_BelowProvinceWithoutParent_IsRefused()
    {
        Assert.Throws<DomainException>(() => new Region(Codes.Langxi, "郎溪县", null));
    }

    [Theory]
    [InlineData("新华社区", true)]
    [InlineData("南丰村", false)]
    public void IsUrbanCommunity_VillageLevelNamedCommunity(string name, bool expected)
    {
        var region = new Region(Codes.Village, name, Codes.Jianping);

        Assert.Equal(expected, region.IsUrbanCommunity);
    }

    [Fact]
    public void Station_TownshipStationAtCountyLevel_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new Station("郎溪县社工站", Codes.Langxi, StationKind.TownshipStation));

        Assert.Equal("station.region", refused.Code);
    }

    [Fact]
    public void Station_GuidanceCentreAtTownshipLevel_IsRefused()
    {
        Assert.Throws<DomainException>(() => new Station("建平镇指导中心", Codes.Jianping, StationKind.CountyGuidanceCentre));
    }

    [Fact]
    public void Station_CoversTheVillagesOfItsTownshipOnly()
    {
        var station = new Station("建平镇社工站", Codes.Jianping, StationKind.TownshipStation, "建平镇人民路 1 号", " ");

        Assert.True(station.Covers(Codes.Village));
        Assert.False(station.Covers(Codes.ShiziVillage));
        Assert.Null(station.Phone);
    }

    [Fact]
    public void Station_GuidanceCentreCoversTheWholeCounty()
    {
        var centre = new Station("郎溪县社会工作指导中心", Codes.Langxi, StationKind.CountyGuidanceCentre);

        Assert.True(centre.Covers(Codes.Village));
        Assert.True(centre.Covers(Codes.ShiziVillage));
    }
}
