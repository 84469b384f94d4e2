namespace FiveSocieties.Matching.Needs;

public enum NeedStatus
{
    Draft,      // 草稿
    Submitted,  // 已提交
    Matching,   // 匹配中
    Matched,    // 已匹配
    InService,  // 服务中
    Completed,  // 已完成
    Rated,      // 已评价
    Cancelled,  // 已取消（提出人撤回）
    Closed,     // 已关闭（社工站关闭）
}

public enum NeedAction
{
    Submit,
    StartMatching,
    MarkMatched,
    ReopenMatching,
    StartService,
    Complete,
    Rate,
    Cancel,
    Close,
    Revise, // edit the details; not a move, but refused in the same way once matched
}

/// Every transition a need may make; anything not listed is refused. Kept as data so the
/// tests can walk every (status, action) pair.
public static class NeedStateMachine
{
    private static readonly Dictionary<NeedAction, (NeedStatus[] From, NeedStatus To)> Transitions = new()
    {
        [NeedAction.Submit] = ([NeedStatus.Draft], NeedStatus.Submitted),
        [NeedAction.StartMatching] = ([NeedStatus.Submitted], NeedStatus.Matching),
        [NeedAction.MarkMatched] = ([NeedStatus.Matching], NeedStatus.Matched),
        // The accepted provider withdrew: look again.
        [NeedAction.ReopenMatching] = ([NeedStatus.Matched], NeedStatus.Matching),
        [NeedAction.StartService] = ([NeedStatus.Matched], NeedStatus.InService),
        [NeedAction.Complete] = ([NeedStatus.InService], NeedStatus.Completed),
        [NeedAction.Rate] = ([NeedStatus.Completed], NeedStatus.Rated),
        // The requester withdraws a request that is not yet being served.
        [NeedAction.Cancel] = ([NeedStatus.Draft, NeedStatus.Submitted, NeedStatus.Matching, NeedStatus.Matched], NeedStatus.Cancelled),
        // The station closes a request it cannot serve, or one finished but never rated.
        [NeedAction.Close] = ([NeedStatus.Submitted, NeedStatus.Matching, NeedStatus.Matched, NeedStatus.InService, NeedStatus.Completed], NeedStatus.Closed),
    };

    /// Statuses in which the requester may still edit the request.
    public static IReadOnlySet<NeedStatus> Editable { get; } =
        new HashSet<NeedStatus> { NeedStatus.Draft, NeedStatus.Submitted, NeedStatus.Matching };

    /// Statuses that count as "open" on dashboards: waiting for, or receiving, service.
    public static IReadOnlySet<NeedStatus> Open { get; } =
        new HashSet<NeedStatus> { NeedStatus.Submitted, NeedStatus.Matching, NeedStatus.Matched, NeedStatus.InService };

    public static bool IsFinal(NeedStatus status) =>
        status is NeedStatus.Rated or NeedStatus.Cancelled or NeedStatus.Closed;

    public static NeedStatus? Next(NeedStatus from, NeedAction action) =>
        Transitions.TryGetValue(action, out var t) && Array.IndexOf(t.From, from) >= 0 ? t.To : null;

    public static bool RequiresReason(NeedAction action) =>
        action is NeedAction.Cancel or NeedAction.Close or NeedAction.ReopenMatching;
}
