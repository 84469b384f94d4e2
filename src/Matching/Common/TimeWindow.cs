namespace FiveSocieties.Matching.Common;

/// A period in which a need should be served, or a project runs. Start strictly before end.
public readonly record struct TimeWindow
{
    public TimeWindow(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
            throw new DomainException("window.order", "结束时间必须晚于开始时间。");
        Start = start;
        End = end;
    }

    public DateTimeOffset Start { get; }
    public DateTimeOffset End { get; }

    public bool Contains(DateTimeOffset at) => at >= Start && at < End;
    public bool Overlaps(TimeWindow other) => Start < other.End && other.Start < End;

    public static TimeWindow? FromNullable(DateTimeOffset? start, DateTimeOffset? end) =>
        start is { } s && end is { } e ? new TimeWindow(s, e) : null;
}
