using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Tests.Common;

public class TimeTests
{
    private static readonly DateTimeOffset Nine = new(2025, 3, 10, 9, 0, 0, ChinaTime.Offset);

    [Fact]
    public void TimeWindow_EndBeforeStart_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new TimeWindow(Nine, Nine.AddMinutes(-1)));

        Assert.Equal("window.order", refused.Code);
    }

    [Fact]
    public void TimeWindow_EndEqualToStart_IsRefused()
    {
        Assert.Throws<DomainException>(() => new TimeWindow(Nine, Nine));
    }

    [Fact]
    public void TimeWindow_SameInstantInAnotherOffset_IsStillRefused()
    {
        Assert.Throws<DomainException>(() => new TimeWindow(Nine, Nine.ToUniversalTime()));
    }

    [Fact]
    public void Contains_IncludesTheStartAndExcludesTheEnd()
    {
        var window = new TimeWindow(Nine, Nine.AddHours(2));

        Assert.True(window.Contains(Nine));
        Assert.True(window.Contains(Nine.AddHours(1)));
        Assert.False(window.Contains(Nine.AddHours(2)));
        Assert.False(window.Contains(Nine.AddTicks(-1)));
    }

    [Fact]
    public void Overlaps_BackToBackWindows_DoNotOverlap()
    {
        var morning = new TimeWindow(Nine, Nine.AddHours(3));
        var afternoon = new TimeWindow(Nine.AddHours(3), Nine.AddHours(6));
        var lunch = new TimeWindow(Nine.AddHours(2), Nine.AddHours(4));

        Assert.False(morning.Overlaps(afternoon));
        Assert.True(morning.Overlaps(lunch));
        Assert.True(lunch.Overlaps(afternoon));
    }

    [Fact]
    public void FromNullable_OnlyWithBothEnds()
    {
        Assert.Null(TimeWindow.FromNullable(Nine, null));
        Assert.NotNull(TimeWindow.FromNullable(Nine, Nine.AddHours(1)));
    }

    [Fact]
    public void ChinaTime_Today_IsTheCalendarDayInChina()
    {
        Assert.Equal(new DateOnly(2025, 3, 11), ChinaTime.Today(new DateTimeOffset(2025, 3, 10, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2025, 3, 10), ChinaTime.Today(new DateTimeOffset(2025, 3, 10, 15, 59, 59, TimeSpan.Zero)));
    }

    [Fact]
    public void ChinaTime_StartOf_IsMidnightInChina()
    {
        Assert.Equal(new DateTimeOffset(2025, 3, 9, 16, 0, 0, TimeSpan.Zero), ChinaTime.StartOf(new DateOnly(2025, 3, 10)));
    }
}
