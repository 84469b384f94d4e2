using System.Globalization;

namespace FiveSocieties.Bench;

/// A wrong option: Program prints the message and the usage, and exits with 64.
internal sealed class BenchArgsException(string message) : Exception(message);

internal static class BenchArgs
{
    public static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// One whole number; "20_000" and "20,000" read as 20000.
    public static int Int(string[] args, string name, int fallback, int min = 0) =>
        Option(args, name) is { } value ? Parse(name, value, value.Replace(",", ""), min, "") : fallback;

    /// A comma-separated list of whole numbers ("500,2000", "500,2_000"), each at least <paramref name="min"/>.
    /// A comma separates sizes, so "2,000" is the sizes 2 and 000 and is refused.
    public static List<int> Ints(string[] args, string name, IReadOnlyList<int> fallback, int min = 1) =>
        Option(args, name) is { } value ? value.Split(',').Select(part => Parse(name, value, part, min, ListHint)).ToList() : [.. fallback];

    private const string ListHint = " (a comma separates values: write 2000 or 2_000, not 2,000)";

    private static int Parse(string name, string whole, string part, int min, string hint)
    {
        if (!int.TryParse(part.Replace("_", "").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            throw new BenchArgsException($"{name} {whole}: \"{part}\" is not a whole number{hint}");
        if (number < min)
            throw new BenchArgsException($"{name} {whole}: {number} is less than {min}{hint}");
        return number;
    }

    /// p50 / p95 / p99 / max of timings in milliseconds.
    public static string Percentiles(List<double> ms)
    {
        ms.Sort();
        double At(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.50):0.000} ms · p95 {At(0.95):0.000} ms · p99 {At(0.99):0.000} ms · max {ms[^1]:0.000} ms");
    }
}
