using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Common;

/// What text and which enum values the domain accepts where they enter.
public class PlainTextTests
{
    [Theory]
    [InlineData("王秀英", false, PlainText.Problem.None)]
    [InlineData("独居老人 助餐 😀", false, PlainText.Problem.None)]
    [InlineData("第一行\r\n\t第二行", true, PlainText.Problem.None)]
    [InlineData("👨‍👩‍👧 一家人", true, PlainText.Problem.None)]
    [InlineData("第一行\n第二行", false, PlainText.Problem.LineBreak)]
    [InlineData("a\tb", false, PlainText.Problem.LineBreak)]
    [InlineData("a\u0000b", true, PlainText.Problem.ControlCharacter)]
    [InlineData("a\u001Bb", true, PlainText.Problem.ControlCharacter)]
    [InlineData("a\u007Fb", true, PlainText.Problem.ControlCharacter)]
    [InlineData("a\u0085b", true, PlainText.Problem.ControlCharacter)]
    [InlineData("a\u202Eb", true, PlainText.Problem.DirectionControl)]
    [InlineData("a\u2066b", true, PlainText.Problem.DirectionControl)]
    [InlineData("a\u200Fb", true, PlainText.Problem.DirectionControl)]
    [InlineData("a\u200Bb", false, PlainText.Problem.Invisible)]
    [InlineData("a\uFEFFb", false, PlainText.Problem.Invisible)]
    [InlineData("a\uFFFF", true, PlainText.Problem.BrokenCharacter)]
    public void Check_FindsWhatNobodyTypesOnPurpose(string text, bool multiline, PlainText.Problem expected)
    {
        Assert.Equal(expected, PlainText.Check(text, multiline));
    }

    [Fact]
    public void Check_AnUnpairedSurrogate_IsBroken()
    {
        // Built here: test-case data would be serialized with the lone surrogate already replaced.
        Assert.Equal(PlainText.Problem.BrokenCharacter, PlainText.Check("a" + (char)0xD800 + "b", multiline: true));
        Assert.Equal(PlainText.Problem.BrokenCharacter, PlainText.Check("a" + (char)0xDC00, multiline: true));
        Assert.Equal(PlainText.Problem.None, PlainText.Check("a" + (char)0xD83D + (char)0xDE00));
    }

    [Fact]
    public void ForDisplay_ReplacesRefusedCharacters_AndKeepsLineBreaksAndPairs()
    {
        Assert.Equal("a\uFFFDb\uFFFDc\n😀\uFFFD", PlainText.ForDisplay("a\u202Eb\u0001c\n😀" + (char)0xD800));
        var clean = "干净的文字";
        Assert.Same(clean, PlainText.ForDisplay(clean));
    }

    [Theory]
    [InlineData("\u200B\u200B", "")]
    [InlineData(" \u202E上门\u200B核实  信息\u2060 ", "上门核实 信息")]
    [InlineData("\t\n", "")]
    public void Visible_IsWhatAReaderSees(string text, string expected)
    {
        Assert.Equal(expected, PlainText.Visible(text));
    }

    [Fact]
    public void Need_TitleWithADirectionOverride_IsRefusedNamingTheField()
    {
        var refused = Assert.Throws<DomainException>(() => new NeedBuilder().WithTitle("助餐\u202E务服").Build());
        Assert.Equal("field.characters", refused.Code);
        Assert.Equal("标题", refused.Args[0]);
    }

    [Fact]
    public void Need_TitleOfZeroWidthSpaces_IsEmpty()
    {
        var refused = Assert.Throws<DomainException>(() => new NeedBuilder().WithTitle("\u200B\u200B\u200B").Build());
        Assert.Equal("field.required", refused.Code);
    }

    [Fact]
    public void Need_DescriptionOnSeveralLines_IsKept_ATitleOnTwoIsNot()
    {
        Assert.Equal("第一行\n第二行", new NeedBuilder().WithDescription("第一行\n第二行").Build().Description);
        Assert.Equal("field.characters", Assert.Throws<DomainException>(() => new NeedBuilder().WithTitle("第一行\n第二行").Build()).Code);
    }

    [Fact]
    public void Need_AnUndefinedBeneficiaryGroupOrUrgency_IsRefused()
    {
        Assert.Equal("field.undefined", Assert.Throws<DomainException>(() => new NeedBuilder().WithGroups((BeneficiaryGroup)99).Build()).Code);
        var builder = new NeedBuilder();
        var details = builder.Details() with { Urgency = (Urgency)7 };
        Assert.Equal("field.undefined", Assert.Throws<DomainException>(() => Need.Create(details, builder.Requester(), builder.Consent(), Fixed.Now)).Code);
    }

    [Fact]
    public void Requester_AndConsent_RefuseUndefinedKindsAndMethods()
    {
        Assert.Throws<DomainException>(() => new Requester((RequesterKind)5, Fixed.Worker, "王秀英", null));
        Assert.Throws<DomainException>(() => new ConsentRecord("2025-01", (ConsentMethod)42, Fixed.Now));
        Assert.Throws<DomainException>(() => new Certification((CertificationKind)99, Fixed.Today));
        Assert.Throws<DomainException>(() => new Feedback((FeedbackSource)3, 5, null, Fixed.Worker, Fixed.Now));
    }

    [Fact]
    public void StatusNames_OfUndefinedValues_AreUnknownNotAnotherStatus()
    {
        Assert.Equal("未知", Need.StatusName((NeedStatus)42));
        Assert.Equal("未知", MatchStateMachine.StatusName((MatchStatus)42));
        Assert.Equal("未知", ApprovalStateMachine.StatusName((ApprovalStatus)42));
        Assert.Equal("已关闭", Need.StatusName(NeedStatus.Closed));
    }

    [Fact]
    public void ServiceRecord_DatedYearsBack_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new ServiceRecord(new DateOnly(1, 1, 1), 60, 1, null, Fixed.Worker, Fixed.Now));
        Assert.Equal("service.too-old", refused.Code);
    }

    [Fact]
    public void Need_Revise_CorrectsTheBeneficiaryAndNumber_KeepingWhoPostedIt()
    {
        var need = new NeedBuilder().Build();
        var builder = new NeedBuilder();

        need.Revise(builder.Details(), Fixed.Worker, Fixed.Now, ("王秀兰", MobileNumber.Parse("13900139000")));

        Assert.Equal("王秀兰", need.Requester.BeneficiaryName);
        Assert.Equal("13900139000", need.Requester.ContactMobile?.Value);
        Assert.Equal(builder.Requester().PostedById, need.Requester.PostedById);
        Assert.Throws<DomainException>(() => need.Revise(builder.Details(), Fixed.Worker, Fixed.Now, ("王\u0000", null)));
        Assert.Equal("王秀兰", need.Requester.BeneficiaryName);
    }
}
