using System.Net;
using System.Text.Json;
using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Matching.Elasticsearch;
using FiveSocieties.Infrastructure.Matching.Feed;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;
using FiveSocieties.Infrastructure.Tests.Matching;
using FiveSocieties.Infrastructure.Tests.Support;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch;

/// The site's Infrastructure over a real database with Matching:Index = Elasticsearch, against an
/// emulated cluster of two nodes (Url and Urls:0; stopped and restarted to play an outage).
public abstract class ElasticsearchFeedFixture(TestProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private InfrastructureHost? _host;
    private ElasticsearchTarget? _target;
    private ElasticsearchEmulator? _second;

    public TestProvider Provider { get; } = provider;
    public TestClock Time { get; } = new(Builders.Now);
    public ElasticsearchEmulator Emulator => _target!.Emulator!;
    public ElasticsearchEmulator SecondNode => _second!;
    public IReadOnlyList<ElasticsearchEmulator> Nodes => [Emulator, SecondNode];
    public string Prefix { get; } = ElasticsearchTarget.NewPrefix();

    public InfrastructureHost Host
    {
        get
        {
            TestDatabase.RequireAvailable(Provider);
            return _host ?? throw new InvalidOperationException("Not started.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        _target = await ElasticsearchTarget.EmulatedAsync();
        _second = await _target.Emulator!.StartNodeAsync();
        if (!TestDatabase.IsAvailable(Provider)) return;
        _database = TestDatabase.Create(Provider);
        _host = await InfrastructureHost.StartAsync(_database, _target.Settings(Prefix, s =>
        {
            s["Matching:Elasticsearch:Urls:0"] = _second.Address.ToString();
            s["Matching:Elasticsearch:Retries"] = "1";
            s["Matching:Elasticsearch:RetryDelay"] = "00:00:00.01";
            s["Matching:Elasticsearch:RequestTimeout"] = "00:00:02";
        }), Time);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_second is not null) await _second.DisposeAsync();
        if (_target is not null) await _target.DisposeAsync();
    }
}

public sealed class SqliteElasticsearchFeed() : ElasticsearchFeedFixture(TestProvider.Sqlite);
public sealed class PostgresElasticsearchFeed() : ElasticsearchFeedFixture(TestProvider.PostgreSql);

/// Changes reach the shared index through the index feed (at least once, external versions), a
/// rebuild switches aliases atomically, and an outage delays matching without losing anything.
/// The tests of a class share one database and one cluster (xunit runs them one at a time, so an
/// outage disturbs no other); each works in its own <see cref="Plot"/>.
public abstract class ElasticsearchFeedSuite<TFixture>(TFixture fixture) where TFixture : ElasticsearchFeedFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private InfrastructureHost Host => fixture.Host;
    private ElasticsearchEmulator Emulator => fixture.Emulator;
    private CandidateIndexHost Candidates => Host.Services.GetRequiredService<CandidateIndexHost>();
    private ElasticsearchCandidateIndex Index => Host.Services.GetRequiredService<ElasticsearchCandidateIndex>();

    /// Waits until the host's first rebuild is done (it runs in the background at start).
    private async Task BuiltAsync() =>
        await Eventually(async () => await Host.WithDb(db => db.IndexCursors.AnyAsync(c => c.Name == Index.CursorName && c.RebuiltAt != null, Ct)),
            "the index is built at start");

    private static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"Not within {seconds} s: {what}.");
            await Task.Delay(100, Ct);
        }
    }

    /// The provider's document as the cluster holds it: its version and _source, or null.
    private async Task<(long Version, JsonElement Source)?> DocumentAsync(ProviderRef provider)
    {
        using var http = new HttpClient { BaseAddress = Emulator.Address };
        var response = await http.GetAsync($"{Index.ProvidersAlias}/_doc/{Uri.EscapeDataString(ProviderDocument.KeyOf(provider))}", Ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (doc.RootElement.GetProperty("_version").GetInt64(), doc.RootElement.GetProperty("_source").Clone());
    }

    /// A plot of this test's own with one volunteer, once the cluster holds it.
    private async Task<(Plot Plot, FiveSocieties.Matching.Resources.Volunteer Volunteer, ProviderRef Provider)> IndexedVolunteerAsync()
    {
        var plot = await Plot.CreateAsync(Host, fixture.Time.GetUtcNow());
        var volunteer = plot.Volunteer();
        await Plot.SaveAsync(Host, volunteer);
        var provider = new ProviderRef(ResourceKind.Volunteer, volunteer.Id);
        await Eventually(async () => await DocumentAsync(provider) is not null, "the volunteer is indexed");
        return (plot, volunteer, provider);
    }

    private Task PauseAsync(long volunteerId) => Host.WithDb(async db =>
    {
        var stored = await db.Volunteers.SingleAsync(v => v.Id == volunteerId, Ct);
        stored.Pause(Builders.Worker, fixture.Time.GetUtcNow(), "外出");
        await db.SaveChangesAsync(Ct);
    });

    private Task<long> LastChangeOfAsync(ProviderRef provider) =>
        Host.WithDb(db => db.IndexChanges.Where(c => c.ProviderKind == provider.Kind && c.TargetId == provider.Id).MaxAsync(c => c.Seq, Ct));

    [Fact]
    public async Task Start_BuildsTheIndexBehindAliases_AndSetsTheFeedCursor()
    {
        await BuiltAsync();
        Assert.NotNull(Emulator.AliasTarget(Index.ProvidersAlias));
        Assert.NotNull(Emulator.AliasTarget(Index.NeedsAlias));
        Assert.True(Candidates.IsShared);
        var counts = await Index.CountAsync(Ct);
        var active = await Host.WithDb(db => db.Volunteers.CountAsync(v => v.Status == FiveSocieties.Matching.Resources.ApprovalStatus.Active, Ct));
        Assert.True(counts.Providers >= active);
    }

    [Fact]
    public async Task AChange_ReachesTheCluster_WithItsFeedNumberAsVersion()
    {
        await BuiltAsync();
        var plot = await Plot.CreateAsync(Host, fixture.Time.GetUtcNow());
        var volunteer = plot.Volunteer(maxTasks: 2);
        await Plot.SaveAsync(Host, volunteer);
        var provider = new ProviderRef(ResourceKind.Volunteer, volunteer.Id);

        await Eventually(async () => await DocumentAsync(provider) is { } d && d.Version == await LastChangeOfAsync(provider), "the new volunteer is indexed");
        Assert.True((await DocumentAsync(provider))!.Value.Source.GetProperty("active").GetBoolean());

        await PauseAsync(volunteer.Id);
        await Eventually(async () => await DocumentAsync(provider) is { } d && !d.Source.GetProperty("active").GetBoolean(), "the pause is indexed");
        Assert.Equal(await LastChangeOfAsync(provider), (await DocumentAsync(provider))!.Value.Version);
    }

    [Fact]
    public async Task ReplayingTheWholeFeed_ChangesNothing()
    {
        await BuiltAsync();
        var (_, volunteer, provider) = await IndexedVolunteerAsync();
        var before = await DocumentAsync(provider);

        // The cursor back to the start: every change is relayed again, and refused as older.
        await Host.WithDb(db => db.IndexCursors.Where(c => c.Name == Index.CursorName).ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, 0L), Ct));
        var relay = Host.Services.GetRequiredService<IndexFeedRelay>();
        while (await relay.RelayOnceAsync(Ct) > 0) { }
        var after = await DocumentAsync(provider);
        Assert.Equal(before!.Value.Version, after!.Value.Version);
        Assert.Equal(before.Value.Source.GetRawText(), after.Value.Source.GetRawText());
    }

    [Fact]
    public async Task Rebuild_SwitchesToNewIndices_WithTheSnapshotsVersion_AndLaterChangesApplyOnTop()
    {
        await BuiltAsync();
        var (_, volunteer, provider) = await IndexedVolunteerAsync();
        var oldProviders = Emulator.AliasTarget(Index.ProvidersAlias);

        var reports = new List<RebuildProgress>();
        await Candidates.RebuildAsync(new Recorder(reports), Ct);

        var newProviders = Emulator.AliasTarget(Index.ProvidersAlias);
        Assert.NotEqual(oldProviders, newProviders);
        Assert.DoesNotContain(oldProviders!, Emulator.IndexNames);
        var snapshot = await Host.WithDb(db => db.IndexCursors.SingleAsync(c => c.Name == Index.CursorName, Ct));
        Assert.Equal(snapshot.Position, (await DocumentAsync(provider))!.Value.Version);
        Assert.Equal(reports[^1].Total, reports[^1].Written);
        Assert.True(reports[^1].Total > 0);

        await PauseAsync(volunteer.Id);
        await Eventually(async () => await DocumentAsync(provider) is { } d && d.Version > snapshot.Position && !d.Source.GetProperty("active").GetBoolean(),
            "a change after the rebuild is applied to the new index");
    }

    private Task EachNodeAsync(Func<ElasticsearchEmulator, Task> act) => Task.WhenAll(fixture.Nodes.Select(act));

    /// With one node of two down, nothing waits: requests go to the other.
    [Fact]
    public async Task OneNodeDown_NeedsAreMatchedThroughTheOther()
    {
        await BuiltAsync();
        var (plot, volunteer, _) = await IndexedVolunteerAsync();
        await Emulator.StopAsync();
        try
        {
            var need = plot.Need();
            await Plot.SaveAsync(Host, need);
            await using var scope = Host.Scope();
            var made = await scope.ServiceProvider.GetRequiredService<MatchingService>().TryProposeAsync(need);
            Assert.Contains(made, m => m.ProviderId == volunteer.Id);
            Assert.False(await Host.WithDb(db => db.DelayedMatchings.AnyAsync(d => d.NeedId == need.Id, Ct)));
            Assert.True(Host.Services.GetRequiredService<IndexHealth>().IsReachable);
        }
        finally
        {
            await Emulator.RestartAsync();
        }
    }

    /// Every node down: the cluster-down path (匹配延迟), as with one node.
    [Fact]
    public async Task ClusterDown_NeedsAreSavedAndWait_ThenMatchedWhenItReturns()
    {
        await BuiltAsync();
        var (plot, volunteer, _) = await IndexedVolunteerAsync();

        await EachNodeAsync(n => n.StopAsync());
        try
        {
            var need = plot.Need();
            await Plot.SaveAsync(Host, need);
            await using (var scope = Host.Scope())
            {
                var made = await scope.ServiceProvider.GetRequiredService<MatchingService>().TryProposeAsync(need);
                Assert.Empty(made);
            }
            var delayed = await Host.WithDb(db => db.DelayedMatchings.SingleOrDefaultAsync(d => d.NeedId == need.Id, Ct));
            Assert.NotNull(delayed);
            Assert.False(Host.Services.GetRequiredService<IndexHealth>().IsReachable);

            // A change made during the outage waits in the database.
            var second = plot.Volunteer(name: "第二位志愿者");
            await Plot.SaveAsync(Host, second);
            var waiting = await Host.WithDb(async db =>
            {
                var cursor = await db.IndexCursors.SingleAsync(c => c.Name == Index.CursorName, Ct);
                return await db.IndexChanges.CountAsync(c => c.Seq > cursor.Position, Ct);
            });
            Assert.True(waiting > 0);

            await EachNodeAsync(n => n.RestartAsync());
            var retry = Host.Services.GetRequiredService<DelayedMatchingRetry>();
            await Eventually(async () =>
            {
                await retry.RetryAsync(Ct);
                return !await Host.WithDb(db => db.DelayedMatchings.AnyAsync(d => d.NeedId == need.Id, Ct));
            }, "the waiting need is matched");
            var proposed = await Host.WithDb(db => db.Matches.Where(m => m.NeedId == need.Id).Select(m => m.ProviderId).ToListAsync(Ct));
            Assert.Contains(volunteer.Id, proposed);
            await Eventually(async () => await DocumentAsync(new ProviderRef(ResourceKind.Volunteer, second.Id)) is not null, "the change made during the outage arrives");
            Assert.True(Host.Services.GetRequiredService<IndexHealth>().IsReachable);
        }
        finally
        {
            await EachNodeAsync(n => n.RestartAsync());
        }
    }

    [Fact]
    public async Task ASlowCluster_DelaysTheFirstNeedByItsTimeouts_ThenTheNextOnesAtOnce()
    {
        await BuiltAsync();
        var (plot, volunteer, _) = await IndexedVolunteerAsync();
        foreach (var node in fixture.Nodes) node.Delay = TimeSpan.FromSeconds(5); // beyond the fixture's 2 s per attempt
        try
        {
            var first = plot.Need();
            var second = plot.Need();
            await Plot.SaveAsync(Host, first, second);
            await using var scope = Host.Scope();
            var matching = scope.ServiceProvider.GetRequiredService<MatchingService>();
            Assert.Empty(await matching.TryProposeAsync(first));    // timed out twice: marked delayed
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Empty(await matching.TryProposeAsync(second));   // known down: not tried
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"the second need waited {watch.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(2, await Host.WithDb(db => db.DelayedMatchings.CountAsync(d => d.NeedId == first.Id || d.NeedId == second.Id, Ct)));

            foreach (var node in fixture.Nodes) node.Delay = TimeSpan.Zero;
            var retry = Host.Services.GetRequiredService<DelayedMatchingRetry>();
            await Eventually(async () =>
            {
                await retry.RetryAsync(Ct);
                return !await Host.WithDb(db => db.DelayedMatchings.AnyAsync(d => d.NeedId == first.Id || d.NeedId == second.Id, Ct));
            }, "both waiting needs are matched");
            Assert.True(await Host.WithDb(db => db.Matches.AnyAsync(m => m.NeedId == second.Id && m.ProviderId == volunteer.Id, Ct)));
        }
        finally
        {
            foreach (var node in fixture.Nodes) node.Delay = TimeSpan.Zero;
        }
    }

    private sealed class Recorder(List<RebuildProgress> reports) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}

public sealed class SqliteElasticsearchFeedTests(SqliteElasticsearchFeed fixture)
    : ElasticsearchFeedSuite<SqliteElasticsearchFeed>(fixture), IClassFixture<SqliteElasticsearchFeed>;

public sealed class PostgresElasticsearchFeedTests(PostgresElasticsearchFeed fixture)
    : ElasticsearchFeedSuite<PostgresElasticsearchFeed>(fixture), IClassFixture<PostgresElasticsearchFeed>;
