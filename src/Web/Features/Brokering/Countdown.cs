namespace FiveSocieties.Web.Features.Brokering;

/// "剩余 1 小时 20 分" or "已超时 35 分", as the server first renders it; the page's script
/// (brokering-console.js, live.js) keeps the same wording up to date.
public static class Countdown
{
    public static string Template(DateTimeOffset deadline, DateTimeOffset now)
    {
        var left = deadline - now;
        var span = left.Duration();
        var prefix = left >= TimeSpan.Zero ? "剩余" : "已超时";
        if (span.TotalDays >= 1) return prefix + " {0} 天 {1} 小时";
        if (span.TotalHours >= 1) return prefix + " {1} 小时 {2} 分";
        return prefix + " {2} 分";
    }

    public static object[] Args(DateTimeOffset deadline, DateTimeOffset now)
    {
        var span = (deadline - now).Duration();
        return [(int)span.TotalDays, span.Hours, Math.Max(span.Minutes, span.TotalMinutes < 1 ? 1 : 0)];
    }
}
