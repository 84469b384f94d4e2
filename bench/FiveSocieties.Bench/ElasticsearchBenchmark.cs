using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FiveSocieties.Infrastructure;
using FiveSocieties.Infrastructure.Matching.Elasticsearch;
using FiveSocieties.Matching.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Bench;

/// The Elasticsearch candidate index. Always: the size of the documents it stores, from the same
/// generated county as the matching benchmark. With a cluster (--url, or FIVESOCIETIES_ELASTICSEARCH_URL):
/// rebuild rate, forward and reverse matching latency through the adapter (filters, paging and
/// re-ranking), and reverse matching through a percolator over the same needs, for comparison.
public static class ElasticsearchBenchmark
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    public static async Task<int> RunAsync(string[] args)
    {
        var providers = BenchArgs.Int(args, "--providers", 100_000);
        var needs = BenchArgs.Int(args, "--needs", 20_000);
        var queries = BenchArgs.Int(args, "--queries", 500, min: 1);
        var perCounty = BenchArgs.Int(args, "--per-county", 10_000, min: 1);
        var url = BenchArgs.Option(args, "--url") ?? Environment.GetEnvironmentVariable("FIVESOCIETIES_ELASTICSEARCH_URL");
        var counties = Math.Max(1, (int)Math.Ceiling((double)Math.Max(providers, needs) / perCounty));
        var world = new MatchingWorld(counties, seed: 20261122, Today);
        var prepared = world.Providers(providers);
        var open = Enumerable.Range(1, needs).Select(i => world.Need(i)).ToList();
        Console.WriteLine($"elasticsearch: {providers:N0} providers, {needs:N0} open needs, {counties} counties");

        var providerBytes = prepared.Select(p => (double)JsonSerializer.SerializeToUtf8Bytes(ProviderDocument.Of(p), ElasticsearchJson.Options).Length).ToList();
        var needBytes = open.Select(n => (double)JsonSerializer.SerializeToUtf8Bytes(NeedDocument.Of(n), ElasticsearchJson.Options).Length).ToList();
        Console.WriteLine(Size("provider document", providerBytes));
        Console.WriteLine(Size("need document", needBytes));
        var perMillion = providerBytes.Average() * 1_000_000 + needBytes.Average() * 100_000;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  source of 1,000,000 providers + 100,000 open needs: {perMillion / 1024 / 1024 / 1024:0.00} GiB per copy (before the cluster's compression and its inverted index)"));

        if (string.IsNullOrWhiteSpace(url))
        {
            Console.WriteLine("  no cluster: pass --url http://host:9200 (or set FIVESOCIETIES_ELASTICSEARCH_URL) to time rebuild, matching and the percolator");
            return 0;
        }
        try
        {
            return await OnClusterAsync(url.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), args, prepared, open, queries);
        }
        catch (ElasticsearchException e)
        {
            Console.Error.WriteLine($"  cluster: {e.Message}"); // down, refused, or not a supported Elasticsearch
            return 1;
        }
    }

    private static string Size(string what, List<double> bytes) => string.Create(CultureInfo.InvariantCulture,
        $"  {what}: mean {bytes.Average():0} B, p95 {Percentile(bytes, 0.95):0} B, max {bytes.Max():0} B (JSON _source)");

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }

    /// <param name="urls">The nodes: --url takes several, comma-separated.</param>
    private static async Task<int> OnClusterAsync(string[] urls, string[] args, List<ProviderProfile> providers, List<NeedProfile> needs, int queries)
    {
        var prefix = "fs-bench-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?>
        {
            ["Matching:Index"] = "Elasticsearch",
            ["Matching:Elasticsearch:Url"] = urls[0],
            ["Matching:Elasticsearch:IndexPrefix"] = prefix,
            ["Matching:Elasticsearch:Replicas"] = "0",
            ["Matching:Elasticsearch:Username"] = BenchArgs.Option(args, "--username"),
            ["Matching:Elasticsearch:Password"] = BenchArgs.Option(args, "--password"),
            ["Matching:Elasticsearch:ApiKey"] = BenchArgs.Option(args, "--api-key"),
            ["Matching:Elasticsearch:CertificateAuthorityPath"] = BenchArgs.Option(args, "--ca"),
        };
        for (var i = 1; i < urls.Length; i++) settings[$"Matching:Elasticsearch:Urls:{i - 1}"] = urls[i];
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).AddLogging();
        services.AddElasticsearchCandidateIndex();
        await using var provider = services.BuildServiceProvider();
        var index = provider.GetRequiredService<ElasticsearchCandidateIndex>();
        var client = provider.GetRequiredService<ElasticsearchClient>();
        var percolator = prefix + "-percolator";
        try
        {
            var clock = Stopwatch.StartNew();
            await index.RebuildAsync(providers, needs, 1, null, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  rebuild: {providers.Count + needs.Count:N0} documents in {clock.Elapsed.TotalSeconds:0.0} s ({(providers.Count + needs.Count) / clock.Elapsed.TotalSeconds:N0} documents/s), alias switch included"));

            var asked = needs.Take(queries).ToList();
            var forward = await TimeAsync(asked, async n => (await index.SearchProvidersAsync(n, new ProviderQuery(20, Today))).Count);
            Console.WriteLine($"  SearchProviders top 20 (filters, paging, re-ranking): {forward}");
            var sample = providers.Where(p => p.IsActive).Take(queries).ToList();
            var reverse = await TimeAsync(sample, async p => (await index.SearchNeedsAsync(p, new NeedQuery(20, Today))).Count);
            Console.WriteLine($"  SearchNeeds top 20 (needs index): {reverse}");

            // The same reverse matching through a percolator: each need stored as the query of the providers it accepts.
            await client.CreateIndexAsync(percolator, new CreateIndexRequest(new IndexSettings(1, 0, "1s"),
                new IndexMappings("strict", new Dictionary<string, string> { ["writer"] = "FiveSocieties bench" }, PercolatorDocument.Mapping)), CancellationToken.None);
            clock.Restart();
            foreach (var chunk in needs.Chunk(1000))
                await client.BulkAsync(chunk.Select(n => (new BulkAction(percolator, NeedDocument.KeyOf(n.NeedId)), (object?)PercolatorDocument.Of(n, Today))).ToList(),
                    null, CancellationToken.None);
            await client.RefreshAsync(percolator, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  percolator: {needs.Count:N0} stored queries in {clock.Elapsed.TotalSeconds:0.0} s"));
            var percolated = await TimeAsync(sample, async p =>
                (await client.SearchAsync<JsonElement>(percolator, new SearchRequest(PercolatorDocument.Percolate(p), 10_000, []) { Source = false }, CancellationToken.None)).Hits.Hits.Count);
            Console.WriteLine($"  percolate a provider (matching needs only, before any ranking): {percolated}");
            return 0;
        }
        finally
        {
            try
            {
                foreach (var alias in new[] { index.ProvidersAlias, index.NeedsAlias })
                    foreach (var concrete in await client.AliasTargetsAsync(alias, CancellationToken.None))
                        await client.DeleteIndexAsync(concrete, CancellationToken.None);
                await client.DeleteIndexAsync(percolator, CancellationToken.None);
            }
            catch (ElasticsearchException e)
            {
                Console.Error.WriteLine($"  clean-up of {prefix}-* failed: {e.Message}");
            }
        }
    }

    private static async Task<string> TimeAsync<T>(List<T> queries, Func<T, Task<int>> run)
    {
        foreach (var query in queries.Take(Math.Min(50, queries.Count))) await run(query); // warm up
        var timings = new List<double>(queries.Count);
        var results = 0L;
        foreach (var query in queries)
        {
            var start = Stopwatch.GetTimestamp();
            results += await run(query);
            timings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return string.Create(CultureInfo.InvariantCulture, $"{BenchArgs.Percentiles(timings)} · {results / (double)timings.Count:0.0} results per query");
    }
}
