using FiveSocieties.Infrastructure.Matching.Elasticsearch;
using FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch;

/// Where the Elasticsearch tests send their requests: the in-process emulator (always), or the
/// real cluster at FIVESOCIETIES_ELASTICSEARCH_URL (with FIVESOCIETIES_ELASTICSEARCH_USERNAME /
/// _PASSWORD / _API_KEY / _CA when it needs them). Each adapter made here gets its own index prefix,
/// and every index it made is deleted at the end.
public sealed class ElasticsearchTarget : IAsyncDisposable
{
    public const string UrlVariable = "FIVESOCIETIES_ELASTICSEARCH_URL";
    private readonly List<ServiceProvider> _services = [];
    private readonly List<(ServiceProvider Services, ElasticsearchCandidateIndex Index)> _made = [];

    private ElasticsearchTarget(Uri url, ElasticsearchEmulator? emulator)
    {
        Url = url;
        Emulator = emulator;
    }

    public Uri Url { get; }

    /// Null on a real cluster.
    public ElasticsearchEmulator? Emulator { get; }

    /// An emulated cluster; without <paramref name="scheduledRefresh"/> a write is searchable only after an explicit
    /// refresh, so that a test shows the adapter reads its own writes without waiting for the refresh interval.
    public static async Task<ElasticsearchTarget> EmulatedAsync(bool scheduledRefresh = true)
    {
        var emulator = await ElasticsearchEmulator.StartAsync();
        emulator.ScheduledRefresh = scheduledRefresh;
        return new ElasticsearchTarget(emulator.Address, emulator);
    }

    /// The cluster named by FIVESOCIETIES_ELASTICSEARCH_URL; the calling test is skipped without one.
    public static ElasticsearchTarget Real()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (string.IsNullOrWhiteSpace(url)) Assert.Skip($"No Elasticsearch cluster: set {UrlVariable} (e.g. http://127.0.0.1:9200) to run these tests against one.");
        return new ElasticsearchTarget(new Uri(url), null);
    }

    /// The settings the site would read, pointing at this target, with a fresh index prefix.
    public Dictionary<string, string?> Settings(string prefix, Action<Dictionary<string, string?>>? change = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Matching:Index"] = "Elasticsearch",
            ["Matching:Elasticsearch:Url"] = Url.ToString(),
            ["Matching:Elasticsearch:IndexPrefix"] = prefix,
            ["Matching:Elasticsearch:Replicas"] = "0",
            ["Matching:Elasticsearch:RetryDelay"] = "00:00:00.02",
        };
        if (Emulator is null)
        {
            settings["Matching:Elasticsearch:Username"] = Environment.GetEnvironmentVariable("FIVESOCIETIES_ELASTICSEARCH_USERNAME");
            settings["Matching:Elasticsearch:Password"] = Environment.GetEnvironmentVariable("FIVESOCIETIES_ELASTICSEARCH_PASSWORD");
            settings["Matching:Elasticsearch:ApiKey"] = Environment.GetEnvironmentVariable("FIVESOCIETIES_ELASTICSEARCH_API_KEY");
            settings["Matching:Elasticsearch:CertificateAuthorityPath"] = Environment.GetEnvironmentVariable("FIVESOCIETIES_ELASTICSEARCH_CA");
        }
        change?.Invoke(settings);
        return settings;
    }

    /// The adapter's services as the site registers them, over <see cref="Settings"/> (and <paramref name="clock"/>
    /// as the TimeProvider when given).
    public ServiceProvider Services(string? prefix = null, Action<Dictionary<string, string?>>? change = null, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(prefix ?? NewPrefix(), change)).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging();
        if (clock is not null) services.AddSingleton(clock);
        services.AddElasticsearchCandidateIndex();
        var provider = services.BuildServiceProvider();
        _services.Add(provider);
        return provider;
    }

    public ElasticsearchCandidateIndex Index(string? prefix = null, Action<Dictionary<string, string?>>? change = null) =>
        Services(prefix, change).GetRequiredService<ElasticsearchCandidateIndex>();

    /// An adapter ranking with <paramref name="weights"/>, over a fresh prefix.
    public ElasticsearchCandidateIndex Index(FiveSocieties.Matching.Engine.MatchingWeights weights)
    {
        var services = Services();
        var index = new ElasticsearchCandidateIndex(services.GetRequiredService<ElasticsearchClient>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ElasticsearchOptions>>(), weights);
        _made.Add((services, index));
        return index;
    }

    public static string NewPrefix() => "fs-test-" + Guid.NewGuid().ToString("N")[..10];

    public async ValueTask DisposeAsync()
    {
        var made = _services.Select(s => (Services: s, Index: s.GetRequiredService<ElasticsearchCandidateIndex>())).Concat(_made);
        foreach (var (services, index) in made.DistinctBy(m => m.Index.ProvidersAlias))
        {
            var client = services.GetRequiredService<ElasticsearchClient>();
            try
            {
                foreach (var alias in new[] { index.ProvidersAlias, index.NeedsAlias })
                    foreach (var concrete in await client.AliasTargetsAsync(alias, CancellationToken.None))
                        await client.DeleteIndexAsync(concrete, CancellationToken.None);
            }
            catch (ElasticsearchException) when (Emulator is not null) { } // a test stopped the emulator
        }
        foreach (var services in _services) await services.DisposeAsync();
        if (Emulator is not null) await Emulator.DisposeAsync();
    }
}
