using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime;
using System.Runtime.CompilerServices;
using FiveSocieties.Infrastructure.Demo;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Outbox;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Account;
using FiveSocieties.Web.Features.Brokering;
using FiveSocieties.Web.Features.Imports;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Shared;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Bench;

/// Push latency of the brokering hub: the site on a real Kestrel port, N WebSocket clients signed
/// in as the station workers (round-robin, so spread over the stations) in a child process, and
/// needs posted at a steady rate, either checked as NeedService checks them and saved directly (the
/// outbox writes need.submitted) or through NeedService as the page and the API post them (matching
/// included: its proposals are pushed too). For each need, from its commit (EF Core's
/// TransactionCommitted) to the "Event" callback of every connection of its township:
/// p50/p95/p99/max, deliveries expected and received, and the server's memory per idle connection.
/// Both processes read the same monotonic clock. Exits with 1 when a delivery was lost or
/// duplicated, or reached a connection outside the need's audience.
public static class PushBenchmark
{
    // A connection's state in the client process, as it reports it.
    private const int NotConnected = 0, Open = 1, Dropped = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = BenchArgs.Ints(args, "--connections", [500, 2000]);
        var rate = BenchArgs.Int(args, "--rate", 50, min: 1);
        var direct = (BenchArgs.Option(args, "--post") ?? "direct") switch
        {
            "service" => false,
            "direct" => true,
            var other => throw new BenchArgsException($"--post {other}: service or direct"),
        };
        var seconds = BenchArgs.Int(args, "--seconds", 20, min: 1);
        var provider = BenchArgs.Option(args, "--provider") ?? "Sqlite";
        // SQLite has one writer at a time, and Microsoft.Data.Sqlite waits for a busy database with a
        // blocking Thread.Sleep(150) per try: concurrent posts would measure that, not the push.
        var posters = BenchArgs.Int(args, "--posters", provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) ? 1 : 8, min: 1);
        using var commits = CommitClock.Start();

        var sent = new SendClock();
        await using var site = await BenchSite.CreateAsync(args, demo: true, kestrel: true,
            builder =>
            {
                builder.Configuration["RateLimits:SignIn:PerClient"] = "1000"; // twelve workers sign in at once from this one address
                builder.Services.AddSingleton<IEventSink>(sp => new TimedSink(sp.GetRequiredService<HubEventSink>(), sent));
            });
        Console.WriteLine($"Site on {site.Address}; {Environment.ProcessorCount} cores; open files limit {OpenFilesLimit()}; " +
                          $"server GC {GCSettings.IsServerGC} (as the site's Web SDK sets it)");

        var workers = await WorkersAsync(site.Services, site.Address);
        Console.WriteLine($"Signed in {workers.Count} station workers: " + string.Join(", ", workers.Select(w => $"{w.UserName} {w.Villages.Count} villages")));
        IReadOnlySet<string> activeItems;
        await using (var scope = site.Services.CreateAsyncScope())
            activeItems = (await scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>().ServiceItems.AsNoTracking()
                .Where(i => i.IsActive).Select(i => i.Code).ToListAsync()).ToHashSet();

        var summary = new List<string>();
        var checksFailed = false;
        foreach (var size in sizes)
        {
            Console.WriteLine();
            Console.WriteLine($"== {size:N0} connections, {rate} needs/s for {seconds} s, posted {(direct ? "directly through the DbContext (checked as NeedService checks them)" : "through NeedService (matching included)")}, " +
                              $"at most {posters} at a time; load average {LoadAverage()}");
            var code = await RunSizeAsync(site, workers, commits, sent, activeItems, size, rate, seconds, posters, direct, summary);
            if (code == 1) checksFailed = true;
            else if (code != 0) return code;
        }
        Console.WriteLine();
        Console.WriteLine($"Summary ({(direct ? "posted directly" : "posted through NeedService")}, latency from the commit to each receiving client's callback):");
        foreach (var line in summary) Console.WriteLine("   " + line);
        Console.WriteLine(checksFailed
            ? "Deliveries: FAILED — some were lost, duplicated or outside their audience (see above)"
            : "Deliveries: every connection that connected got every need of its township once, and nothing else");
        return checksFailed ? 1 : 0;
    }

    private sealed record Worker(int Index, string UserName, string Token, DivisionCode Township, DataScope Scope, List<DivisionCode> Villages);

    private sealed record Posted(long NeedId, DivisionCode Village, long CommittedAt, bool Measured);

    /// 0: the size ran and its deliveries were all right; 1: it ran but deliveries were lost,
    /// duplicated or outside their audience; 2: it could not run.
    private static async Task<int> RunSizeAsync(BenchSite site, List<Worker> workers, CommitClock commits, SendClock sent, IReadOnlySet<string> activeItems,
        int size, int rate, int seconds, int posters, bool direct, List<string> summary)
    {
        var services = site.Services;
        sent.Reset();
        var (heapBefore, setBefore) = Memory();
        var output = Path.Combine(site.Directory, $"push-deliveries-{size}.bin");
        using var clients = Clients.Start(new Uri(site.Address, BrokeringHub.Path), workers.Select(w => w.Token), size, output);
        // ready <connected> <failed> <seconds> <heap delta> <working-set delta> <server GC> <indices of the failed connections, or ->
        var ready = await clients.ReadAsync(TimeSpan.FromMinutes(2));
        if (ready is not ["ready", var connectedText, var failedText, var connectSeconds, var clientHeap, var clientSet, var clientServerGc, var failedList])
        {
            Console.WriteLine($"The clients did not start: {string.Join(' ', ready ?? ["(no answer)"])}");
            return 2;
        }
        var connected = int.Parse(connectedText, CultureInfo.InvariantCulture);
        var notConnected = failedList == "-" ? [] : failedList.Split(',').Select(i => int.Parse(i, CultureInfo.InvariantCulture)).ToHashSet();
        Console.WriteLine($"   connected {connected:N0} (failed {failedText}) in {connectSeconds} s");
        if (connected == 0) return 2;
        await Task.Delay(TimeSpan.FromSeconds(3)); // the hub's connect work and the pools settle
        var (heapAfter, setAfter) = Memory();
        var serverHeapPerConnection = (heapAfter - heapBefore) / (double)connected / 1024;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   server memory per idle connection: GC heap {serverHeapPerConnection:0.0} KiB (after a full collection), " +
            $"working set {(setAfter - setBefore) / (double)connected / 1024:0.0} KiB (rough: the GC reuses memory it kept from before); " +
            $"server GC heap {heapAfter / 1048576.0:0} MiB, working set {setAfter / 1048576.0:0} MiB with the connections open"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   client process, for comparison (server GC {clientServerGc}): GC heap {double.Parse(clientHeap, CultureInfo.InvariantCulture) / connected / 1024:0.0} KiB, " +
            $"working set {double.Parse(clientSet, CultureInfo.InvariantCulture) / connected / 1024:0.0} KiB per connection"));

        // Warm-up (the first 2 × rate posts, not counted), then the measured window.
        var posted = new ConcurrentBag<Posted>();
        var postTimes = new ConcurrentBag<double>();
        var toCommit = new ConcurrentBag<double>();
        var failed = 0;
        var warmUp = 2 * rate;
        var total = warmUp + seconds * rate;
        var inFlight = new List<Task>();
        var period = Stopwatch.Frequency / rate;
        var t0 = Stopwatch.GetTimestamp();
        var (serverCpu, clientCpu) = (Process.GetCurrentProcess().TotalProcessorTime, clients.ProcessorTime);
        var maxBehind = 0.0;
        for (var i = 0; i < total; i++)
        {
            var due = t0 + i * period;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            else maxBehind = Math.Max(maxBehind, -wait.TotalMilliseconds);
            var n = i;
            inFlight.Add(Task.Run(async () =>
            {
                var worker = workers[n % workers.Count];
                var began = Stopwatch.GetTimestamp();
                try
                {
                    var (needId, village, committedAt) = await PostAsync(services, commits, activeItems, worker, n, n / workers.Count, direct);
                    postTimes.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                    toCommit.Add(Stopwatch.GetElapsedTime(began, committedAt).TotalMilliseconds);
                    posted.Add(new Posted(needId, village, committedAt, n >= warmUp));
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref failed) <= 3) Console.WriteLine($"   post {n} ({worker.UserName}) failed: {e.GetType().Name}: {e.Message}");
                }
            }));
            inFlight.RemoveAll(t => t.IsCompleted); // each task catches its own failure
            while (inFlight.Count >= posters) { await Task.WhenAny(inFlight); inFlight.RemoveAll(t => t.IsCompleted); }
        }
        await Task.WhenAll(inFlight);
        var window = Stopwatch.GetElapsedTime(t0 + warmUp * period).TotalSeconds;
        var elapsed = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        (serverCpu, clientCpu) = (Process.GetCurrentProcess().TotalProcessorTime - serverCpu, clients.ProcessorTime - clientCpu);
        var measuredCount = posted.Count(p => p.Measured);
        var achieved = measuredCount / window;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   posted {posted.Count:N0} of {total:N0} needs ({warmUp} warm-up posts, not measured), failed {failed}, {achieved:0.0} needs/s achieved, most behind schedule {maxBehind:0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   CPU while posting: server {serverCpu.TotalSeconds / elapsed:0.00} cores, clients {clientCpu.TotalSeconds / elapsed:0.00} cores; load average {LoadAverage()}"));
        if (!postTimes.IsEmpty)
        {
            Console.WriteLine($"   one post ({(direct ? "NeedService.Check, then save" : "NeedService.PostAsync: save + matching")}): {BenchArgs.Percentiles(postTimes.ToList())}");
            Console.WriteLine($"     of which until the need's commit: {BenchArgs.Percentiles(toCommit.ToList())}");
        }

        // Every connection that connected should get the need.submitted of each need of its
        // township. Wait until the client process has at least that many and nothing more has come
        // for a second (a late duplicate would still be seen), or nothing has come for 5 s, or 30 s.
        var connectedOf = new int[workers.Count]; // connections that connected, per worker (token)
        for (var c = 0; c < size; c++) if (!notConnected.Contains(c)) connectedOf[c % workers.Count]++;
        long Audience(Posted need, int[] perWorker) => workers.Where(w => need.Village.IsWithin(w.Township)).Sum(w => (long)perWorker[w.Index]);
        var expectedAll = posted.Sum(p => Audience(p, connectedOf));
        var drained = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        var received = -1L;
        while (true)
        {
            if (await clients.AskAsync("count") is not ["count", var countText, ..])
            {
                Console.WriteLine("   the client process stopped answering");
                return 2;
            }
            var count = long.Parse(countText, CultureInfo.InvariantCulture);
            if (count != received) { received = count; quiet.Restart(); }
            if (received >= expectedAll && quiet.Elapsed >= TimeSpan.FromSeconds(1)) break;
            if (quiet.Elapsed >= TimeSpan.FromSeconds(5) || drained.Elapsed >= TimeSpan.FromSeconds(30)) break;
            await Task.Delay(250);
        }
        var stop = await clients.AskAsync("stop"); // done <events of any type>
        var deliveries = Clients.ReadDeliveries(output, out var state);
        File.Delete(output);

        var needs = posted.ToDictionary(p => p.NeedId);
        var latencies = new List<double>();
        var receivedMeasured = 0L;
        var seen = new HashSet<(int, long)>();
        int duplicates = 0, foreign = 0, unknown = 0;
        foreach (var (conn, needId, at) in deliveries)
        {
            if (!needs.TryGetValue(needId, out var need)) { unknown++; continue; }                            // not a need posted here (a failed post's?)
            if (!need.Village.IsWithin(workers[conn % workers.Count].Township)) { foreign++; continue; }     // outside the connection's township
            if (!seen.Add((conn, needId))) { duplicates++; continue; }
            if (!need.Measured) continue;
            latencies.Add(Stopwatch.GetElapsedTime(need.CommittedAt, at).TotalMilliseconds);
            receivedMeasured++;
        }
        // Expected over every connection that connected, dropped ones included: what a dropped
        // connection missed is lost.
        var reached = new int[workers.Count];
        for (var c = 0; c < size; c++) if (state[c] != NotConnected) reached[c % workers.Count]++;
        var expected = posted.Where(p => p.Measured).Sum(p => Audience(p, reached));
        var lost = expected - receivedMeasured;
        var dropped = state.Count(s => s == Dropped);
        var passed = lost == 0 && duplicates == 0 && foreign == 0;
        Console.WriteLine($"   deliveries of need.submitted (measured needs): expected {expected:N0} (to the {reached.Sum():N0} connections that connected), received {receivedMeasured:N0}, " +
                          $"lost {lost:N0}, duplicates {duplicates}, outside the audience {foreign}" + (unknown > 0 ? $", of needs not recorded as posted {unknown}" : "") +
                          $"; connections dropped {dropped:N0}, failed to connect {state.Count(s => s == NotConnected):N0}; waited {drained.Elapsed.TotalSeconds:0.0} s for them; " +
                          $"events of all types pushed to the clients {(stop is ["done", var all] ? long.Parse(all, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture) : "?")}");
        Console.WriteLine(passed ? "   check: nothing lost, duplicated or outside its audience" : "   check: FAILED");
        if (latencies.Count > 0) Console.WriteLine($"   latency commit → client callback: {BenchArgs.Percentiles(latencies)}");
        summary.Add(string.Create(CultureInfo.InvariantCulture,
            $"{size,6:N0} connections: {(latencies.Count > 0 ? BenchArgs.Percentiles(latencies) : "nothing received")} · lost {lost:N0} of {expected:N0}" +
            $"{(dropped > 0 ? $" (dropped connections {dropped:N0})" : "")}{(failed > 0 ? $" · failed posts {failed}" : "")}" +
            $" · {achieved:0.0} needs/s · server {serverHeapPerConnection:0.0} KiB GC heap per idle connection"));
        var measured = posted.Where(p => p.Measured && sent.Times.ContainsKey(p.NeedId)).ToList();
        if (measured.Count > 0)
        {
            Console.WriteLine($"     of which commit → dispatcher hands it to the hub: {BenchArgs.Percentiles(measured.Select(p => Stopwatch.GetElapsedTime(p.CommittedAt, sent.Times[p.NeedId].Start).TotalMilliseconds).ToList())}");
            Console.WriteLine($"     hub send of the dispatcher's batch holding it: {BenchArgs.Percentiles(measured.Select(p => Stopwatch.GetElapsedTime(sent.Times[p.NeedId].Start, sent.Times[p.NeedId].End).TotalMilliseconds).ToList())}; " +
                              $"batches {Interlocked.Read(ref sent.Batches):N0}, events {Interlocked.Read(ref sent.Events):N0} (this size)");
        }
        await clients.WaitAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // the server notices the closed sockets before the next size
        return passed ? 0 : 1;
    }

    /// One need in one of the worker's villages, posted the way <paramref name="direct"/> says:
    /// through NeedService as the page and the API post it (its save, then matching, whose proposals
    /// are events too), or checked by NeedService.Check exactly as PostAsync checks it and saved
    /// through the DbContext (the need.submitted event only). Throws when refused.
    private static async Task<(long NeedId, DivisionCode Village, long CommittedAt)> PostAsync(IServiceProvider services, CommitClock commits,
        IReadOnlySet<string> activeItems, Worker worker, int n, int round, bool direct)
    {
        var kind = SampleNeeds.Push[n % SampleNeeds.Push.Length];
        var village = worker.Villages[round % worker.Villages.Count];
        var input = new NeedInput
        {
            Title = $"{kind.Title}（测试 {n}）",
            Description = $"第 {n} 条推送测试需求：{kind.Title}，请社工站协助。",
            ServiceItemCode = kind.ServiceItem,
            Groups = [kind.Group],
            Urgency = (Urgency)(n % 4),
            VillageCode = village.Value,
            BeneficiaryName = "服务对象" + n % 1000,
            ConsentMethod = ConsentMethod.VerbalRecordedByStaff,
            ConsentGiven = true,
        };
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var needService = scope.ServiceProvider.GetRequiredService<NeedService>();
        var committed = commits.Watch(db);
        long id;
        if (direct)
        {
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            var tree = await scope.ServiceProvider.GetRequiredService<RegionDirectory>().GetAsync();
            var checkedNeed = needService.Check(worker.Scope, input, now, tree, activeItems);
            if (!checkedNeed.Succeeded) throw new InvalidOperationException("refused: " + Describe(checkedNeed.Errors));
            var (details, requester, consent) = checkedNeed.Value;
            var need = Need.Post(details, requester, consent, now);
            db.Needs.Add(need);
            await db.SaveChangesAsync();
            id = need.Id;
        }
        else
        {
            var outcome = await needService.PostAsync(worker.Scope, input, CancellationToken.None);
            if (!outcome.Succeeded) throw new InvalidOperationException("refused: " + Describe(outcome.Errors));
            id = outcome.Value!.Id;
        }
        if (committed.Value == 0) throw new InvalidOperationException($"need {id} saved, but no commit was seen");
        return (id, village, committed.Value);
    }

    private static string Describe(FormErrors errors) =>
        string.Join("; ", errors.ByField(VerbatimText.Instance).SelectMany(e => e.Value.Select(m => e.Key.Length > 0 ? $"{e.Key}: {m}" : m)));

    /// worker1, worker2, … (one per station), signed in through the API as a mobile client would;
    /// each one's UserContext read from the claims of its sign-in, as the hub and the API read it.
    private static async Task<List<Worker>> WorkersAsync(IServiceProvider services, Uri site)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principals = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var regions = scope.ServiceProvider.GetRequiredService<RegionDirectory>();
        var password = scope.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value.Password;
        var tree = await regions.GetAsync();
        using var http = new HttpClient { BaseAddress = site };
        var workers = new List<Worker>();
        for (var i = 1; await users.FindByNameAsync($"worker{i}") is { } user; i++)
        {
            var response = await http.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest { UserName = user.UserName!, Password = password });
            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<AccessTokenResponse>())!.AccessToken;
            var context = UserContext.From(await principals.CreateAsync(user));
            var township = context.Region ?? throw new InvalidOperationException($"{user.UserName} has no township");
            workers.Add(new Worker(workers.Count, user.UserName!, token, township, await DataScope.ForAsync(context, regions, CancellationToken.None),
                tree.VillagesWithin(township).Select(v => v.Code).ToList()));
        }
        return workers;
    }

    /// GC heap after a full, compacting collection, and the working set, of this process.
    private static (long Heap, long WorkingSet) Memory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string OpenFilesLimit() =>
        File.Exists("/proc/self/limits")
            ? File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))?
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] ?? "?"
            : "?";

    /// Stamps the first commit of a watched DbContext with the monotonic clock, from EF Core's
    /// diagnostic events (written right after the database's commit returns, before the outbox's
    /// own interceptor wakes the dispatcher). NeedService.PostAsync's first commit is the need
    /// and its need.submitted event; matching's proposals commit later.
    private sealed class CommitClock : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly ConditionalWeakTable<DbContext, StrongBox<long>> _watched = new();
        private readonly List<IDisposable> _subscriptions = [];

        public static CommitClock Start()
        {
            var clock = new CommitClock();
            lock (clock._subscriptions) clock._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(clock));
            return clock;
        }

        public StrongBox<long> Watch(DbContext db) => _watched.GetValue(db, _ => new StrongBox<long>());

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name != DbLoggerCategory.Name) return;
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.TransactionCommitted.Name));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Value is TransactionEndEventData { Context: { } db } && _watched.TryGetValue(db, out var stamp) && stamp.Value == 0)
                stamp.Value = Stopwatch.GetTimestamp();
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
        }
    }

    /// When the dispatcher handed each need.submitted to the hub (start and end of its batch's send),
    /// and how many batches and events it handed over; reset at the start of each size.
    private sealed class SendClock
    {
        public ConcurrentDictionary<long, (long Start, long End)> Times { get; } = new();
        public long Batches;
        public long Events;

        public void Reset()
        {
            Times.Clear();
            Interlocked.Exchange(ref Batches, 0);
            Interlocked.Exchange(ref Events, 0);
        }
    }

    private sealed class TimedSink(IEventSink inner, SendClock clock) : IEventSink
    {
        public async Task PublishAsync(IReadOnlyList<OutboxEvent> events, CancellationToken ct)
        {
            var start = Stopwatch.GetTimestamp();
            await inner.PublishAsync(events, ct);
            var end = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref clock.Batches);
            Interlocked.Add(ref clock.Events, events.Count);
            foreach (var e in events)
                if (e.Type == EventTypes.NeedSubmitted) clock.Times.TryAdd(e.NeedId, (start, end));
        }
    }

    /// The client process: started by the benchmark, told what to do on standard input.
    private sealed class Clients : IDisposable
    {
        private readonly Process _process;

        private Clients(Process process) => _process = process;

        public static Clients Start(Uri hub, IEnumerable<string> tokens, int connections, string output)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(PushBenchmark).Assembly.Location);
            foreach (var a in new[] { "push-clients", "--hub", hub.ToString(), "--connections", connections.ToString(CultureInfo.InvariantCulture), "--out", output })
                start.ArgumentList.Add(a);
            // The clients stand in for phones and browsers: the workstation GC, as before the bench
            // took the site's server GC, so their footprint on the shared cores stays small.
            start.Environment["DOTNET_gcServer"] = "0";
            var process = Process.Start(start)!;
            foreach (var token in tokens) process.StandardInput.WriteLine(token);
            process.StandardInput.WriteLine();
            process.StandardInput.Flush();
            return new Clients(process);
        }

        public async Task<string[]?> ReadAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            return (await _process.StandardOutput.ReadLineAsync(cancel.Token))?.Split(' ');
        }

        public async Task<string[]?> AskAsync(string command)
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            return await ReadAsync(TimeSpan.FromMinutes(1));
        }

        public Task WaitAsync() => _process.WaitForExitAsync();

        public TimeSpan ProcessorTime
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
        }

        /// (connection, need, monotonic time) of every need.submitted received; each connection's
        /// state at the end (<see cref="NotConnected"/>, <see cref="Open"/> or <see cref="Dropped"/>).
        public static List<(int Connection, long NeedId, long At)> ReadDeliveries(string path, out byte[] state)
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            state = reader.ReadBytes(reader.ReadInt32());
            var count = reader.ReadInt32();
            var list = new List<(int, long, long)>(count);
            for (var i = 0; i < count; i++) list.Add((reader.ReadInt32(), reader.ReadInt64(), reader.ReadInt64()));
            return list;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill();
            _process.Dispose();
        }
    }

    /// push-clients --hub URL --connections N --out FILE, tokens on standard input (one a line, then
    /// an empty line). Opens N connections over the tokens round-robin, answers "ready …" (with the
    /// indices of the connections that failed to connect), then "count" (need.submitted received so
    /// far, connections dropped so far) and "stop" (writes FILE: each connection's state and every
    /// need.submitted received; exits).
    public static async Task<int> RunClientsAsync(string[] args)
    {
        var hub = new Uri(BenchArgs.Option(args, "--hub")!);
        var count = BenchArgs.Int(args, "--connections", 500, min: 1);
        var output = BenchArgs.Option(args, "--out")!;
        var tokens = new List<string>();
        while (Console.ReadLine() is { Length: > 0 } line) tokens.Add(line);

        var (heapBefore, setBefore) = Memory();
        var received = new List<(long NeedId, long At)>[count];
        // The connections stay referenced until the end; nothing else reads them.
        var connections = new HubConnection?[count];
        var state = new int[count]; // NotConnected, Open, Dropped
        long events = 0, submitted = 0;
        var failed = new ConcurrentBag<int>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var mine = received[i] = [];
            var connection = BrokeringClient.Create(hub, tokens[i % tokens.Count]);
            connection.On<EventDto>("Event", e =>
            {
                var at = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref events);
                if (e.Type != EventTypes.NeedSubmitted) return;
                lock (mine) mine.Add((e.NeedId, at));
                Interlocked.Increment(ref submitted);
            });
            connection.Closed += _ =>
            {
                Volatile.Write(ref state[i], Dropped);
                return Task.CompletedTask;
            };
            try
            {
                await connection.StartAsync(ct);
                Interlocked.CompareExchange(ref state[i], Open, NotConnected); // unless it closed already
                connections[i] = connection;
            }
            catch (Exception e)
            {
                failed.Add(i);
                if (failed.Count <= 3) Console.Error.WriteLine($"connection {i}: {e.GetType().Name}: {e.Message}");
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var (heapAfter, setAfter) = Memory();
        var failedList = failed.IsEmpty ? "-" : string.Join(',', failed.Order());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ready {count - failed.Count} {failed.Count} {seconds:0.0} {heapAfter - heapBefore} {setAfter - setBefore} {GCSettings.IsServerGC} {failedList}"));

        while (Console.ReadLine() is { } command)
        {
            if (command == "count")
            {
                Console.WriteLine($"count {Interlocked.Read(ref submitted)} {state.Count(s => s == Dropped)}");
                continue;
            }
            if (command != "stop") continue;
            var states = state.Select(s => (byte)s).ToArray();
            var snapshot = received.Select(r => { lock (r) return r.ToArray(); }).ToArray();
            await using (var writer = new BinaryWriter(File.Create(output)))
            {
                writer.Write(count);
                writer.Write(states);
                writer.Write(snapshot.Sum(r => r.Length));
                for (var c = 0; c < count; c++)
                    foreach (var (needId, at) in snapshot[c])
                    {
                        writer.Write(c);
                        writer.Write(needId);
                        writer.Write(at);
                    }
            }
            Console.WriteLine($"done {Interlocked.Read(ref events)}");
            break;
        }
        GC.KeepAlive(connections);
        // The sockets close with the process; a close handshake per connection would only slow the next size.
        return 0;
    }
}
