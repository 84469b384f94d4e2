using FiveSocieties.Matching.People;

namespace FiveSocieties.Matching.Tests.People;

public class BeneficiaryGroupTests
{
    public static TheoryData<BeneficiaryGroup> EveryGroup() => new(Enum.GetValues<BeneficiaryGroup>());

    [Theory]
    [MemberData(nameof(EveryGroup))]
    public void IsSensitive_EveryGroupButOrdinaryResidents(BeneficiaryGroup group)
    {
        Assert.Equal(group != BeneficiaryGroup.OrdinaryResident, group.IsSensitive());
    }

    [Theory]
    [MemberData(nameof(EveryGroup))]
    public void IsChildren_OnlyTheTwoChildrensGroups(BeneficiaryGroup group)
    {
        var children = group is BeneficiaryGroup.ChildInDifficulty or BeneficiaryGroup.LeftBehindChild;

        Assert.Equal(children, group.IsChildren());
    }

    [Fact]
    public void All_ListsTheSevenSurveyedGroups()
    {
        Assert.Equal(7, BeneficiaryGroups.All.Count);
    }
}
