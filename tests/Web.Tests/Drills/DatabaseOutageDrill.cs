using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Outbox;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace FiveSocieties.Web.Tests.Drills;

/// The site over a real port on a PostgreSQL server of its own, which the drills stop and start.
/// Background work runs every second or two, so it meets the outages; only the LISTEN connection
/// wakes the dispatcher for other processes' commits (the poll is ten minutes).
public sealed class OutageSite : IAsyncLifetime
{
    private SiteFactory? _factory;
    private PostgresCluster? _cluster;

    public Stopwatch Clock { get; } = Stopwatch.StartNew();
    public string LogDirectory { get; } = LogFiles.NewDirectory();

    /// The first errors the site logged from ASP.NET Core's diagnostics (a 500's exception), for a failure message.
    public async Task<string> UnhandledAsync() => string.Join("\n", (await LogFiles.TextAsync(LogDirectory)).Split('\n')
        .Where(line => line.Contains("\"@l\":\"Error\"", StringComparison.Ordinal) && line.Contains("Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal))
        .Take(3));
    public Uri Address { get; private set; } = null!;

    public PostgresCluster Cluster
    {
        get
        {
            PostgresCluster.RequireAvailable();
            return _cluster!;
        }
    }

    public WebApplicationFactory<Program> Site => _factory!;

    public async ValueTask InitializeAsync()
    {
        if (PostgresCluster.Bin is null) return; // each drill then skips, or fails under CI
        _cluster = await PostgresCluster.StartAsync();
        _factory = new SiteFactory([
            new("Database:Provider", "PostgreSQL"), new("ConnectionStrings:FiveSocieties", _cluster.ConnectionString("fivesocieties")),
            new("Outbox:PollEvery", "00:10:00"), new("Brokering:ExpiryCheckEvery", "00:00:01"), new("Matching:RefreshEvery", "00:00:02"),
            .. Drill.SmallDemo, .. LogFiles.Settings(LogDirectory)]);
        _factory.UseKestrel(0);
        _factory.StartServer();
        Address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1"));
    }

    public async Task<T> QueryAsync<T>(Func<FiveSocietiesDbContext, Task<T>> query)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
        LogFiles.Delete(LogDirectory);
    }
}

/// Drills: PostgreSQL stopped (`pg_ctl stop -m immediate`) and started again under the site.
[Trait("Category", Drill.Category)]
public sealed class DatabaseOutageDrill(OutageSite outage) : IClassFixture<OutageSite>
{
    private const int Posters = 3;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private static readonly ActorRef Worker = new("drill", "演练社工");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgresStoppedUnderLoad_Answers503InChinese_SavesNothingByHalves_AndRecoversByItself()
    {
        var cluster = outage.Cluster;
        var clock = outage.Clock;
        var village = await outage.QueryAsync(Drill.VillageOfWorker1Async);
        var prefix = $"停库演练 {Guid.NewGuid():N}"[..14];

        // Load: workers post needs through the API; a visitor reads the home page (its counts read the database).
        var answers = new ConcurrentQueue<Answer>();
        using var load = new CancellationTokenSource();
        var loops = new List<Task>();
        for (var p = 0; p < Posters; p++)
        {
            var poster = await Drill.BearerAsync(new HttpClient { BaseAddress = outage.Address }, "worker1");
            var number = p;
            loops.Add(Task.Run(async () =>
            {
                for (var n = 1; !load.IsCancellationRequested; n++)
                {
                    var title = $"{prefix} {number}-{n}";
                    answers.Enqueue(await Drill.SendAsync(poster, new HttpRequestMessage(HttpMethod.Post, "/api/v1/needs")
                        { Content = JsonContent.Create(Drill.NeedBody(title, village)) }, title, clock));
                    await Task.Delay(50, Ct);
                }
            }, Ct));
        }
        var visitor = new HttpClient { BaseAddress = outage.Address };
        loops.Add(Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                answers.Enqueue(await Drill.SendAsync(visitor, new HttpRequestMessage(HttpMethod.Get, "/"), Page, clock));
                await Task.Delay(100, Ct);
            }
        }, Ct));

        await Drill.EventuallyAsync(() => Task.FromResult(answers.Count(a => IsPost(a) && a.Succeeded) >= 10), Within, "needs are posted before the outage");
        await cluster.StopImmediatelyAsync();
        var stoppedAt = clock.Elapsed;
        await Drill.EventuallyAsync(() => Task.FromResult(
                answers.Count(a => a.At > stoppedAt && IsPost(a) && !a.Succeeded) >= 10 && answers.Any(a => a.At > stoppedAt && !IsPost(a) && !a.Succeeded)),
            Within, "posts and pages fail while the database is down");
        await cluster.StartAgainAsync();
        var restartedAt = clock.Elapsed;
        // Recovered: the last five answers of every client succeeded.
        await Drill.EventuallyAsync(() => Task.FromResult(answers.Where(a => a.At > restartedAt).GroupBy(Client)
                .Count(g => g.Count() >= 5 && g.TakeLast(5).All(a => a.Succeeded)) == Posters + 1),
            Within, "the site recovers by itself");
        await load.CancelAsync();
        await Task.WhenAll(loops);

        // Every answer during the outage is a 503 in Chinese (problem details with Retry-After, or the page); never a 500.
        var all = answers.ToList();
        var unhandled = all.Any(a => a.Status is not (201 or 200 or 503)) ? await outage.UnhandledAsync() : "";
        Assert.All(all, a => Assert.True(a.Status is 201 or 200 or 503, $"{a.What}: {a.Status} {a.Body}\n{unhandled}"));
        var refusedPosts = all.Where(a => IsPost(a) && a.Status == 503).ToList();
        var refusedPages = all.Where(a => !IsPost(a) && a.Status == 503).ToList();
        Assert.NotEmpty(refusedPages);
        Assert.All(refusedPosts, a =>
        {
            Assert.Equal("application/problem+json", a.ContentType);
            Assert.Equal("服务暂时不可用", JsonDocument.Parse(a.Body).RootElement.GetProperty("title").GetString());
            Assert.True(a.RetryAfter, "Retry-After");
        });
        Assert.All(refusedPages, a =>
        {
            Assert.Equal("text/html", a.ContentType);
            Assert.Contains("<h1 class=\"h3 my-3\">服务暂时不可用</h1>", a.Body);
            Assert.True(a.RetryAfter, "Retry-After");
            Assert.DoesNotContain("   at ", a.Body);
        });

        // Nothing by halves: every acknowledged need is there whole; a refused one is absent, or whole
        // when its commit went through and only the answer was lost.
        var saved = await outage.QueryAsync(db => Drill.NeedsAsync(db, prefix));
        Assert.All(saved, n => Assert.True(n.IsWhole, $"{n.Title}: {n.History} history rows, {n.Submitted} submission events"));
        var acknowledged = all.Where(a => IsPost(a) && a.Succeeded).Select(a => a.What).ToList();
        Assert.Empty(acknowledged.Except(saved.Select(n => n.Title)));

        // Background work survived the outage and resumes.
        Assert.All(outage.Site.Services.GetServices<IHostedService>().OfType<BackgroundService>(),
            s => Assert.False(s.ExecuteTask?.IsCompleted, $"{s.GetType().Name} stopped"));
        await BackgroundWorkResumesAsync(prefix, restartedAt);

        var failuresAfter = all.Where(a => a.At > restartedAt && !a.Succeeded).ToList();
        var lastFailure = failuresAfter.Select(a => a.At).DefaultIfEmpty(restartedAt).Max();
        var firstSuccess = all.Where(a => a.At > restartedAt && a.Succeeded).Min(a => a.At);
        Drill.Report(string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL down {(restartedAt - stoppedAt).TotalSeconds:0.0} s: {refusedPosts.Count} posts and {refusedPages.Count} pages answered 503, none 500; " +
            $"{refusedPosts.Count(a => saved.Any(n => n.Title == a.What))} refused posts had committed whole. Back up: first success after " +
            $"{(firstSuccess - restartedAt).TotalSeconds:0.00} s, every request succeeding after {(lastFailure - restartedAt).TotalSeconds:0.00} s " +
            $"({failuresAfter.Count} failures after the restart)."));
    }

    [Fact]
    public async Task PostgresRestartedWhileThePoolIsIdle_CostsAtMostOneFailedRequest()
    {
        var cluster = outage.Cluster;
        // A busy moment leaves many connections idle in the pool.
        var clients = Enumerable.Range(0, 12).Select(_ => new HttpClient { BaseAddress = outage.Address }).ToList();
        Assert.All(await Task.WhenAll(clients.Select(c => c.GetAsync("/", Ct))), r => Assert.True(r.IsSuccessStatusCode));

        await cluster.StopImmediatelyAsync();
        await cluster.StartAgainAsync();
        var statuses = new List<int>();
        for (var i = 0; i < 20; i++) statuses.Add((int)(await clients[0].GetAsync("/", Ct)).StatusCode);

        // Each idle connection is dead; the first that fails empties the pool, so the next request opens a live one.
        Drill.Report($"after a restart with an idle pool: {string.Join(' ', statuses)}");
        Assert.All(statuses, s => Assert.True(s is 200 or 503, $"{s}"));
        Assert.InRange(statuses.Count(s => s != 200), 0, 1);
    }

    /// The LISTEN connection is back (a commit made outside the site reaches its dispatcher, which
    /// no poll would wake for ten minutes), offers past their deadline expire, and the candidate
    /// index is refreshed from the database again.
    private async Task BackgroundWorkResumesAsync(string prefix, TimeSpan restartedAt)
    {
        var proposals = await outage.QueryAsync(db => db.Matches.AsNoTracking()
            .Where(m => m.Status == MatchStatus.Proposed && db.Needs.Any(n => n.Id == m.NeedId && n.Title.StartsWith(prefix)))
            .Select(m => m.Id).Take(2).ToListAsync(Ct));
        Assert.True(proposals.Count == 2, "the drill's needs have proposals");
        var now = DateTimeOffset.UtcNow;
        var offered = await OutsideTheSiteAsync(proposals[0], m => m.Offer(Worker, now, now.AddHours(1)));
        var dispatcher = outage.Site.Services.GetRequiredService<OutboxDispatcher>();
        await Drill.EventuallyAsync(() => Task.FromResult(dispatcher.Position >= offered), Within, "another process's event reaches the dispatcher through LISTEN");

        await OutsideTheSiteAsync(proposals[1], m => m.Offer(Worker, now.AddHours(-2), now.AddMinutes(-1)));
        await Drill.EventuallyAsync(() => outage.QueryAsync(db => db.Matches.AnyAsync(m => m.Id == proposals[1] && m.Status == MatchStatus.Expired, Ct)),
            Within, "an offer past its deadline expires");

        var index = outage.Site.Services.GetRequiredService<CandidateIndexHost>();
        var builtBefore = index.BuiltAt;
        await Drill.EventuallyAsync(() => Task.FromResult(index.BuiltAt > builtBefore), Within, "the candidate index is refreshed from the database");
    }

    /// A change committed by another process (no signal reaches this site's dispatcher but
    /// PostgreSQL's notification); returns the number of the event it wrote.
    private async Task<long> OutsideTheSiteAsync(long matchId, Action<Match> change)
    {
        await using var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(outage.Cluster.ConnectionString("fivesocieties")).Options);
        var match = await db.Matches.SingleAsync(m => m.Id == matchId, Ct);
        change(match);
        await db.SaveChangesAsync(Ct);
        return await db.Events.Where(e => e.MatchId == matchId).MaxAsync(e => e.Seq, Ct);
    }

    private const string Page = "page";

    private static bool IsPost(Answer a) => a.What != Page;

    /// The page reader, or the poster a title came from ("{prefix} {poster}-{n}").
    private static string Client(Answer a) => IsPost(a) ? a.What[..a.What.LastIndexOf('-')] : Page;
}
