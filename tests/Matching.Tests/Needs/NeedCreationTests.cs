using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Needs;

public class NeedCreationTests
{
    [Fact]
    public void Create_ValidDetails_StartsAsDraftWithOneHistoryLineByThePoster()
    {
        var need = new NeedBuilder().Build();

        Assert.Equal(NeedStatus.Draft, need.Status);
        var line = Assert.Single(need.History);
        Assert.Null(line.From);
        Assert.Equal(NeedStatus.Draft, line.To);
        Assert.Equal(Fixed.Resident.Id, line.ActorId);
        Assert.Equal(Fixed.Now, line.At);
        Assert.Null(line.Reason);
        Assert.Equal(Fixed.Now, need.CreatedAt);
        Assert.Null(need.SubmittedAt);
        Assert.Equal("elderly", need.ServiceAreaCode);
    }

    [Fact]
    public void Post_CreatesAndSubmitsInOneStep()
    {
        var builder = new NeedBuilder();

        var need = Need.Post(builder.Details(), builder.Requester(), builder.Consent(), Fixed.Now);

        Assert.Equal(NeedStatus.Submitted, need.Status);
        Assert.Equal(new[] { NeedStatus.Draft, NeedStatus.Submitted }, need.History.Select(h => h.To));
        Assert.Equal(Fixed.Now, need.SubmittedAt);
    }

    [Theory]
    [InlineData("341821100000")] // a township
    [InlineData("341821000000")] // a county
    [InlineData("340000000000")] // a province
    public void Create_CodeAboveVillageLevel_IsRefused(string code)
    {
        var refused = Assert.Throws<DomainException>(() => new NeedBuilder().InVillage(DivisionCode.Parse(code)).Build());

        Assert.Equal("need.village", refused.Code);
    }

