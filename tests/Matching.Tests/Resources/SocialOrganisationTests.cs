using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Resources;

public class SocialOrganisationTests
{
    private static readonly DateTimeOffset March = new(2025, 3, 12, 10, 0, 0, ChinaTime.Offset);
    private static readonly DateTimeOffset April = new(2025, 4, 2, 10, 0, 0, ChinaTime.Offset);

    [Fact]
    public void ReserveCase_UpToMonthlyCapacity_ThenIsRefused()
    {
        var organisation = new OrganisationBuilder().WithMonthlyCapacity(2).BuildActive();

        organisation.ReserveCase(March);
        organisation.ReserveCase(March);
        var refused = Assert.Throws<DomainException>(() => organisation.ReserveCase(March));

        Assert.Equal("organisation.full", refused.Code);
        Assert.Equal(0, organisation.RemainingCapacity(March));
    }

    [Fact]
    public void ReserveCase_InANewMonth_StartsFromFullCapacity()
    {
        var organisation = new OrganisationBuilder().WithMonthlyCapacity(2).BuildActive();
        organisation.ReserveCase(March);
        organisation.ReserveCase(March);

        Assert.Equal(2, organisation.RemainingCapacity(April));
        organisation.ReserveCase(April);

        Assert.Equal(1, organisation.RemainingCapacity(April));
        Assert.Equal(1, organisation.CasesThisMonth);
    }

    [Fact]
    public void ReserveCase_FirstOfTheMonthInChinaWhileStillLastMonthInUtc_CountsForTheNewMonth()
    {
        var organisation = new OrganisationBuilder().WithMonthlyCapacity(1).BuildActive();
        organisation.ReserveCase(March);
        var firstOfApril = new DateTimeOffset(2025, 3, 31, 16, 30, 0, TimeSpan.Zero); // 00:30 on 1 April in China

        Assert.Equal(1, organisation.RemainingCapacity(firstOfApril));
        organisation.ReserveCase(firstOfApril);

        Assert.Equal(202504, organisation.CapacityMonth);
    }

    [Fact]
    public void ReleaseCase_InTheSameMonth_GivesTheCaseBack()
    {
        var organisation = new OrganisationBuilder().WithMonthlyCapacity(2).BuildActive();
        organisation.ReserveCase(March);

        organisation.ReleaseCase(March);

        Assert.Equal(2, organisation.RemainingCapacity(March));
    }

    [Fact]
    public void ReleaseCase_OfLastMonth_LeavesThisMonthAlone()
    {
        var organisation = new OrganisationBuilder().WithMonthlyCapacity(3).BuildActive();
        organisation.ReserveCase(March);
        organisation.ReserveCase(March);

        organisation.ReleaseCase(April);

        Assert.Equal(2, organisation.CasesThisMonth);
        Assert.Equal(1, organisation.RemainingCapacity(March));
    }

    [Fact]
    public void ReserveCase_WhenNotActive_IsRefused()
    {
        var organisation = new OrganisationBuilder().Build();

        var refused = Assert.Throws<DomainException>(() => organisation.ReserveCase(March));

        Assert.Equal("organisation.inactive", refused.Code);
    }

    [Fact]
    public void ServesRegion_VillageOfAServedTownship_IsTrue()
    {
        var organisation = new OrganisationBuilder().Build(); // serves 建平镇 and 十字镇

        Assert.True(organisation.ServesRegion(Codes.Village));
        Assert.True(organisation.ServesRegion(Codes.Shizi));
        Assert.False(organisation.ServesRegion(DivisionCode.Parse("341821102201")));
    }

    [Fact]
    public void Create_MonthlyCapacityOfZero_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new OrganisationBuilder().WithMonthlyCapacity(0).Build());

        Assert.Equal("field.range", refused.Code);
    }
}
