namespace FiveSocieties.Matching.Resources;

public enum ApprovalStatus
{
    Pending, // 待审核
    Active,  // 已启用
    Paused,  // 已暂停
    Retired, // 已停用
}

public enum ApprovalAction
{
    Approve, // 审核通过
    Reject,  // 不予通过
    Pause,   // 暂停
    Resume,  // 恢复
    Retire,  // 停用
}

public static class ApprovalStateMachine
{
    private static readonly Dictionary<ApprovalAction, (ApprovalStatus[] From, ApprovalStatus To)> Transitions = new()
    {
        [ApprovalAction.Approve] = ([ApprovalStatus.Pending], ApprovalStatus.Active),
        [ApprovalAction.Reject] = ([ApprovalStatus.Pending], ApprovalStatus.Retired),
        [ApprovalAction.Pause] = ([ApprovalStatus.Active], ApprovalStatus.Paused),
        [ApprovalAction.Resume] = ([ApprovalStatus.Paused], ApprovalStatus.Active),
        [ApprovalAction.Retire] = ([ApprovalStatus.Active, ApprovalStatus.Paused], ApprovalStatus.Retired),
    };

    public static ApprovalStatus? Next(ApprovalStatus from, ApprovalAction action) =>
        Transitions.TryGetValue(action, out var t) && Array.IndexOf(t.From, from) >= 0 ? t.To : null;

    public static bool RequiresReason(ApprovalAction action) => action is ApprovalAction.Reject or ApprovalAction.Retire;

    public static string StatusName(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Pending => "待审核",
        ApprovalStatus.Active => "已启用",
        ApprovalStatus.Paused => "已暂停",
        ApprovalStatus.Retired => "已停用",
        _ => "未知",
    };

    public static string ActionName(ApprovalAction action) => action switch
    {
        ApprovalAction.Approve => "审核通过",
        ApprovalAction.Reject => "不予通过",
        ApprovalAction.Pause => "暂停",
        ApprovalAction.Resume => "恢复",
        _ => "停用",
    };
}