    [Fact]
    public void Create_WithoutAnyDivisionCode_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new NeedBuilder().InVillage(default).Build());

        Assert.Equal("need.village", refused.Code);
    }

    [Fact]
    public void Create_NoBeneficiaryGroup_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new NeedBuilder().WithGroups().Build());

        Assert.Equal("need.groups", refused.Code);
    }

    [Fact]
    public void Create_SameGroupTwice_KeepsItOnce()
    {
        var need = new NeedBuilder().WithGroups(BeneficiaryGroup.ElderlyLivingAlone, BeneficiaryGroup.ElderlyLivingAlone).Build();

        Assert.Equal(new[] { BeneficiaryGroup.ElderlyLivingAlone }, need.BeneficiaryGroups);
    }

    [Theory]
    [InlineData(-48, -24)] // ended yesterday
    [InlineData(-24, 0)]   // ends right now
    public void Create_WindowThatIsAlreadyOver_IsRefused(int startHours, int endHours)
    {
        var window = new TimeWindow(Fixed.Now.AddHours(startHours), Fixed.Now.AddHours(endHours));

        var refused = Assert.Throws<DomainException>(() => new NeedBuilder().WithWindow(window).Build());

        Assert.Equal("need.window-past", refused.Code);
    }

    [Fact]
    public void Create_WindowThatStartedButHasNotEnded_IsAccepted()
    {
        var window = new TimeWindow(Fixed.Now.AddDays(-1), Fixed.Now.AddDays(1));

        var need = new NeedBuilder().WithWindow(window).Build();

        Assert.Equal(window, need.Window);
    }

    [Fact]
    public void Create_TitleOf61Characters_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new NeedBuilder().WithTitle(new string('助', Need.TitleMaxLength + 1)).Build());

        Assert.Equal("field.too-long", refused.Code);
    }

    [Fact]
    public void Create_TitleOf60Characters_IsAccepted()
    {
        var need = new NeedBuilder().WithTitle(new string('助', Need.TitleMaxLength)).Build();

        Assert.Equal(Need.TitleMaxLength, need.Title.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_BlankTitle_IsRefused(string title)
    {
        var refused = Assert.Throws<DomainException>(() => new NeedBuilder().WithTitle(title).Build());

        Assert.Equal("field.required", refused.Code);
    }

    [Fact]
    public void Create_DescriptionOver2000Characters_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(
            () => new NeedBuilder().WithDescription(new string('述', Need.DescriptionMaxLength + 1)).Build());

        Assert.Equal("field.too-long", refused.Code);
    }

    [Fact]
    public void Create_QuantityNeverSet_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new NeedBuilder().WithQuantity(default).Build());

        Assert.Equal("quantity.positive", refused.Code);
    }

    [Theory]
    [InlineData("elderly")]      // an area, not an item
    [InlineData("Elderly.Meal")] // upper case
    [InlineData("养老.助餐")]
    [InlineData("")]
    public void Create_ServiceCodeThatIsNotACatalogueItem_IsRefused(string code)
    {
        var refused = Assert.Throws<DomainException>(() => new NeedBuilder().WithServiceItem(code).Build());

        Assert.Equal("catalogue.item-code", refused.Code);
    }

    [Fact]
    public void Create_MoreThanTenRequiredSkills_IsRefused()
    {
        var skills = Enumerable.Range(1, 11).Select(i => $"技能{i}").ToArray();

        var refused = Assert.Throws<DomainException>(() => new NeedBuilder().WithSkills(skills).Build());

        Assert.Equal("field.too-many", refused.Code);
    }

    [Fact]
    public void Create_BlankAddressDetail_IsStoredAsNone()
    {
        var need = new NeedBuilder().WithAddressDetail("   ").Build();

        Assert.Null(need.AddressDetail);
    }

    [Fact]
    public void Revise_WithOneInvalidField_LeavesEveryFieldAsItWas()
    {
        var need = new NeedBuilder().Build();
        var invalid = new NeedBuilder()
            .WithTitle("新的标题")
            .WithDescription("新的描述")
            .WithAddressDetail(new string('址', 129))
            .Details();

        Assert.Throws<DomainException>(() => need.Revise(invalid, Fixed.Resident, Fixed.Later));

        Assert.Equal("独居老人每周助餐", need.Title);
        Assert.Equal("老人独居，行动不便，希望每周有人送两次午餐。", need.Description);
        Assert.Equal(Fixed.Now, need.UpdatedAt);
    }

    [Fact]
    public void Revise_WithoutAnActor_IsRefused()
    {
        var need = new NeedBuilder().Build();

        var refused = Assert.Throws<DomainException>(() => need.Revise(new NeedBuilder().WithTitle("新的标题").Details(), default, Fixed.Later));

        Assert.Equal("actor.required", refused.Code);
    }

    [Theory]
    [InlineData(BeneficiaryGroup.LeftBehindChild, "elderly.meal", true)]
    [InlineData(BeneficiaryGroup.ChildInDifficulty, "elderly.meal", true)]
    [InlineData(BeneficiaryGroup.OrdinaryResident, "children.tutoring", true)]
    [InlineData(BeneficiaryGroup.ElderlyLivingAlone, "elderly.meal", false)]
    public void InvolvesChildren_ByGroupOrByChildrenArea(BeneficiaryGroup group, string itemCode, bool expected)
    {
        var need = new NeedBuilder().WithGroups(group).WithServiceItem(itemCode).Build();

        Assert.Equal(expected, need.InvolvesChildren);
    }

    [Theory]
    [InlineData(BeneficiaryGroup.OrdinaryResident, false)]
    [InlineData(BeneficiaryGroup.SubsistenceAllowance, true)]
    [InlineData(BeneficiaryGroup.PersonWithDisability, true)]
    public void IsSensitive_WhenAnyGroupIsSensitive(BeneficiaryGroup group, bool expected)
    {
        var need = new NeedBuilder().WithGroups(group).Build();

        Assert.Equal(expected, need.IsSensitive);
    }
}
