using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Web.Features.Shared;

/// Chinese names of the domain's enums, used as localization keys in views and exports.
public static class Labels
{
    /// The label of a value no enum defines (a bad number stored before input was checked): pages
    /// and exports still show, they never fail on it.
    public const string Unknown = "未知";

    public static string Of(ServiceTier tier) => tier switch
    {
        ServiceTier.Basic => "基础类",
        ServiceTier.CapacityBuilding => "增能类",
        ServiceTier.Governance => "治理类",
        _ => Unknown,
    };

    public static string Of(ResourceKind kind) => kind switch
    {
        ResourceKind.Volunteer => "志愿者",
        ResourceKind.Organisation => "社会组织",
        ResourceKind.Fund => "慈善基金",
        ResourceKind.MicroGrant => "微创投项目",
        _ => Unknown,
    };

    public static string Of(NeedStatus status) => Need.StatusName(status);

    public static string Of(MatchStatus status) => MatchStateMachine.StatusName(status);

    public static string Of(ApprovalStatus status) => ApprovalStateMachine.StatusName(status);

    public static string Of(DeclineReason reason) => reason switch
    {
        DeclineReason.NoTime => "时间冲突",
        DeclineReason.TooFar => "距离太远",
        DeclineReason.NotQualified => "能力或资质不符",
        DeclineReason.CapacityFull => "名额或容量已满",
        DeclineReason.Personal => "个人原因",
        DeclineReason.Other => "其他",
        _ => Unknown,
    };

    public static string Of(Urgency urgency) => urgency switch
    {
        Urgency.Low => "不急",
        Urgency.Normal => "一般",
        Urgency.Urgent => "紧急",
        Urgency.Critical => "特急",
        _ => Unknown,
    };

    public static string Of(BeneficiaryGroup group) => group switch
    {
        BeneficiaryGroup.OrdinaryResident => "普通居民",
        BeneficiaryGroup.ExtremePoverty => "特困供养人员",
        BeneficiaryGroup.SubsistenceAllowance => "低保对象",
        BeneficiaryGroup.ElderlyLivingAlone => "独居困难老人",
        BeneficiaryGroup.ChildInDifficulty => "困境儿童",
        BeneficiaryGroup.LeftBehindChild => "留守儿童",
        BeneficiaryGroup.PersonWithDisability => "残疾人",
        _ => Unknown,
    };

    public static string Of(RequesterKind kind) => kind switch
    {
        RequesterKind.Resident => "居民本人提出",
        RequesterKind.CommitteeOnBehalf => "村（居）委会代为登记",
        RequesterKind.WorkerVisit => "社工走访发现",
        _ => Unknown,
    };

    public static string Of(ConsentMethod method) => method switch
    {
        ConsentMethod.OnlineCheckbox => "本人在线勾选同意",
        ConsentMethod.GuardianOnline => "监护人在线勾选同意",
        ConsentMethod.VerbalRecordedByStaff => "口头同意（工作人员记录）",
        ConsentMethod.WrittenSigned => "书面签字同意",
        _ => Unknown,
    };

    public static string Of(QuantityUnit unit) => unit switch
    {
        QuantityUnit.People => "人",
        QuantityUnit.Hours => "小时",
        QuantityUnit.Money => "元",
        _ => Unknown,
    };

    public static string Of(CertificationKind kind) => kind switch
    {
        CertificationKind.BackgroundCheck => "无犯罪记录证明",
        CertificationKind.SocialWorker => "社会工作者职业资格",
        CertificationKind.FirstAid => "急救员证",
        CertificationKind.ElderlyCare => "养老护理员证",
        CertificationKind.Counsellor => "心理咨询师证",
        CertificationKind.Teacher => "教师资格证",
        CertificationKind.Medical => "医师/护士执业证",
        CertificationKind.Legal => "法律职业资格",
        CertificationKind.Other => "其他证书",
        _ => Unknown,
    };

    public static string Of(OrganisationType type) => type switch
    {
        OrganisationType.SocialWorkAgency => "社工机构",
        OrganisationType.CommunityOrganisation => "社区社会组织",
        OrganisationType.CharityOrganisation => "慈善组织",
        OrganisationType.VolunteerAssociation => "志愿服务组织",
        _ => Unknown,
    };

    public static string Of(FundKind kind) => kind switch
    {
        FundKind.CommunityFund => "社区公益基金",
        FundKind.FoundationProgram => "基金会专项",
        FundKind.CorporateDonation => "企业捐赠",
        FundKind.WelfareLottery => "福彩公益金",
        _ => Unknown,
    };

    public static string Of(DayPart part) => part switch
    {
        DayPart.Morning => "上午",
        DayPart.Afternoon => "下午",
        DayPart.Evening => "晚上",
        _ => Unknown,
    };

    public static readonly string[] Weekdays = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

    public static string StatusBadge(NeedStatus status) => status switch
    {
        NeedStatus.Draft => "text-bg-light",
        NeedStatus.Submitted or NeedStatus.Matching => "text-bg-warning",
        NeedStatus.Matched or NeedStatus.InService => "text-bg-primary",
        NeedStatus.Completed or NeedStatus.Rated => "text-bg-success",
        _ => "text-bg-secondary",
    };

    public static string UrgencyBadge(Urgency urgency) => urgency switch
    {
        Urgency.Critical => "text-bg-danger",
        Urgency.Urgent => "text-bg-warning",
        _ => "text-bg-light",
    };
}
