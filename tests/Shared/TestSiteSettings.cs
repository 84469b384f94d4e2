namespace FiveSocieties.Tests;

/// Settings every test site of the web adds to its database's. The suites sign in hundreds of times
/// a minute from one address, far past the production rate limits, which keep their defaults (the
/// rate-limit tests set low limits of their own). The loopback proxy is believed, so that a test can
/// play several clients through X-Forwarded-For.
public static class TestSiteSettings
{
    public static IReadOnlyList<KeyValuePair<string, string?>> All { get; } =
    [
        .. new[] { "SignIn", "Refresh", "Registration" }.SelectMany(limit => new KeyValuePair<string, string?>[]
        {
            new($"RateLimits:{limit}:PerClient", "1000000"),
            new($"RateLimits:{limit}:Global", "1000000"),
        }),
        new("ReverseProxy:KnownProxies:0", "127.0.0.1"),
    ];
}
