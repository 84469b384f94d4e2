namespace FiveSocieties.Matching.Matches;

public enum MatchStatus
{
    Proposed,  // 已推荐（待社工处理）
    Offered,   // 已发出邀请
    Accepted,  // 已接受
    Declined,  // 已婉拒
    InService, // 服务中
    Completed, // 已完成
    Expired,   // 已过期（未答复）
    Withdrawn, // 已撤回
}

public enum MatchAction
{
    Offer,
    Accept,
    Decline,
    Expire,
    Withdraw,
    StartService,
    Complete,
}

public static class MatchStateMachine
{
    private static readonly Dictionary<MatchAction, (MatchStatus[] From, MatchStatus To)> Transitions = new()
    {
        [MatchAction.Offer] = ([MatchStatus.Proposed], MatchStatus.Offered),
        [MatchAction.Accept] = ([MatchStatus.Offered], MatchStatus.Accepted),
        [MatchAction.Decline] = ([MatchStatus.Offered], MatchStatus.Declined),
        [MatchAction.Expire] = ([MatchStatus.Offered], MatchStatus.Expired),
        [MatchAction.Withdraw] = ([MatchStatus.Proposed, MatchStatus.Offered, MatchStatus.Accepted, MatchStatus.InService], MatchStatus.Withdrawn),
        [MatchAction.StartService] = ([MatchStatus.Accepted], MatchStatus.InService),
        [MatchAction.Complete] = ([MatchStatus.InService], MatchStatus.Completed),
    };

    public static MatchStatus? Next(MatchStatus from, MatchAction action) =>
        Transitions.TryGetValue(action, out var t) && Array.IndexOf(t.From, from) >= 0 ? t.To : null;

    /// A match in one of these holds the provider's capacity (a task place, a case, budget).
    public static bool HoldsCapacity(MatchStatus status) => status is MatchStatus.Accepted or MatchStatus.InService;

    /// Still alive: counts against re-proposing the same provider and towards its load.
    public static bool IsLive(MatchStatus status) =>
        status is MatchStatus.Proposed or MatchStatus.Offered or MatchStatus.Accepted or MatchStatus.InService;

    public static bool RequiresReason(MatchAction action) => action is MatchAction.Withdraw;

    public static string StatusName(MatchStatus status) => status switch
    {
        MatchStatus.Proposed => "已推荐",
        MatchStatus.Offered => "已邀请",
        MatchStatus.Accepted => "已接受",
        MatchStatus.Declined => "已婉拒",
        MatchStatus.InService => "服务中",
        MatchStatus.Completed => "已完成",
        MatchStatus.Expired => "已过期",
        MatchStatus.Withdrawn => "已撤回",
        _ => "未知",
    };

    public static string ActionName(MatchAction action) => action switch
    {
        MatchAction.Offer => "发出邀请",
        MatchAction.Accept => "接受",
        MatchAction.Decline => "婉拒",
        MatchAction.Expire => "过期",
        MatchAction.Withdraw => "撤回",
        MatchAction.StartService => "开始服务",
        _ => "完成",
    };
}

public enum DeclineReason
{
    NoTime,         // 时间冲突
    TooFar,         // 距离太远
    NotQualified,   // 能力或资质不符
    CapacityFull,   // 名额或容量已满
    Personal,       // 个人原因
    Other,          // 其他
}

public enum MatchFactor
{
    CatalogueFit, // 服务目录契合
    Text,         // 文本相关
    Distance,     // 距离
    Skills,       // 技能
    Availability, // 时间
    Locality,     // 本地优先
    Record,       // 服务记录
    Fairness,     // 公平轮转
}

/// One factor's contribution to a match's score, and a short explanation in Chinese.
public sealed record ScoreFactor(MatchFactor Factor, double Points, string Explanation);

public readonly record struct ProviderRef(Catalogue.ResourceKind Kind, long Id)
{
    public override string ToString() => $"{Kind}:{Id}";
}
