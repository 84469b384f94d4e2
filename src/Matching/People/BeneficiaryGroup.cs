namespace FiveSocieties.Matching.People;

/// The seven groups a station surveys (seed 002). All but ordinary residents are sensitive
/// personal information under PIPL (specific identity, health, minors).
public enum BeneficiaryGroup
{
    OrdinaryResident,       // 普通居民
    ExtremePoverty,         // 特困供养人员
    SubsistenceAllowance,   // 低保对象
    ElderlyLivingAlone,     // 独居困难老人
    ChildInDifficulty,      // 困境儿童
    LeftBehindChild,        // 留守儿童
    PersonWithDisability,   // 残疾人
}

public static class BeneficiaryGroups
{
    public static IReadOnlyList<BeneficiaryGroup> All { get; } = Enum.GetValues<BeneficiaryGroup>();

    public static bool IsSensitive(this BeneficiaryGroup group) => group != BeneficiaryGroup.OrdinaryResident;

    public static bool IsChildren(this BeneficiaryGroup group) =>
        group is BeneficiaryGroup.ChildInDifficulty or BeneficiaryGroup.LeftBehindChild;
}
