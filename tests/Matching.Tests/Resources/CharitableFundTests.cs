using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Resources;

/// Default fund: ¥10,000 in total, at most ¥3,000 per grant.
public class CharitableFundTests
{
    [Fact]
    public void Reserve_AmountWithinLimits_LowersTheRemainingBudget()
    {
        var fund = new FundBuilder().BuildActive();

        fund.Reserve(Money.FromYuan(2_500));

        Assert.Equal(Money.FromYuan(7_500), fund.RemainingBudget);
        Assert.Equal(Money.FromYuan(2_500), fund.Granted);
    }

    [Fact]
    public void Reserve_ExactlyTheMaxPerGrant_IsAccepted()
    {
        var fund = new FundBuilder().BuildActive();

        fund.Reserve(Money.FromYuan(3_000));

        Assert.Equal(Money.FromYuan(7_000), fund.RemainingBudget);
    }

    [Fact]
    public void Reserve_AmountAboveMaxPerGrant_IsRefused()
    {
        var fund = new FundBuilder().BuildActive();

        var refused = Assert.Throws<DomainException>(() => fund.Reserve(Money.FromYuan(3_000) + new Money(1)));

        Assert.Equal("fund.max-per-grant", refused.Code);
        Assert.Equal(Money.FromYuan(10_000), fund.RemainingBudget);
        Assert.Equal("资助金额 ¥3,000.01 超过单笔上限 ¥3,000.00。", refused.Message);
    }

    [Fact]
    public void Reserve_AmountAboveRemainingBudget_IsRefused()
    {
        var fund = new FundBuilder().WithTotal(Money.FromYuan(5_000)).BuildActive();
        fund.Reserve(Money.FromYuan(3_000));

        var refused = Assert.Throws<DomainException>(() => fund.Reserve(Money.FromYuan(2_000.01m)));

        Assert.Equal("fund.insufficient", refused.Code);
        Assert.Equal(Money.FromYuan(2_000), fund.RemainingBudget);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void Reserve_AmountNotPositive_IsRefused(long fen)
    {
        var fund = new FundBuilder().BuildActive();

        var refused = Assert.Throws<DomainException>(() => fund.Reserve(new Money(fen)));

        Assert.Equal("fund.amount", refused.Code);
        Assert.Equal(Money.FromYuan(10_000), fund.RemainingBudget);
    }

    [Fact]
    public void Reserve_WhenNotActive_IsRefused()
    {
        var fund = new FundBuilder().Build();

        var refused = Assert.Throws<DomainException>(() => fund.Reserve(Money.FromYuan(100)));

        Assert.Equal("fund.inactive", refused.Code);
    }

    [Fact]
    public void Release_ReservedAmount_RestoresTheBudget()
    {
        var fund = new FundBuilder().BuildActive();
        fund.Reserve(Money.FromYuan(1_000));

        fund.Release(Money.FromYuan(1_000));

        Assert.Equal(fund.TotalBudget, fund.RemainingBudget);
        Assert.Equal(Money.Zero, fund.Granted);
    }

    [Fact]
    public void Release_MoreThanWasGranted_IsRefused()
    {
        var fund = new FundBuilder().BuildActive();
        fund.Reserve(Money.FromYuan(1_000));

        var refused = Assert.Throws<DomainException>(() => fund.Release(Money.FromYuan(1_000.01m)));

        Assert.Equal("fund.release", refused.Code);
        Assert.Equal(Money.FromYuan(9_000), fund.RemainingBudget);
    }

    [Fact]
    public void Release_NothingGranted_IsRefused()
    {
        var fund = new FundBuilder().BuildActive();

        Assert.Throws<DomainException>(() => fund.Release(new Money(1)));
    }

    [Fact]
    public void TopUp_RaisesTotalAndRemaining()
    {
        var fund = new FundBuilder().BuildActive();
        fund.Reserve(Money.FromYuan(3_000));

        fund.TopUp(Money.FromYuan(5_000));

        Assert.Equal(Money.FromYuan(15_000), fund.TotalBudget);
        Assert.Equal(Money.FromYuan(12_000), fund.RemainingBudget);
    }

    [Fact]
    public void TopUp_ZeroAmount_IsRefused()
    {
        var fund = new FundBuilder().BuildActive();

        var refused = Assert.Throws<DomainException>(() => fund.TopUp(Money.Zero));

        Assert.Equal("fund.amount", refused.Code);
    }

    [Theory]
    [InlineData(300_000, true)]
    [InlineData(300_001, false)] // above the max per grant
    [InlineData(0, false)]
    public void CanGrant_FollowsTheSameLimitsAsReserve(long fen, bool expected)
    {
        var fund = new FundBuilder().BuildActive();

        Assert.Equal(expected, fund.CanGrant(new Money(fen)));
    }

    [Fact]
    public void CanGrant_MoreThanRemains_IsFalse()
    {
        var fund = new FundBuilder().WithTotal(Money.FromYuan(4_000)).BuildActive();
        fund.Reserve(Money.FromYuan(3_000));

        Assert.False(fund.CanGrant(Money.FromYuan(1_500)));
        Assert.True(fund.CanGrant(Money.FromYuan(1_000)));
    }

    [Fact]
    public void Create_MaxPerGrantAboveTotal_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(
            () => new FundBuilder().WithTotal(Money.FromYuan(1_000)).WithMaxPerGrant(Money.FromYuan(1_000.01m)).Build());

        Assert.Equal("fund.max-per-grant", refused.Code);
    }

    [Fact]
    public void Create_ZeroTotal_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new FundBuilder().WithTotal(Money.Zero).Build());

        Assert.Equal("fund.budget", refused.Code);
    }

    [Fact]
    public void IsEligible_WithoutListedGroups_HelpsEveryGroup()
    {
        var open = new FundBuilder().ForGroups().Build();
        var narrow = new FundBuilder().ForGroups(BeneficiaryGroup.PersonWithDisability).Build();

        Assert.True(open.IsEligible([BeneficiaryGroup.LeftBehindChild]));
        Assert.True(narrow.IsEligible([BeneficiaryGroup.ElderlyLivingAlone, BeneficiaryGroup.PersonWithDisability]));
        Assert.False(narrow.IsEligible([BeneficiaryGroup.LeftBehindChild]));
    }

    [Fact]
    public void CoversRegion_VillageInsideTheScope_IsTrue()
    {
        var fund = new FundBuilder().Build(); // scope: 建平镇

        Assert.True(fund.CoversRegion(Codes.Village));
        Assert.False(fund.CoversRegion(Codes.ShiziVillage));
    }
}
