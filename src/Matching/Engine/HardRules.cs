using FiveSocieties.Matching.Catalogue;

namespace FiveSocieties.Matching.Engine;

public enum HardRule
{
    NotActive,            // 未启用或已暂停
    ServiceNotOffered,    // 不提供该服务
    OutsideServiceArea,   // 不在服务范围内
    NoCapacity,           // 无剩余容量
    BudgetInsufficient,   // 基金余额不足或超过单笔上限
    GroupNotEligible,     // 服务对象不在资助范围
    NoAvailabilityOverlap,// 时间不重合
    NoBackgroundCheck,    // 儿童服务须有无犯罪记录证明
    DeclinedBefore,       // 已婉拒过该需求
    OutsidePeriod,        // 项目不在执行期
}

/// The rules no proposal may ever break. Every candidate index returns only providers that pass
/// all of them; this class is their single definition, also used to check indexes in tests.
public static class HardRules
{
    public static bool Passes(NeedProfile need, ProviderProfile provider, DateOnly today) =>
        FirstViolation(need, provider, today) is null;

    public static HardRule? FirstViolation(NeedProfile need, ProviderProfile p, DateOnly today)
    {
        if (!p.IsActive) return HardRule.NotActive;
        if (need.Excluded.Contains(p.Ref)) return HardRule.DeclinedBefore;
        if (!ServiceCode.Serves(p.ServiceCodes, need.ItemCode)) return HardRule.ServiceNotOffered;
        if (!InArea(need, p)) return HardRule.OutsideServiceArea;
        if (p.CapacityLeft is <= 0) return HardRule.NoCapacity;
        if (p.Ref.Kind == ResourceKind.Fund)
        {
            if (need.Amount is not { IsPositive: true } amount
                || p.RemainingBudget is not { } left || amount > left
                || p.MaxPerGrant is not { } max || amount > max)
                return HardRule.BudgetInsufficient;
        }
        if (p.EligibleGroups.Count > 0 && !need.Groups.Any(p.EligibleGroups.Contains)) return HardRule.GroupNotEligible;
        if (!need.Slots.IsEmpty && !p.Availability.IsEmpty && !need.Slots.Overlaps(p.Availability))
            return HardRule.NoAvailabilityOverlap;
        if (need.InvolvesChildren && p.Ref.Kind == ResourceKind.Volunteer
            && (p.BackgroundCheckValidUntil is not { } until || until < today))
            return HardRule.NoBackgroundCheck;
        if ((p.ActiveFrom is { } from && today < from) || (p.ActiveUntil is { } end && today > end))
            return HardRule.OutsidePeriod;
        return null;
    }

    /// Volunteers: the need lies within their radius of home. Others: the need's village lies in
    /// one of the regions they serve.
    public static bool InArea(NeedProfile need, ProviderProfile p)
    {
        if (p.RadiusKm is { } radius)
            return need.Location is { } at && p.Location is { } home && at.DistanceKm(home) <= radius;
        foreach (var region in p.ServiceArea)
            if (need.Village.IsWithin(region)) return true;
        return false;
    }

    public static string Describe(HardRule rule) => rule switch
    {
        HardRule.NotActive => "未启用或已暂停",
        HardRule.ServiceNotOffered => "不提供该服务",
        HardRule.OutsideServiceArea => "不在服务范围内",
        HardRule.NoCapacity => "没有剩余容量",
        HardRule.BudgetInsufficient => "基金余额不足或超过单笔上限",
        HardRule.GroupNotEligible => "服务对象不在资助范围",
        HardRule.NoAvailabilityOverlap => "服务时间不重合",
        HardRule.NoBackgroundCheck => "儿童服务须持有效的无犯罪记录证明",
        HardRule.DeclinedBefore => "已婉拒过该需求",
        _ => "项目不在执行期内",
    };
}
