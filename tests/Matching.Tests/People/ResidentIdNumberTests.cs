using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;

namespace FiveSocieties.Matching.Tests.People;

/// GB 11643-1999. Check characters of the examples were computed with an independent
/// implementation of ISO 7064 MOD 11-2 before they were written here.
public class ResidentIdNumberTests
{
    [Fact]
    public void Parse_StandardExampleWithXCheck_IsAccepted()
    {
        var id = ResidentIdNumber.Parse("11010519491231002X");

        Assert.Equal(new DateOnly(1949, 12, 31), id.BirthDate);
        Assert.False(id.IsMale); // sequence 002 is even
        Assert.Equal("1101**********002X", id.Masked);
    }

    [Fact]
    public void Parse_LowerCaseX_IsAcceptedAsUpperCase()
    {
        var id = ResidentIdNumber.Parse(" 11010519491231002x ");

        Assert.Equal("11010519491231002X", id.Value);
    }

    [Fact]
    public void Parse_LangxiResident_IsAccepted()
    {
        var id = ResidentIdNumber.Parse("341821199001011234");

        Assert.True(id.IsMale); // sequence 123 is odd
        Assert.Equal(new DateOnly(1990, 1, 1), id.BirthDate);
    }

    [Fact]
    public void StandardExampleBornIn1880_HasTheRightCheckCharacterButIsRefusedAsImplausible()
    {
        // 440524188001010014 is GB 11643's second example. Its check character is right, but the
        // platform refuses birth years before 1900: nobody living was born then.
        Assert.Equal('4', ResidentIdNumber.CheckCharacter("44052418800101001"));

        Assert.False(ResidentIdNumber.TryParse("440524188001010014", out _, out var error));
        Assert.Contains("出生日期", error);
    }

    [Theory]
    [InlineData("110105194912310021")] // check should be X
    [InlineData("11010519491231002Y")]
    [InlineData("341821199001011235")]
    public void Parse_WrongCheckCharacter_IsRefused(string input)
    {
        Assert.False(ResidentIdNumber.TryParse(input, out _, out var error));
        Assert.Contains("校验位", error);
    }

    [Theory]
    [InlineData("110105194902300020")] // 30 February, check character right
    [InlineData("110105194913310021")] // month 13, check character right
    public void Parse_ImpossibleBirthDate_IsRefused(string input)
    {
        Assert.False(ResidentIdNumber.TryParse(input, out _, out var error));
        Assert.Contains("出生日期", error);
    }

    [Theory]
    [InlineData("11010519491231002")]   // 17
    [InlineData("11010519491231002X1")] // 19
    [InlineData("110105491231002")]     // the old 15-digit form
    [InlineData("")]
    [InlineData(null)]
    public void Parse_NotEighteenCharacters_IsRefused(string? input)
    {
        Assert.False(ResidentIdNumber.TryParse(input, out _, out var error));
        Assert.Contains("18 位", error);
    }

    [Fact]
    public void Parse_UnknownProvince_IsRefused()
    {
        Assert.False(ResidentIdNumber.TryParse("991821199001011235", out _, out var error)); // check character right
        Assert.Contains("地区码", error);
    }

    [Theory]
    [InlineData("1101051949123100XX")]
    [InlineData("11010519491231A02X")]
    public void Parse_LetterAmongTheFirst17_IsRefused(string input)
    {
        Assert.False(ResidentIdNumber.TryParse(input, out _, out var error));
        Assert.Contains("前 17 位", error);
    }

    [Fact]
    public void Parse_Invalid_ThrowsDomainExceptionWithCode()
    {
        var refused = Assert.Throws<DomainException>(() => ResidentIdNumber.Parse("110105194912310021"));

        Assert.Equal("id-number.invalid", refused.Code);
    }

    [Theory]
    [InlineData("2025-03-09", true)]  // the day before the 18th birthday
    [InlineData("2025-03-10", false)] // the 18th birthday
    public void IsMinorOn_TurnsFalseOnThe18thBirthday(string day, bool expected)
    {
        var id = ResidentIdNumber.Parse("341821200703100026"); // born 10 March 2007

        Assert.Equal(expected, id.IsMinorOn(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
