using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Tests.Common;

public class WeeklySlotsTests
{
    private static readonly WeeklySlots WeekendMornings =
        WeeklySlots.Of((DayOfWeek.Saturday, DayPart.Morning), (DayOfWeek.Sunday, DayPart.Morning));

    [Fact]
    public void Of_SetsExactlyTheGivenSlots()
    {
        Assert.True(WeekendMornings.Contains(DayOfWeek.Saturday, DayPart.Morning));
        Assert.True(WeekendMornings.Contains(DayOfWeek.Sunday, DayPart.Morning));
        Assert.False(WeekendMornings.Contains(DayOfWeek.Sunday, DayPart.Afternoon));
        Assert.False(WeekendMornings.Contains(DayOfWeek.Monday, DayPart.Morning));
        Assert.Equal(2, WeekendMornings.Count);
    }

    [Fact]
    public void Of_MondayMorningIsTheFirstBitAndSundayEveningTheLast()
    {
        Assert.Equal(1, WeeklySlots.Of((DayOfWeek.Monday, DayPart.Morning)).Bits);
        Assert.Equal(1 << 20, WeeklySlots.Of((DayOfWeek.Sunday, DayPart.Evening)).Bits);
    }

    [Fact]
    public void Overlaps_SharedSlot_IsTrue()
    {
        var sundays = WeeklySlots.Of((DayOfWeek.Sunday, DayPart.Morning), (DayOfWeek.Sunday, DayPart.Afternoon));

        Assert.True(WeekendMornings.Overlaps(sundays));
        Assert.Equal(WeeklySlots.Of((DayOfWeek.Sunday, DayPart.Morning)), WeekendMornings.Intersect(sundays));
    }

    [Fact]
    public void Overlaps_SameDayOtherPart_IsFalse()
    {
        var saturdayEvening = WeeklySlots.Of((DayOfWeek.Saturday, DayPart.Evening));

        Assert.False(WeekendMornings.Overlaps(saturdayEvening));
        Assert.True(WeekendMornings.Intersect(saturdayEvening).IsEmpty);
    }

    [Fact]
    public void Overlaps_NothingFilledIn_IsFalseEvenAgainstAlways()
    {
        Assert.False(WeeklySlots.None.Overlaps(WeeklySlots.Always));
    }

    [Fact]
    public void Describe_ListsSlotsFromMondayToSunday()
    {
        var slots = WeeklySlots.Of((DayOfWeek.Sunday, DayPart.Afternoon), (DayOfWeek.Saturday, DayPart.Morning), (DayOfWeek.Monday, DayPart.Evening));

        Assert.Equal("周一晚上、周六上午、周日下午", slots.Describe());
    }

    [Fact]
    public void Describe_EmptyAndFull_HaveTheirOwnWords()
    {
        Assert.Equal("未填写", WeeklySlots.None.Describe());
        Assert.Equal("每天全天", WeeklySlots.Always.Describe());
        Assert.Equal(21, WeeklySlots.Always.Count);
    }

    [Theory]
    [InlineData(1 << 21)]
    [InlineData(-1)]
    public void Constructor_BitsOutsideTheGrid_AreRefused(int bits)
    {
        var refused = Assert.Throws<DomainException>(() => new WeeklySlots(bits));

        Assert.Equal("slots.invalid", refused.Code);
    }

    [Fact]
    public void Slots_RoundTripThroughOf()
    {
        var slots = new WeeklySlots(0b101_010_001_000_100_010_001);

        Assert.Equal(slots, WeeklySlots.Of(slots.Slots().ToArray()));
    }
}
