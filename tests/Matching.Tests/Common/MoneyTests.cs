using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Tests.Common;

public class MoneyTests
{
    [Theory]
    [InlineData(1234560, "¥12,345.60")]
    [InlineData(0, "¥0.00")]
    [InlineData(5, "¥0.05")]
    [InlineData(100_000_000_00, "¥100,000,000.00")]
    [InlineData(-500, "-¥5.00")]
    public void ToString_WritesYuanWithThousandsSeparatorAndTwoDecimals(long fen, string expected)
    {
        Assert.Equal(expected, new Money(fen).ToString());
    }

    [Theory]
    [InlineData("12.34", 1234)]
    [InlineData("0.005", 1)]   // half a fen rounds away from zero
    [InlineData("0.004", 0)]
    [InlineData("-0.005", -1)]
    public void FromYuan_RoundsToWholeFen(string yuan, long fen)
    {
        Assert.Equal(fen, Money.FromYuan(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture)).Fen);
    }

    [Fact]
    public void Arithmetic_AddsAndSubtractsExactly()
    {
        var sum = Money.FromYuan(0.1m) + Money.FromYuan(0.2m);

        Assert.Equal(Money.FromYuan(0.3m), sum);
        Assert.Equal(new Money(10), sum - Money.FromYuan(0.2m));
        Assert.Equal(0.3m, sum.Yuan);
    }

    [Fact]
    public void Arithmetic_Overflow_Throws()
    {
        Assert.Throws<OverflowException>(() => new Money(long.MaxValue) + new Money(1));
    }

    [Fact]
    public void Comparison_ComparesTheAmounts()
    {
        var small = new Money(100);
        var large = new Money(200);

        Assert.True(small < large);
        Assert.True(large >= small);
        Assert.True(small <= new Money(100));
        Assert.False(small > large);
        Assert.True(small.CompareTo(large) < 0);
        Assert.True(new Money(1).IsPositive);
        Assert.False(Money.Zero.IsPositive);
    }
}
