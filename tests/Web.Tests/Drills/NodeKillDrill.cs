using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FiveSocieties.Infrastructure.Outbox;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Tests;
using FiveSocieties.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace FiveSocieties.Web.Tests.Drills;

/// The real web process (`dotnet FiveSocieties.Web.dll`, in Production), started, killed with
/// SIGKILL and started again on the same database and port.
public sealed class SiteProcess(TestDatabase database, int port) : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public Uri Address { get; } = new($"http://127.0.0.1:{port}");

    /// Starts the process and returns how long it took to answer /healthz.
    public async Task<TimeSpan> StartAsync()
    {
        var start = SiteExecutable.StartInfo(database.Settings.Concat(Drill.SmallDemo)
            .Select(s => KeyValuePair.Create(s.Key.Replace(":", "__"), s.Value))
            .Append(new("ASPNETCORE_URLS", Address.ToString())).Append(new("Logging__LogLevel__Default", "Warning")));
        var watch = Stopwatch.StartNew();
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        _process.ErrorDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (_process.HasExited) Assert.Fail($"the site exited ({_process.ExitCode}): {Tail}");
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3), $"the site did not answer /healthz: {Tail}");
            try
            {
                if ((await probe.GetAsync("/healthz", TestContext.Current.CancellationToken)).IsSuccessStatusCode) return watch.Elapsed;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// `kill -9`: no shutdown, no flush, connections cut.
    public async Task KillAsync()
    {
        _process!.Kill(); // SIGKILL on Linux
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        _process.Dispose();
        _process = null;
    }

    private string Tail => string.Join('\n', _output.TakeLast(30));

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) await KillAsync();
        _process?.Dispose();
    }
}

