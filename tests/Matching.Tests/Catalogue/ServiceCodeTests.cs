using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Tests.Catalogue;

public class ServiceCodeTests
{
    [Theory]
    [InlineData("elderly", true, false)]
    [InlineData("elderly.meal", false, true)]
    [InlineData("child-care.after-school", false, true)]
    [InlineData("Elderly", false, false)]
    [InlineData("e", false, false)]       // an area needs two characters
    [InlineData("elderly.", false, false)]
    [InlineData("elderly.meal.hot", false, false)]
    [InlineData("1elderly", false, false)]
    public void IsAreaAndIsItem_FollowTheCodeFormat(string code, bool area, bool item)
    {
        Assert.Equal(area, ServiceCode.IsArea(code));
        Assert.Equal(item, ServiceCode.IsItem(code));
    }

    [Theory]
    [InlineData("elderly.meal", "elderly")]
    [InlineData("elderly", "elderly")]
    public void AreaOf_IsTheTextBeforeTheDot(string code, string area)
    {
        Assert.Equal(area, ServiceCode.AreaOf(code));
    }

    [Theory]
    [InlineData("elderly.meal", true)]     // listed exactly
    [InlineData("disability.rehab", true)] // through its area
    [InlineData("elderly.retrofit", false)]
    [InlineData("children.tutoring", false)]
    public void Serves_ExactItemOrWholeArea(string itemCode, bool expected)
    {
        string[] served = ["elderly.meal", "disability"];

        Assert.Equal(expected, ServiceCode.Serves(served, itemCode));
    }

    [Fact]
    public void ServiceItem_WithoutResourceKinds_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new ServiceItem("elderly.meal", "助餐", ServiceTier.Basic, [], 1));

        Assert.Equal("catalogue.kinds", refused.Code);
    }

    [Fact]
    public void ServiceItem_WithTwoResourceKinds_NeedsABundle()
    {
        var retrofit = new ServiceItem("elderly.retrofit", "适老化改造", ServiceTier.Basic,
            [ResourceKind.Fund, ResourceKind.Organisation, ResourceKind.Fund], 2);

        Assert.True(retrofit.NeedsBundle);
        Assert.Equal("elderly", retrofit.AreaCode);
        Assert.Equal(2, retrofit.UsualResourceKinds.Count);
    }

    [Fact]
    public void ServiceArea_InvalidCode_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new ServiceArea("养老", "养老服务", 1));

        Assert.Equal("catalogue.area-code", refused.Code);
    }
}
