using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FiveSocieties.Web.Features.Account;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Bench;

/// Sign-in as an outsider sees it, through POST /api/v1/auth/login on a Kestrel port:
/// 1. how long a failed sign-in takes for a name that has an account and for one that has none
///    (rate limits raised, every request from its own address, so neither limit nor lockout acts);
/// 2. how many sign-ins the default rate limits let through, from one client and from many
///    (addresses through X-Forwarded-For, which the site believes from loopback here).
public static class LoginBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var samples = BenchArgs.Int(args, "--samples", 100, min: 10);
        var seconds = BenchArgs.Int(args, "--seconds", 30, min: 5);
        var clients = BenchArgs.Int(args, "--clients", 200, min: 2);
        var concurrency = BenchArgs.Int(args, "--concurrency", 16, min: 1);

        await using (var site = await StartAsync(args, raised: true))
            await TimeFailuresAsync(site.Address, samples);

        await using (var site = await StartAsync(args, raised: false))
        {
            var limits = site.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.SignIn;
            Console.WriteLine($"Default limits: {limits.PerClient} sign-ins per client and {limits.Global} for everybody per {limits.Window} (a burst of that many, then evenly), per node");
            await ThroughputAsync(site.Address, "one client", _ => "203.0.113.1", seconds, concurrency);
            await ThroughputAsync(site.Address, $"{clients} clients", i => $"10.{i / 256 % 256}.{i % 256}.{1 + i / 65536 % 254}", seconds, concurrency, clients);
        }
        return 0;
    }

    private static Task<BenchSite> StartAsync(string[] args, bool raised) =>
        BenchSite.CreateAsync(args, demo: true, kestrel: true, builder =>
        {
            var settings = builder.Configuration;
            // The smallest demo county: only its accounts are signed in to.
            foreach (var (key, value) in new[] { ("Villages", "10"), ("Volunteers", "10"), ("Organisations", "4"), ("Funds", "2"), ("MicroGrants", "2"), ("Needs", "20") })
                settings[$"Demo:{key}"] = value;
            settings["ReverseProxy:KnownProxies:0"] = "127.0.0.1";
            if (raised)
            {
                settings["RateLimits:SignIn:PerClient"] = "1000000";
                settings["RateLimits:SignIn:Global"] = "1000000";
            }
        });

    private static async Task TimeFailuresAsync(Uri site, int samples)
    {
        using var http = new HttpClient { BaseAddress = site };
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = -4; i < samples; i++) // four rounds to warm up, not counted
        {
            var name = $"worker{1 + (i + 4) % 12}";
            var (knownMs, _) = await SignInAsync(http, name, "wrong-password", $"198.51.100.{(i + 4) % 250 + 1}");
            var (unknownMs, _) = await SignInAsync(http, $"nobody{i + 4}", "wrong-password", $"198.51.101.{(i + 4) % 250 + 1}");
            if (i < 0) continue;
            known.Add(knownMs);
            unknown.Add(unknownMs);
        }
        Console.WriteLine($"Failed sign-in, a name with an account:    {BenchArgs.Percentiles(known)}");
        Console.WriteLine($"Failed sign-in, a name without an account: {BenchArgs.Percentiles(unknown)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Median difference (known − unknown): {Median(known) - Median(unknown):0.0} ms over {samples} pairs, alternating"));
    }

    private static async Task ThroughputAsync(Uri site, string who, Func<int, string> address, int seconds, int concurrency, int clients = 1)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = site };
        var counts = new Dictionary<HttpStatusCode, int>();
        var refusedMs = new List<double>();
        var acceptedMs = new List<double>();
        var next = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < until)
            {
                var i = Interlocked.Increment(ref next);
                var (ms, status) = await SignInAsync(http, $"worker{1 + i % 12}", "Demo@12345", address(i % clients));
                lock (counts)
                {
                    counts[status] = counts.GetValueOrDefault(status) + 1;
                    (status == HttpStatusCode.TooManyRequests ? refusedMs : acceptedMs).Add(ms);
                }
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var total = counts.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{who}, {concurrency} at a time for {elapsed:0} s: {total} requests ({total / elapsed:0.0}/s); signed in {counts.GetValueOrDefault(HttpStatusCode.OK)} " +
            $"({counts.GetValueOrDefault(HttpStatusCode.OK) / elapsed:0.0}/s), refused 429 {counts.GetValueOrDefault(HttpStatusCode.TooManyRequests)}, " +
            $"other {total - counts.GetValueOrDefault(HttpStatusCode.OK) - counts.GetValueOrDefault(HttpStatusCode.TooManyRequests)}"));
        if (acceptedMs.Count > 0) Console.WriteLine($"   signed in: {BenchArgs.Percentiles(acceptedMs)}");
        if (refusedMs.Count > 0) Console.WriteLine($"   429:       {BenchArgs.Percentiles(refusedMs)}");
    }

    private static async Task<(double Ms, HttpStatusCode Status)> SignInAsync(HttpClient http, string userName, string password, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { userName, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.StatusCode);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