/// Drill: a web node killed with `kill -9` while workers post needs and make offers and a client
/// follows the events; then started again.
[Trait("Category", Drill.Category)]
public sealed class NodeKillDrill
{
    private const int Posters = 2;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(TestProvider.Sqlite)]
    [InlineData(TestProvider.PostgreSql)]
    public async Task NodeKilledUnderLoad_KeepsEveryAcknowledgedChangeWhole_AndAFollowerCatchesUpWithoutAGap(TestProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var node = new SiteProcess(database, PostgresCluster.FreePort());
        var firstStart = await node.StartAsync();
        var clock = Stopwatch.StartNew();
        var prefix = $"断电演练 {Guid.NewGuid():N}"[..14];
        await using var db = Context(database);
        var village = await Drill.VillageOfWorker1Async(db);

        // Workers post needs (API) and offer each need's best proposal (the console's form post);
        // an administrator's app follows every event from the start.
        var answers = new ConcurrentQueue<Answer>();
        var offers = new ConcurrentQueue<(long Match, Answer Answer)>();
        var followed = new List<long>();
        using var load = new CancellationTokenSource();
        var loops = new List<Task>();
        for (var p = 0; p < Posters; p++)
        {
            var api = await Drill.BearerAsync(new HttpClient { BaseAddress = node.Address }, "worker1");
            var console = await Drill.SignedInAsync(node.Address, "worker1");
            var token = await console.FormTokenAsync("/");
            var number = p;
            loops.Add(Task.Run(async () =>
            {
                for (var n = 1; !load.IsCancellationRequested; n++)
                {
                    var title = $"{prefix} {number}-{n}";
                    var posted = await Drill.SendAsync(api, new HttpRequestMessage(HttpMethod.Post, "/api/v1/needs")
                        { Content = JsonContent.Create(Drill.NeedBody(title, village)) }, title, clock);
                    answers.Enqueue(posted);
                    if (posted.Status == 201 && await ProposalAsync(api, JsonDocument.Parse(posted.Body).RootElement.GetProperty("id").GetInt64(), clock) is { } match)
                        offers.Enqueue((match, await OfferAsync(console, token, match, clock)));
                    await Task.Delay(posted.Succeeded ? 20 : 250, Ct); // while the node is down, as an app retrying
                }
            }, Ct));
        }
        // The follower starts from the newest event; the first start deleted the demo's old ones.
        var follower = await Drill.BearerAsync(new HttpClient { BaseAddress = node.Address }, "admin");
        var cursor = (await db.Events.MaxAsync(e => (long?)e.Seq, Ct)) ?? 0;
        var startedFrom = cursor;
        loops.Add(Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                var page = await Drill.SendAsync(follower, new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events?after={cursor}&limit=1000"), "events", clock);
                if (page.Status == 200)
                {
                    var body = JsonDocument.Parse(page.Body).RootElement;
                    Assert.False(body.GetProperty("reset").GetBoolean(), "the follower was told to reload");
                    lock (followed) followed.AddRange(body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
                    cursor = body.GetProperty("next").GetInt64();
                    if (body.GetProperty("more").GetBoolean()) continue;
                }
                await Task.Delay(100, Ct);
            }
        }, Ct));

        await Drill.EventuallyAsync(() => Task.FromResult(answers.Count(a => a.Succeeded) >= 10 && offers.Count(o => o.Answer.Succeeded) >= 3),
            Within, "needs are posted and offers made before the kill");
        await node.KillAsync();
        var killedAt = clock.Elapsed;
        var restart = await node.StartAsync();
        var restartedAt = clock.Elapsed;
        await Drill.EventuallyAsync(() => Task.FromResult(answers.Count(a => a.At > restartedAt && a.Succeeded) >= 6 && offers.Count(o => o.Answer.At > restartedAt && o.Answer.Succeeded) >= 2),
            Within, "needs are posted and offers made after the restart");
        await load.CancelAsync();
        await Task.WhenAll(loops);
        var lastSeq = await db.Events.MaxAsync(e => e.Seq, Ct);
        await Drill.EventuallyAsync(async () =>
        {
            var page = await follower.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={cursor}&limit=1000", Ct);
            lock (followed) followed.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
            cursor = page.GetProperty("next").GetInt64();
            return cursor >= lastSeq;
        }, Within, "the follower catches up");

        // Every acknowledged need is there whole; those cut off by the kill are absent or whole.
        var all = answers.ToList();
        Assert.All(all, a => Assert.True(a.Status is 201 or 0, $"{a.What}: {a.Status} {a.Body}"));
        Assert.All(offers, o => Assert.True(o.Answer.Status is 200 or 0, $"{o.Answer.What}: {o.Answer.Status} {o.Answer.Body}"));
        var saved = await Drill.NeedsAsync(db, prefix);
        Assert.All(saved, n => Assert.True(n.IsWhole, $"{n.Title}: {n.History} history rows, {n.Submitted} submission events"));
        Assert.Empty(all.Where(a => a.Succeeded).Select(a => a.What).Except(saved.Select(n => n.Title)));

        // Every acknowledged offer stands; every match's outbox rows match its changes.
        var matches = await db.Matches.AsNoTracking().Where(m => db.Needs.Any(n => n.Id == m.NeedId && n.Title.StartsWith(prefix)))
            .Select(m => new
            {
                m.Id,
                m.Status,
                Proposed = db.Events.Count(e => e.MatchId == m.Id && e.Type == EventTypes.MatchProposed),
                Offered = db.Events.Count(e => e.MatchId == m.Id && e.Type == EventTypes.OfferMade),
            }).ToListAsync(Ct);
        Assert.All(offers.Where(o => o.Answer.Succeeded), o => Assert.Equal(MatchStatus.Offered, matches.Single(m => m.Id == o.Match).Status));
        Assert.All(matches, m =>
        {
            Assert.Equal(1, m.Proposed);
            Assert.Equal(m.Status == MatchStatus.Offered ? 1 : 0, m.Offered);
        });

        // The follower saw every event exactly once, in order: no gap across the kill.
        var events = await db.Events.AsNoTracking().Where(e => e.Seq > startedFrom).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync(Ct);
        Assert.Equal(events, followed);

        Drill.Report(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: first start {firstStart.TotalSeconds:0.0} s (with the demo); killed after {all.Count(a => a.At < killedAt && a.Succeeded)} needs and " +
            $"{offers.Count(o => o.Answer.At < killedAt && o.Answer.Succeeded)} offers; restart to healthy {restart.TotalSeconds:0.0} s; " +
            $"{all.Count(a => a.Status == 0)} posts cut off ({all.Count(a => a.Status == 0 && saved.Any(n => n.Title == a.What))} of them committed whole); " +
            $"follower caught up {followed.Count} events."));
    }

    /// The need's best proposal still waiting for an offer, if matching found one.
    private static async Task<long?> ProposalAsync(HttpClient api, long need, Stopwatch clock)
    {
        var answer = await Drill.SendAsync(api, new HttpRequestMessage(HttpMethod.Get, $"/api/v1/needs/{need}/matches"), "matches", clock);
        if (answer.Status != 200) return null;
        return JsonDocument.Parse(answer.Body).RootElement.GetProperty("proposals").EnumerateArray()
            .Where(p => p.GetProperty("status").GetString() == nameof(MatchStatus.Proposed)).Select(p => (long?)p.GetProperty("id").GetInt64()).FirstOrDefault();
    }

    /// As the console's script posts an offer (Accept: application/json).
    private static Task<Answer> OfferAsync(HttpClient console, string token, long match, Stopwatch clock)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/Brokering/Offer")
        {
            Content = new FormUrlEncodedContent([new("ids", match.ToString(CultureInfo.InvariantCulture)), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return Drill.SendAsync(console, request, $"offer {match}", clock);
    }

    private static FiveSocietiesDbContext Context(TestDatabase database) => database.Provider == TestProvider.Sqlite
        ? new SqliteDbContext(new DbContextOptionsBuilder<SqliteDbContext>().UseSqlite(database.ConnectionString).Options)
        : new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(database.ConnectionString).Options);
}
