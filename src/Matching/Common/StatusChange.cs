namespace FiveSocieties.Matching.Common;

/// One line of a history: who moved something from which status to which, when and why.
public sealed class StatusChange<TStatus> where TStatus : struct, Enum
{
    private StatusChange() { ActorId = ""; ActorName = ""; } // for EF Core

    internal StatusChange(TStatus? from, TStatus to, DateTimeOffset at, ActorRef by, string? reason)
    {
        From = from;
        To = to;
        At = at;
        ActorId = by.Id;
        ActorName = by.Name;
        Reason = reason;
    }

    public long Id { get; private set; }
    public TStatus? From { get; private set; }
    public TStatus To { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string ActorId { get; private set; }
    public string ActorName { get; private set; }
    public string? Reason { get; private set; }
}

public static class StatusHistory
{
    /// By time; lines written in the same instant keep the order they were made in (stable sort,
    /// then the database id once saved).
    public static IReadOnlyList<StatusChange<TStatus>> Chronological<TStatus>(this IEnumerable<StatusChange<TStatus>> history)
        where TStatus : struct, Enum =>
        history.OrderBy(h => h.At).ThenBy(h => h.Id).ToList();
}
