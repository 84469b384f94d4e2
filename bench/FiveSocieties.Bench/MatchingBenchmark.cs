using System.Diagnostics;
using System.Globalization;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Engine.Embedded;

namespace FiveSocieties.Bench;

/// The embedded candidate index: build time and memory for N providers, forward matching
/// (top 20 providers for a need, full ranking and explanation) and reverse matching (top 20 open
/// needs for a provider), one client thread, warm.
public static class MatchingBenchmark
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private const int WarmUp = 200;
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(3);

    /// Runs the first <see cref="WarmUp"/> queries untimed, over and over for at least
    /// <see cref="WarmUpTime"/> (so that the JIT's tiered, profile-guided code is in place, as in a
    /// server that has been up for a while), then times each of the others once.
    private static string Time<T>(List<T> queries, Func<T, int> run, string unit)
    {
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < WarmUpTime)
            foreach (var query in queries.Take(WarmUp)) run(query);
        var collections = GC.CollectionCount(0);
        var timings = new List<double>(queries.Count);
        var results = 0L;
        foreach (var query in queries.Skip(WarmUp))
        {
            var start = Stopwatch.GetTimestamp();
            results += run(query);
            timings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        collections = GC.CollectionCount(0) - collections;
        return string.Create(CultureInfo.InvariantCulture,
            $"{BenchArgs.Percentiles(timings)} · {results / (double)timings.Count:0.0} {unit} · {collections} gen-0 collections");
    }

    public static Task<int> RunAsync(string[] args)
    {
        var providers = BenchArgs.Int(args, "--providers", 100_000);
        var needs = BenchArgs.Int(args, "--needs", 100_000);
        var queries = BenchArgs.Int(args, "--queries", 1_000);
        var perCounty = BenchArgs.Int(args, "--per-county", 10_000);
        var check = BenchArgs.Int(args, "--check", 20);
        var counties = Math.Max(1, (int)Math.Ceiling((double)Math.Max(providers, needs) / perCounty));
        var weights = new MatchingWeights();
        Console.WriteLine($"matching: {providers:N0} providers, {needs:N0} open needs, {counties} counties " +
                          $"({perCounty:N0} per county), {queries:N0} queries, top 20, one thread");

        var world = new MatchingWorld(counties, seed: 20261122, Today);
        var prepared = world.Providers(providers);
        var needQueries = Enumerable.Range(1, queries + WarmUp).Select(i => world.Need(10_000_000 + i)).ToList();

        // Build time and memory of the provider index alone, from prepared records (which stay alive
        // on both sides of the measure; the index copies what it needs into its own columns).
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var index = new EmbeddedCandidateIndex(weights);
        var clock = Stopwatch.StartNew();
        index.ReplaceAll(prepared, []);
        clock.Stop();
        var indexBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"build: {clock.Elapsed.TotalSeconds:0.00} s for {providers:N0} providers ({clock.Elapsed.TotalMilliseconds * 1000 / providers:0.0} µs each)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"index memory: {indexBytes / 1048576.0:0.0} MiB ({indexBytes / (double)providers:0} bytes per provider)"));

        // Forward: providers for a need.
        Console.WriteLine("forward (providers for a need): " +
                          Time(needQueries, need => index.SearchProviders(need, new ProviderQuery(20, Today)).Count, "proposals per need"));

        if (check > 0)
        {
            var agreed = 0;
            foreach (var need in needQueries.Take(check))
            {
                var expected = Ranker.Rank(need, prepared.Where(p => HardRules.Passes(need, p, Today))
                    .Select(p => (p, ChineseText.Similarity(need.Text, p.Text))), weights, 20);
                var actual = index.SearchProviders(need, new ProviderQuery(20, Today));
                if (expected.Select(c => (c.Provider, c.Score)).SequenceEqual(actual.Select(c => (c.Provider, c.Score)))) agreed++;
            }
            Console.WriteLine($"check: {agreed} of {check} queries identical to a brute-force scan of every provider through HardRules + Ranker");
        }

        // Reverse: open needs for a provider.
        if (needs > 0)
        {
            var reverseIndex = new EmbeddedCandidateIndex(weights);
            var openNeeds = Enumerable.Range(1, needs).Select(i => world.Need(i)).ToList();
            clock.Restart();
            reverseIndex.ReplaceAll([], openNeeds);
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reverse build: {clock.Elapsed.TotalSeconds:0.00} s for {needs:N0} open needs"));
            var askers = Enumerable.Range(1, queries + WarmUp).Select(i => world.Provider(20_000_000 + i)).ToList();
            Console.WriteLine("reverse (open needs for a provider): " +
                              Time(askers, p => reverseIndex.SearchNeeds(p, new NeedQuery(20, Today)).Count, "needs per provider"));
            if (check > 0)
            {
                var agreed = 0;
                foreach (var provider in askers.Take(check))
                {
                    var expected = openNeeds.Where(n => HardRules.Passes(n, provider, Today))
                        .Select(n => Ranker.ScoreNeed(n, provider, ChineseText.Similarity(n.Text, provider.Text), weights)).ToList();
                    expected.Sort(Ranker.Compare);
                    var actual = reverseIndex.SearchNeeds(provider, new NeedQuery(20, Today));
                    if (expected.Take(20).Select(n => (n.NeedId, n.Score)).SequenceEqual(actual.Select(n => (n.NeedId, n.Score)))) agreed++;
                }
                Console.WriteLine($"check: {agreed} of {check} providers' needs identical to a brute-force scan of every open need");
            }
        }
        GC.KeepAlive(index);
        return Task.FromResult(0);
    }
}
