namespace FiveSocieties.Matching.Common;

/// Calendar days are China Standard Time (UTC+8, no daylight saving) wherever the server runs.
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    public static DateTimeOffset ToChina(DateTimeOffset at) => at.ToOffset(Offset);

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Offset);
}
