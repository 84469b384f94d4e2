using System.Globalization;

namespace FiveSocieties.Bench;

internal static class BenchArgs
{
    public static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    public static int Int(string[] args, string name, int fallback) =>
        Option(args, name) is { } value ? int.Parse(value.Replace("_", "").Replace(",", ""), CultureInfo.InvariantCulture) : fallback;

    /// p50 / p95 / p99 / max of timings in milliseconds.
    public static string Percentiles(List<double> ms)
    {
        ms.Sort();
        double At(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.50):0.000} ms · p95 {At(0.95):0.000} ms · p99 {At(0.99):0.000} ms · max {ms[^1]:0.000} ms");
    }
}
