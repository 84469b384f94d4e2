using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Regions;

public class DivisionCodeTests
{
    [Theory]
    [InlineData("340000000000", RegionLevel.Province, null)]
    [InlineData("341800000000", RegionLevel.City, "340000000000")]
    [InlineData("341821000000", RegionLevel.County, "341800000000")]       // 郎溪县
    [InlineData("341821100000", RegionLevel.Township, "341821000000")]     // 建平镇
    [InlineData("341821001000", RegionLevel.Township, "341821000000")]     // 郎步街道
    [InlineData("341821100201", RegionLevel.Village, "341821100000")]
    [InlineData("441900003000", RegionLevel.Township, "441900000000")]     // 东莞 东城街道: no county level
    [InlineData("441900000000", RegionLevel.City, "440000000000")]
    public void LevelAndParent_FollowTheTrailingZeros(string code, RegionLevel level, string? parent)
    {
        var parsed = DivisionCode.Parse(code);

        Assert.Equal(level, parsed.Level);
        Assert.Equal(parent, parsed.Parent?.Value);
    }

    [Theory]
    [InlineData("341821", "341821000000", RegionLevel.County)]
    [InlineData("341821100", "341821100000", RegionLevel.Township)]
    [InlineData(" 341821100000 ", "341821100000", RegionLevel.Township)]
    public void Parse_SixAndNineDigitForms_ArePadded(string input, string expected, RegionLevel level)
    {
        var code = DivisionCode.Parse(input);

        Assert.Equal(expected, code.Value);
        Assert.Equal(level, code.Level);
    }

    [Theory]
    [InlineData("34182110000A")]
    [InlineData("34182１100000")] // a full-width digit
    [InlineData("3418211000")]   // 10 digits
    [InlineData("3418211000000")] // 13 digits
    [InlineData("")]
    [InlineData(null)]
    public void Parse_NotTwelveDigits_IsRefused(string? input)
    {
        Assert.False(DivisionCode.TryParse(input, out _, out var error));
        Assert.Contains("12 位数字", error);
    }

    [Theory]
    [InlineData("991821000000")]
    [InlineData("100000000000")]
    [InlineData("000000000000")]
    public void Parse_UnknownProvince_IsRefused(string input)
    {
        Assert.False(DivisionCode.TryParse(input, out _, out var error));
        Assert.Contains("省级代码", error);
    }

    [Fact]
    public void Parse_VillageWithoutTownship_IsRefused()
    {
        Assert.False(DivisionCode.TryParse("341821000201", out _, out var error));
        Assert.Contains("缺少乡镇级", error);
    }

    [Fact]
    public void Parse_CountyWithoutCity_IsRefused()
    {
        Assert.False(DivisionCode.TryParse("340021000000", out _, out var error));
        Assert.Contains("缺少地市级", error);
    }

    [Fact]
    public void Parse_Invalid_ThrowsDomainExceptionWithCode()
    {
        var refused = Assert.Throws<DomainException>(() => DivisionCode.Parse("991821000000"));

        Assert.Equal("division-code.invalid", refused.Code);
    }

    [Theory]
    [InlineData("341821100201", "341821100000", true)]  // village in its township
    [InlineData("341821100201", "341821000000", true)]  // … in its county
    [InlineData("341821100201", "340000000000", true)]  // … in its province
    [InlineData("341821100000", "341821100000", true)]  // a code lies within itself
    [InlineData("341821100201", "341821101000", false)] // another township
    [InlineData("341821000000", "341821100000", false)] // a county is not within its township
    [InlineData("341822000000", "341821000000", false)] // the neighbouring county
    [InlineData("441900003000", "441900000000", true)]  // 东莞 township in the city
    public void IsWithin_FollowsThePrefix(string code, string area, bool expected)
    {
        Assert.Equal(expected, DivisionCode.Parse(code).IsWithin(DivisionCode.Parse(area)));
    }

    [Theory]
    [InlineData(RegionLevel.Province, "340000000000")]
    [InlineData(RegionLevel.City, "341800000000")]
    [InlineData(RegionLevel.County, "341821000000")]
    [InlineData(RegionLevel.Township, "341821100000")]
    [InlineData(RegionLevel.Village, "341821100201")]
    public void AtLevel_GivesTheAncestorAtThatLevel(RegionLevel level, string expected)
    {
        Assert.Equal(expected, Codes.Village.AtLevel(level).Value);
    }

    [Fact]
    public void AtLevel_BelowTheCodesOwnLevel_GivesTheCodeItself()
    {
        Assert.Equal(Codes.Langxi, Codes.Langxi.AtLevel(RegionLevel.Village));
    }

    [Theory]
    [InlineData("340000000000", "34")]
    [InlineData("341800000000", "3418")]
    [InlineData("341821000000", "341821")]
    [InlineData("341821100000", "341821100")]
    [InlineData("341821100201", "341821100201")]
    public void Prefix_IsTheSignificantDigits(string code, string prefix)
    {
        Assert.Equal(prefix, DivisionCode.Parse(code).Prefix);
    }

    [Fact]
    public void CompareTo_OrdersByCode()
    {
        Assert.True(Codes.Jianping.CompareTo(Codes.Shizi) < 0);
        Assert.Equal(0, Codes.Village.CompareTo(DivisionCode.Parse("341821100201")));
    }
}
