using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using FiveSocieties.Infrastructure;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Outbox;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web;
using FiveSocieties.Web.Features.Brokering;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Shared;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FiveSocieties.Bench;

/// Push latency of the brokering hub: the site on a real Kestrel port, N WebSocket clients signed
/// in as the station workers (round-robin, so spread over the stations) in a child process, and
/// needs posted at a steady rate, either saved directly (the outbox writes need.submitted) or
/// through NeedService as the page and the API post them (matching included: its proposals are
/// pushed too). For each need, from its commit (EF Core's TransactionCommitted) to the "Event"
/// callback of every connection of its township: p50/p95/p99/max, deliveries expected and received,
/// and the server's memory per idle connection. Both processes read the same monotonic clock.
public static class PushBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Option(args, "--connections") ?? "500,2000").Split(',').Select(s => int.Parse(s.Replace("_", ""), CultureInfo.InvariantCulture)).ToList();
        var rate = BenchArgs.Int(args, "--rate", 50);
        var direct = (Option(args, "--post") ?? "direct") switch
        {
            "service" => false,
            "direct" => true,
            var other => throw new ArgumentException($"--post {other}: service or direct"),
        };
        var seconds = BenchArgs.Int(args, "--seconds", 20);
        var provider = Option(args, "--provider") ?? "Sqlite";
        var connection = Option(args, "--connection");
        // SQLite has one writer at a time, and Microsoft.Data.Sqlite waits for a busy database with a
        // blocking Thread.Sleep(150) per try: concurrent posts would measure that, not the push.
        var posters = BenchArgs.Int(args, "--posters", provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) ? 1 : 8);
        var directory = Directory.CreateTempSubdirectory("fivesocieties-bench-").FullName;
        string[] settings =
        [
            "--Database:Provider", provider, "--Database:DataDirectory", directory, "--Demo:Enabled", "true",
            "--urls", "http://127.0.0.1:0",
            .. connection is null ? Array.Empty<string>() : ["--ConnectionStrings:FiveSocieties", connection],
        ];
        using var commits = CommitClock.Start();

        // The web assembly's name, as the site's own Program has it: MVC finds its controllers from it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings, ApplicationName = typeof(BrokeringHub).Assembly.GetName().Name });
        builder.AddInfrastructure();
        builder.AddWeb();
        var sent = new SendClock();
        builder.Services.AddSingleton<IEventSink>(sp => new TimedSink(sp.GetRequiredService<HubEventSink>(), sent));
        builder.Logging.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.StaticFiles", LogLevel.Error)      // no wwwroot here: nothing static is asked for
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);  // the key ring of a throw-away database
        await using var app = builder.Build();
        app.UseWeb();
        Console.WriteLine($"Starting the site with the demo county ({provider}) …");
        var started = Stopwatch.StartNew();
        await app.StartAsync();
        var site = new Uri(app.Urls.First());
        Console.WriteLine($"Site on {site} in {started.Elapsed.TotalSeconds:0} s; {Environment.ProcessorCount} cores; open files limit {OpenFilesLimit()}");

        var workers = await WorkersAsync(app.Services, site);
        Console.WriteLine($"Signed in {workers.Count} station workers: " + string.Join(", ", workers.Select(w => $"{w.UserName} {w.Villages.Count} villages")));

        var summary = new List<string>();
        foreach (var size in sizes)
        {
            Console.WriteLine();
            Console.WriteLine($"== {size:N0} connections, {rate} needs/s for {seconds} s, posted {(direct ? "directly through the DbContext" : "through NeedService (matching included)")}, " +
                              $"at most {posters} at a time; load average {LoadAverage()}");
            var code = await RunSizeAsync(app.Services, site, workers, commits, sent, size, rate, seconds, posters, direct, summary);
            if (code != 0) return code;
        }
        Console.WriteLine();
        Console.WriteLine($"Summary ({(direct ? "posted directly" : "posted through NeedService")}, latency from the commit to each receiving client's callback):");
        foreach (var line in summary) Console.WriteLine("   " + line);
        await app.StopAsync();
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    private sealed record Worker(int Index, string UserName, string Token, DivisionCode Township, DataScope Scope, List<DivisionCode> Villages);

    private sealed record Posted(long NeedId, int Worker, long CommittedAt, bool Measured);

    private static async Task<int> RunSizeAsync(IServiceProvider services, Uri site, List<Worker> workers, CommitClock commits, SendClock sent, int size, int rate, int seconds, int posters, bool direct, List<string> summary)
    {
        var (heapBefore, setBefore) = Memory();
        var output = Path.Combine(Path.GetTempPath(), $"fivesocieties-push-{Environment.ProcessId}-{size}.bin");
        using var clients = Clients.Start(new Uri(site, BrokeringHub.Path), workers.Select(w => w.Token), size, output);
        var ready = await clients.ReadAsync(TimeSpan.FromMinutes(2)); // ready <connected> <failed> <seconds> <heap delta> <working-set delta>
        if (ready?[0] != "ready") { Console.WriteLine($"The clients did not start: {string.Join(' ', ready ?? ["(no answer)"])}"); return 1; }
        var connected = int.Parse(ready[1], CultureInfo.InvariantCulture);
        Console.WriteLine($"   connected {connected:N0} (failed {ready[2]}) in {ready[3]} s");
        await Task.Delay(TimeSpan.FromSeconds(3)); // the hub's connect work and the pools settle
        var (heapAfter, setAfter) = Memory();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   server memory per idle connection: GC heap {(heapAfter - heapBefore) / (double)connected / 1024:0.0} KiB (after a full collection), " +
            $"working set {(setAfter - setBefore) / (double)connected / 1024:0.0} KiB (rough: the GC reuses memory it kept from before); " +
            $"server GC heap {heapAfter / 1048576.0:0} MiB, working set {setAfter / 1048576.0:0} MiB with the connections open"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   client process, for comparison: GC heap {double.Parse(ready[4], CultureInfo.InvariantCulture) / connected / 1024:0.0} KiB, working set {double.Parse(ready[5], CultureInfo.InvariantCulture) / connected / 1024:0.0} KiB per connection"));
        var serverHeapPerConnection = (heapAfter - heapBefore) / (double)connected / 1024;

        // Warm-up (2 s, not counted), then the measured window.
        var posted = new ConcurrentBag<Posted>();
        var postTimes = new ConcurrentBag<double>();
        var toCommit = new ConcurrentBag<double>();
        var failures = 0;
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
                var result = await PostAsync(services, commits, worker, n, n / workers.Count, direct);
                postTimes.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                if (result is { } r) toCommit.Add(Stopwatch.GetElapsedTime(began, r.CommittedAt).TotalMilliseconds);
                if (result is { } need) posted.Add(new Posted(need.NeedId, worker.Index, need.CommittedAt, n >= warmUp));
                else Interlocked.Increment(ref failures);
            }));
            inFlight.RemoveAll(t => t.IsCompleted);
            while (inFlight.Count >= posters) { await Task.WhenAny(inFlight); inFlight.RemoveAll(t => t.IsCompleted); }
        }
        await Task.WhenAll(inFlight);
        var window = Stopwatch.GetElapsedTime(t0 + warmUp * period).TotalSeconds;
        var elapsed = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        (serverCpu, clientCpu) = (Process.GetCurrentProcess().TotalProcessorTime - serverCpu, clients.ProcessorTime - clientCpu);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   posted {total - failures:N0} needs ({warmUp} of them warm-up), {failures} refused, {(total - warmUp) / window:0.0} needs/s achieved, most behind schedule {maxBehind:0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   CPU while posting: server {serverCpu.TotalSeconds / elapsed:0.00} cores, clients {clientCpu.TotalSeconds / elapsed:0.00} cores; load average {LoadAverage()}"));
        Console.WriteLine($"   one post ({(direct ? "save" : "NeedService.PostAsync: save + matching")}): {BenchArgs.Percentiles(postTimes.ToList())}");
        Console.WriteLine($"     of which until the need's commit: {BenchArgs.Percentiles(toCommit.ToList())}");

        // Every connection of a need's township should get its need.submitted; wait until they have.
        var byWorker = Enumerable.Range(0, size).GroupBy(c => c % workers.Count).ToDictionary(g => g.Key, g => g.Count());
        var expectedAll = posted.Sum(p => byWorker.GetValueOrDefault(p.Worker));
        var drained = Stopwatch.StartNew();
        long received = 0;
        while (drained.Elapsed < TimeSpan.FromSeconds(30))
        {
            received = long.Parse((await clients.AskAsync("count"))![1], CultureInfo.InvariantCulture);
            if (received >= expectedAll) break;
            await Task.Delay(250);
        }
        var stop = await clients.AskAsync("stop"); // done <events of any type>
        var deliveries = Clients.ReadDeliveries(output, out var open);
        File.Delete(output);

        var needs = posted.ToDictionary(p => p.NeedId);
        var latencies = new List<double>();
        var receivedOpen = 0L;
        var seen = new HashSet<(int, long)>();
        int duplicates = 0, foreign = 0;
        foreach (var (conn, needId, at) in deliveries)
        {
            if (!needs.TryGetValue(needId, out var need)) { foreign++; continue; }            // a demo need, or another connection's
            if (need.Worker != conn % workers.Count) { foreign++; continue; }                  // outside the connection's township
            if (!seen.Add((conn, needId))) { duplicates++; continue; }
            if (!need.Measured) continue;
            latencies.Add(Stopwatch.GetElapsedTime(need.CommittedAt, at).TotalMilliseconds);
            if (open[conn]) receivedOpen++;
        }
        var expected = 0L;
        var openPerWorker = Enumerable.Range(0, size).Where(c => open[c]).GroupBy(c => c % workers.Count).ToDictionary(g => g.Key, g => g.Count());
        foreach (var p in posted.Where(p => p.Measured)) expected += openPerWorker.GetValueOrDefault(p.Worker);
        Console.WriteLine($"   deliveries of need.submitted (measured needs): expected {expected:N0}, received {receivedOpen:N0}, lost {expected - receivedOpen:N0}, " +
                          $"duplicates {duplicates}, outside the audience {foreign}; connections still open {open.Count(o => o):N0}/{size:N0}; events of all types pushed to the clients {long.Parse(stop![1], CultureInfo.InvariantCulture):N0}");
        if (latencies.Count > 0) Console.WriteLine($"   latency commit → client callback: {BenchArgs.Percentiles(latencies)}");
        summary.Add(string.Create(CultureInfo.InvariantCulture,
            $"{size,6:N0} connections: {(latencies.Count > 0 ? BenchArgs.Percentiles(latencies) : "nothing received")} · lost {expected - receivedOpen:N0} of {expected:N0} · " +
            $"{(total - warmUp) / window:0.0} needs/s · server {serverHeapPerConnection:0.0} KiB GC heap per idle connection"));
        var measured = posted.Where(p => p.Measured && sent.Times.ContainsKey(p.NeedId)).ToList();
        if (measured.Count > 0)
        {
            Console.WriteLine($"     of which commit → dispatcher hands it to the hub: {BenchArgs.Percentiles(measured.Select(p => Stopwatch.GetElapsedTime(p.CommittedAt, sent.Times[p.NeedId].Start).TotalMilliseconds).ToList())}");
            Console.WriteLine($"     hub send of the dispatcher's batch holding it: {BenchArgs.Percentiles(measured.Select(p => Stopwatch.GetElapsedTime(sent.Times[p.NeedId].Start, sent.Times[p.NeedId].End).TotalMilliseconds).ToList())}; " +
                              $"batches {sent.Batches:N0}, events {sent.Events:N0}");
        }
        await clients.WaitAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // the server notices the closed sockets before the next size
        return 0;
    }

    /// One need of the worker's township, posted the way <paramref name="direct"/> says: through
    /// NeedService as the page and the API post it (its save, then matching, whose proposals are
    /// events too), or as a Need entity saved through the DbContext (the need.submitted event only).
    private static async Task<(long NeedId, long CommittedAt)?> PostAsync(IServiceProvider services, CommitClock commits, Worker worker, int n, int round, bool direct)
    {
        string[] titles = ["独居老人助餐", "留守儿童四点半课堂", "楼道安全隐患整治", "残疾人康复训练", "困难家庭助学帮扶", "高龄老人助医陪诊", "心理疏导"];
        string[] items = ["elderly.meal", "children.after-school", "governance.stairwell-safety", "disability.rehab", "children.study-aid", "elderly.escort-medical", "emotional.counselling"];
        var k = n % titles.Length;
        var input = new NeedInput
        {
            Title = $"{titles[k]}（测试 {n}）",
            Description = $"第 {n} 条推送测试需求：{titles[k]}，请社工站协助。",
            ServiceItemCode = items[k],
            Groups = [k is 1 or 4 ? BeneficiaryGroup.LeftBehindChild : BeneficiaryGroup.ElderlyLivingAlone],
            Urgency = (Urgency)(n % 4),
            VillageCode = worker.Villages[round % worker.Villages.Count].Value,
            BeneficiaryName = "服务对象" + n % 1000,
            ConsentMethod = ConsentMethod.VerbalRecordedByStaff,
            ConsentGiven = true,
        };
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var committed = commits.Watch(db);
        long id;
        if (direct)
        {
            var now = DateTimeOffset.UtcNow;
            var need = Need.Post(new NeedDetails(input.Title, input.Description, input.ServiceItemCode, input.Groups, input.Urgency,
                    DivisionCode.Parse(input.VillageCode), Quantity.People(1)),
                new Requester(RequesterKind.WorkerVisit, worker.Scope.User.Actor, input.BeneficiaryName, null),
                new ConsentRecord(ConsentWording.Version, ConsentMethod.VerbalRecordedByStaff, now), now);
            db.Needs.Add(need);
            await db.SaveChangesAsync();
            id = need.Id;
        }
        else
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<NeedService>().PostAsync(worker.Scope, input, CancellationToken.None);
            if (!outcome.Succeeded) return null;
            id = outcome.Value!.Id;
        }
        return committed.Value == 0 ? null : (id, committed.Value);
    }

    /// worker1, worker2, … (one per station), signed in through the API as a mobile client would.
    private static async Task<List<Worker>> WorkersAsync(IServiceProvider services, Uri site)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var regions = scope.ServiceProvider.GetRequiredService<RegionDirectory>();
        var villages = (await scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>().Regions
            .Where(r => r.Level == RegionLevel.Village).Select(r => r.Code).ToListAsync()).OrderBy(c => c.Value).ToList();
        using var http = new HttpClient { BaseAddress = site };
        var workers = new List<Worker>();
        for (var i = 1; await users.FindByNameAsync($"worker{i}") is { } user; i++)
        {
            var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = user.UserName, password = "Demo@12345" });
            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
            var township = DivisionCode.Parse(user.RegionCode!);
            var context = new UserContext(user.Id, user.DisplayName, AppRoles.StationWorker, township, user.StationId, null, null);
            workers.Add(new Worker(workers.Count, user.UserName!, token, township, await DataScope.ForAsync(context, regions, CancellationToken.None),
                villages.Where(v => v.IsWithin(township)).ToList()));
        }
        return workers;
    }

    private sealed record TokenResponse(string AccessToken);

    /// GC heap after a full collection, and the working set, of this process.
    private static (long Heap, long WorkingSet) Memory()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        heap = Math.Min(heap, GC.GetTotalMemory(forceFullCollection: true));
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

    /// When the dispatcher handed each need.submitted to the hub (start and end of its batch's send).
    private sealed class SendClock
    {
        public ConcurrentDictionary<long, (long Start, long End)> Times { get; } = new();
        public long Batches;
        public long Events;
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

        /// (connection, need, monotonic time) of every need.submitted received; which connections were open at the end.
        public static List<(int Connection, long NeedId, long At)> ReadDeliveries(string path, out bool[] open)
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            open = new bool[reader.ReadInt32()];
            for (var i = 0; i < open.Length; i++) open[i] = reader.ReadBoolean();
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
    /// an empty line). Opens N connections over the tokens round-robin, answers "ready …", then
    /// "count" (need.submitted received so far) and "stop" (writes FILE and exits).
    public static async Task<int> RunClientsAsync(string[] args)
    {
        var hub = new Uri(Option(args, "--hub")!);
        var count = BenchArgs.Int(args, "--connections", 500);
        var output = Option(args, "--out")!;
        var tokens = new List<string>();
        while (Console.ReadLine() is { Length: > 0 } line) tokens.Add(line);

        var (heapBefore, setBefore) = Memory();
        var received = new List<(long NeedId, long At)>[count];
        var connections = new HubConnection?[count];
        var open = new bool[count];
        long events = 0, submitted = 0;
        var failed = 0;
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
                open[i] = false;
                return Task.CompletedTask;
            };
            try
            {
                await connection.StartAsync(ct);
                open[i] = true;
                connections[i] = connection;
            }
            catch (Exception e)
            {
                if (Interlocked.Increment(ref failed) <= 3) Console.Error.WriteLine($"connection {i}: {e.GetType().Name}: {e.Message}");
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var (heapAfter, setAfter) = Memory();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {count - failed} {failed} {seconds:0.0} {heapAfter - heapBefore} {setAfter - setBefore}"));

        while (Console.ReadLine() is { } command)
        {
            if (command == "count")
            {
                Console.WriteLine($"count {Interlocked.Read(ref submitted)}");
                continue;
            }
            if (command != "stop") continue;
            var snapshot = received.Select(r => { lock (r) return r.ToArray(); }).ToArray();
            await using (var writer = new BinaryWriter(File.Create(output)))
            {
                writer.Write(count);
                foreach (var o in open) writer.Write(o);
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
        // The sockets close with the process; a close handshake per connection would only slow the next size.
        return 0;
    }

    private static string? Option(string[] args, string name) => BenchArgs.Option(args, name);
}
