using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;

namespace FiveSocieties.Matching.Tests.People;

public class MobileNumberTests
{
    [Theory]
    [InlineData("13800138000")]
    [InlineData("+86 138 0013 8000")]
    [InlineData("+86-138-0013-8000")]
    [InlineData("138-0013-8000")]
    [InlineData("(+86) 13800138000")]
    [InlineData("0086 13800138000")]
    [InlineData("8613800138000")]
    [InlineData("  13800138000  ")]
    public void Parse_WhatPeopleType_KeepsTheBareElevenDigits(string input)
    {
        var number = MobileNumber.Parse(input);

        Assert.Equal("13800138000", number.Value);
        Assert.Equal("13800138000", number.ToString());
    }

    [Theory]
    [InlineData("19912345678")]
    [InlineData("16612345678")]
    public void Parse_NewerPrefixes_AreAccepted(string input)
    {
        Assert.True(MobileNumber.TryParse(input, out _, out _));
    }

    [Theory]
    [InlineData("138001380001")] // 12 digits
    [InlineData("1380013800")]   // 10 digits
    [InlineData("12800138000")]  // starts 12
    [InlineData("10086100860")]  // starts 10
    [InlineData("23800138000")]  // not a mobile
    [InlineData("055312345678")] // a landline with area code
    [InlineData("")]
    [InlineData(null)]
    public void Parse_NotAMainlandMobileNumber_IsRefused(string? input)
    {
        Assert.False(MobileNumber.TryParse(input, out _, out var error));
        Assert.Contains("11 位", error);
    }

    [Theory]
    [InlineData("1380013800a")]
    [InlineData("138 0013 8OOO")]
    public void Parse_LettersOrOtherCharacters_AreRefused(string input)
    {
        Assert.False(MobileNumber.TryParse(input, out _, out var error));
        Assert.Contains("只能包含数字", error);
    }

    [Theory]
    [InlineData("１３８００１３８０００")]
    [InlineData("＋８６　１３８－００１３－８０００")]
    public void Parse_FullWidthDigitsFromAChineseInputMethod_AreAccepted(string input)
    {
        Assert.True(MobileNumber.TryParse(input, out var number, out _));
        Assert.Equal("13800138000", number.Value);
    }

    [Fact]
    public void Parse_FarTooManyDigits_IsRefused()
    {
        Assert.False(MobileNumber.TryParse("13800138000138001380", out _, out _));
    }

    [Fact]
    public void Parse_Invalid_ThrowsDomainExceptionWithCode()
    {
        var refused = Assert.Throws<DomainException>(() => MobileNumber.Parse("12800138000"));

        Assert.Equal("mobile.invalid", refused.Code);
    }

    [Fact]
    public void Masked_HidesTheMiddleFourDigits()
    {
        Assert.Equal("138****1234", MobileNumber.Parse("13812341234").Masked);
    }
}
