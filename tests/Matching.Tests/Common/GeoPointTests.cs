using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Tests.Common;

public class GeoPointTests
{
    private static readonly GeoPoint Beijing = new(39.9042, 116.4074);
    private static readonly GeoPoint Shanghai = new(31.2304, 121.4737);

    [Fact]
    public void DistanceKm_BeijingToShanghai_IsAbout1068Km()
    {
        Assert.InRange(Beijing.DistanceKm(Shanghai), 1063, 1073);
    }

    [Fact]
    public void DistanceKm_IsSymmetricAndZeroToItself()
    {
        Assert.Equal(Beijing.DistanceKm(Shanghai), Shanghai.DistanceKm(Beijing), 9);
        Assert.Equal(0, Beijing.DistanceKm(Beijing));
    }

    [Fact]
    public void DistanceKm_OneDegreeOfLatitude_IsAbout111Km()
    {
        Assert.InRange(new GeoPoint(31, 119).DistanceKm(new GeoPoint(32, 119)), 110.9, 111.4);
    }

    [Fact]
    public void DistanceKm_AntipodalPoints_IsHalfTheCircumference()
    {
        Assert.InRange(new GeoPoint(0, 0).DistanceKm(new GeoPoint(0, 180)), 20_015, 20_016);
    }

    [Theory]
    [InlineData(90.0001, 0, "geo.latitude")]
    [InlineData(-91, 0, "geo.latitude")]
    [InlineData(double.NaN, 0, "geo.latitude")]
    [InlineData(0, 180.5, "geo.longitude")]
    [InlineData(0, double.NaN, "geo.longitude")]
    public void Constructor_OutOfRange_IsRefused(double latitude, double longitude, string code)
    {
        var refused = Assert.Throws<DomainException>(() => new GeoPoint(latitude, longitude));

        Assert.Equal(code, refused.Code);
    }

    [Fact]
    public void FromNullable_OnlyWithBothCoordinates()
    {
        Assert.Null(GeoPoint.FromNullable(31.1, null));
        Assert.Equal(new GeoPoint(31.1, 119.2), GeoPoint.FromNullable(31.1, 119.2));
    }

    [Fact]
    public void ToString_UsesInvariantDecimalPoint()
    {
        Assert.Equal("31.128312,119.180301", new GeoPoint(31.1283123, 119.1803009).ToString());
    }
}
