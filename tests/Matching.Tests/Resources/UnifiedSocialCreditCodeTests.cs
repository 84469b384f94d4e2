using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Matching.Tests.Resources;

/// GB 32100-2015. Every valid example's check character was verified with an independent
/// implementation of the standard's MOD 31 algorithm before it was written here.
public class UnifiedSocialCreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // the standard's own example
    [InlineData("914403001922038216")] // 华为技术有限公司
    [InlineData("91440300708461136T")] // 深圳市腾讯计算机系统有限公司
    [InlineData("91110000802100433B")] // 北京百度网讯科技有限公司
    [InlineData("91330100716105852F")] // 阿里巴巴（中国）有限公司
    public void Parse_PublishedCodes_AreAccepted(string input)
    {
        Assert.True(UnifiedSocialCreditCode.TryParse(input, out var code, out var error), error);
        Assert.Equal(input, code.Value);
        Assert.Equal("", error);
    }

    [Fact]
    public void Parse_NationalFoundationRegisteredWithTheMinistry_IsAccepted()
    {
        // 中国社会福利基金会, registered with 民政部: the central authorities' division code is 100000.
        var code = UnifiedSocialCreditCode.Parse("53100000500019795A");

        Assert.True(code.IsCivilAffairsRegistration);
        Assert.Equal("100000", code.DivisionPrefix);
    }

    [Fact]
    public void Parse_LowerCaseAndSpaces_AreNormalised()
    {
        var code = UnifiedSocialCreditCode.Parse("  91350100m000100y43 ");

        Assert.Equal("91350100M000100Y43", code.Value);
        Assert.Equal("350100", code.DivisionPrefix);
        Assert.False(code.IsCivilAffairsRegistration);
    }

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('S')]
    [InlineData('V')]
    [InlineData('Z')]
    public void Parse_ForbiddenLetter_IsRefusedByName(char letter)
    {
        var input = "91350100" + letter + "000100Y43";

        Assert.False(UnifiedSocialCreditCode.TryParse(input, out _, out var error));
        Assert.Contains($"“{letter}”", error);
    }

    [Theory]
    [InlineData("91350100M000100Y44")]
    [InlineData("91350100M000100Y4A")]
    [InlineData("914403001922038217")]
    public void Parse_WrongCheckCharacter_IsRefused(string input)
    {
        Assert.False(UnifiedSocialCreditCode.TryParse(input, out _, out var error));
        Assert.Contains("校验位", error);
    }

    [Fact]
    public void Parse_TwoCharactersSwapped_IsCaught()
    {
        Assert.False(UnifiedSocialCreditCode.TryParse("91351000M000100Y43", out _, out _));
    }

    [Theory]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100M000100Y433")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_NotEighteenCharacters_IsRefused(string? input)
    {
        Assert.False(UnifiedSocialCreditCode.TryParse(input, out _, out var error));
        Assert.Contains("18 位", error);
    }

    [Fact]
    public void Parse_LettersWhereTheDivisionCodeBelongs_IsRefused()
    {
        Assert.False(UnifiedSocialCreditCode.TryParse("91AB0100M000100Y4T", out _, out var error)); // check character is right
        Assert.Contains("行政区划码", error);
    }

    [Fact]
    public void Parse_UnknownProvinceInDivisionCode_IsRefused()
    {
        Assert.False(UnifiedSocialCreditCode.TryParse("91990100M000100Y4U", out _, out var error)); // check character is right
        Assert.Contains("行政区划码无效", error);
    }

    [Fact]
    public void Parse_Invalid_ThrowsDomainExceptionWithCode()
    {
        var refused = Assert.Throws<DomainException>(() => UnifiedSocialCreditCode.Parse("91350100M000100Y44"));

        Assert.Equal("credit-code.invalid", refused.Code);
    }

    [Theory]
    [InlineData("91350100M000100Y4", '3')]
    [InlineData("53100000500019795", 'A')]
    [InlineData("52341821MJ0000000", '0')] // weighted sum divisible by 31: check value 31 maps to '0'
    public void CheckCharacter_MatchesTheStandard(string first17, char expected)
    {
        Assert.Equal(expected, UnifiedSocialCreditCode.CheckCharacter(first17));
    }
}
