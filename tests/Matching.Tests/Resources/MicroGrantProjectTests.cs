using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Resources;

/// Default project: runs 1 Jan – 31 Dec 2025, ten places.
public class MicroGrantProjectTests
{
    [Theory]
    [InlineData("2025-01-01")] // first day
    [InlineData("2025-12-31")] // last day
    public void TakePlace_OnTheFirstAndLastDayOfThePeriod_IsAccepted(string day)
    {
        var project = new MicroGrantBuilder().BuildActive();

        project.TakePlace(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(9, project.PlacesLeft);
    }

    [Theory]
    [InlineData("2024-12-31")]
    [InlineData("2026-01-01")]
    public void TakePlace_OutsideThePeriod_IsRefused(string day)
    {
        var project = new MicroGrantBuilder().BuildActive();

        var refused = Assert.Throws<DomainException>(() => project.TakePlace(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal("microgrant.period", refused.Code);
        Assert.Equal("该项目不在执行期内（2025-01-01 至 2025-12-31）。", refused.Message);
        Assert.Equal(10, project.PlacesLeft);
    }

    [Fact]
    public void TakePlace_WhenAllPlacesAreTaken_IsRefused()
    {
        var project = new MicroGrantBuilder().WithPlaces(2).BuildActive();
        project.TakePlace(Fixed.Today);
        project.TakePlace(Fixed.Today);

        var refused = Assert.Throws<DomainException>(() => project.TakePlace(Fixed.Today));

        Assert.Equal("microgrant.full", refused.Code);
        Assert.Equal(0, project.PlacesLeft);
    }

    [Fact]
    public void TakePlace_WhenNotActive_IsRefused()
    {
        var project = new MicroGrantBuilder().Build();

        var refused = Assert.Throws<DomainException>(() => project.TakePlace(Fixed.Today));

        Assert.Equal("microgrant.inactive", refused.Code);
    }

    [Fact]
    public void ReleasePlace_AfterTakingOne_GivesItBack()
    {
        var project = new MicroGrantBuilder().WithPlaces(1).BuildActive();
        project.TakePlace(Fixed.Today);

        project.ReleasePlace();

        Assert.Equal(1, project.PlacesLeft);
    }

    [Fact]
    public void ReleasePlace_WithNoPlaceTaken_IsRefused()
    {
        var project = new MicroGrantBuilder().BuildActive();

        var refused = Assert.Throws<DomainException>(project.ReleasePlace);

        Assert.Equal("microgrant.release", refused.Code);
        Assert.Equal(10, project.PlacesLeft);
    }

    [Fact]
    public void Create_EndingBeforeItStarts_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(
            () => new MicroGrantBuilder().Running(new DateOnly(2025, 6, 1), new DateOnly(2025, 5, 31)).Build());

        Assert.Equal("window.order", refused.Code);
    }

    [Fact]
    public void Create_OneDayProject_IsAccepted()
    {
        var project = new MicroGrantBuilder().Running(new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 1)).Build();

        Assert.True(project.IsRunningOn(new DateOnly(2025, 6, 1)));
        Assert.False(project.IsRunningOn(new DateOnly(2025, 6, 2)));
    }

    [Fact]
    public void Create_ZeroPlaces_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new MicroGrantBuilder().WithPlaces(0).Build());

        Assert.Equal("field.range", refused.Code);
    }
}
