using System.Diagnostics;
using FiveSocieties.Infrastructure.Matching.Elasticsearch;
using FiveSocieties.Infrastructure.Matching.Feed;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Matching;

/// What a rebuild has done so far, for the command and the admin page.
public sealed record RebuildProgress(int Written, int Total);

/// Owns the candidate index of this node. The index is derived data, built from the database.
/// Embedded: built at start (after the database is prepared) or on first use, kept current by
/// <see cref="MatchingService"/> as this node changes needs and resources, and rebuilt every
/// <see cref="MatchingOptions.RefreshEvery"/> so that what other nodes and command-line imports
/// changed reaches it too. Shared (Elasticsearch): built once for the whole deployment — at the
/// first start, after a schema change, every <see cref="ElasticsearchOptions.RebuildEvery"/>, or
/// on demand — and kept current by <see cref="IndexFeedRelay"/>; a node starts whether or not the
/// cluster answers, and builds it when it does.
public sealed partial class CandidateIndexHost(ICandidateIndex index, IServiceScopeFactory scopes, IOptions<MatchingOptions> options,
    IndexHealth health, TimeProvider clock, ILogger<CandidateIndexHost> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan SharedCheckEvery = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _building = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _refreshing = Task.CompletedTask;
    private volatile bool _ready;

    public ICandidateIndex Index => index;

    /// One index for every node, kept current through the index feed (nodes never write it directly).
    public bool IsShared => index is ElasticsearchCandidateIndex;

    /// Built at least once on this node (embedded; a shared index is built in the background).
    public bool IsReady => _ready;

    /// The rebuild running now, if any.
    public RebuildProgress? Rebuilding { get; private set; }

    /// When this node last finished building the index from the database (at start, every
    /// Matching:RefreshEvery, after an import or on demand); null before the first.
    public DateTimeOffset? BuiltAt { get; private set; }

    async Task IHostedService.StartAsync(CancellationToken ct)
    {
        if (IsShared)
        {
            _refreshing = KeepSharedAsync(_stopping.Token);
            return;
        }
        await ReadyAsync(ct);
        if (options.Value.RefreshEvery > TimeSpan.Zero) _refreshing = RefreshAsync(options.Value.RefreshEvery, _stopping.Token);
    }

    async Task IHostedService.StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        await _refreshing.WaitAsync(ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// Ends the background loops if the host was not stopped first. Nothing is disposed: the web
    /// host may still call <see cref="IHostedService.StopAsync"/> after the container disposed this
    /// singleton (seen under the test host), and neither the semaphore nor the token source holds
    /// anything that needs disposing.
    public void Dispose() => _stopping.Cancel();

    private async Task RefreshAsync(TimeSpan every, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(every, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await RebuildAsync(null, ct); }
                catch (Exception e) when (e is not OperationCanceledException) { RefreshFailed(logger, e); }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// Shared index: build it when it is missing, of an older schema, or due for its periodic
    /// rebuild; when the cluster does not answer, try again at the next check.
    private async Task KeepSharedAsync(CancellationToken ct)
    {
        var shared = (ElasticsearchCandidateIndex)index;
        var every = shared.RebuildEvery;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var cursor = await CursorAsync(shared, ct);
                    var due = cursor?.RebuiltAt is not { } at || (every > TimeSpan.Zero && clock.GetUtcNow() - at >= every);
                    if (due || !await shared.ExistsAsync(ct)) await RebuildAsync(null, ct);
                    else health.Succeeded();
                    _ready = true;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (e is ElasticsearchException { IsUnavailable: true }) health.Failed(e.Message);
                    RefreshFailed(logger, e);
                }
                await Task.Delay(SharedCheckEvery, clock, ct);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task<IndexCursor?> CursorAsync(ElasticsearchCandidateIndex shared, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        return await db.IndexCursors.AsNoTracking().SingleOrDefaultAsync(c => c.Name == shared.CursorName, ct);
    }

    /// The index, built if it was not yet (embedded). A shared index is built in the background;
    /// until then, and while its cluster is down, its searches fail and needs wait as "matching delayed".
    public async Task<ICandidateIndex> ReadyAsync(CancellationToken ct)
    {
        if (_ready || IsShared) return index;
        await _building.WaitAsync(ct);
        try
        {
            if (!_ready) await BuildAsync(null, ct);
            return index;
        }
        finally
        {
            _building.Release();
        }
    }

    public Task RebuildAsync(CancellationToken ct) => RebuildAsync(null, ct);

    /// A change this node made, written to its own index at once. A shared index is written by the
    /// index feed only (nodes never write it directly, so its external versions stay in order).
    public async ValueTask WriteLocalAsync(Func<ICandidateIndex, ValueTask> write)
    {
        if (!IsShared) await write(index);
    }

    /// After an import wrote many providers or needs: the embedded index is rebuilt; a shared one
    /// learns of them through the feed like of any other change.
    public Task AfterImportAsync(CancellationToken ct) => IsShared ? Task.CompletedTask : RebuildAsync(null, ct);

    /// Rebuilds from the database; one rebuild at a time on this node. A shared index is built
    /// anew beside the old one and switched to atomically: searches go on meanwhile.
    public async Task RebuildAsync(IProgress<RebuildProgress>? progress, CancellationToken ct)
    {
        await _building.WaitAsync(ct);
        try { await BuildAsync(progress, ct); }
        finally { _building.Release(); }
    }

    private async Task BuildAsync(IProgress<RebuildProgress>? progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        // Shared: the last change the snapshot includes, read before the profiles, so every later change is replayed on top.
        var upTo = IsShared ? await db.IndexChanges.MaxAsync(c => (long?)c.Seq, ct) ?? 0 : 0;
        var source = scope.ServiceProvider.GetRequiredService<ProfileSource>();
        var providers = await source.ProvidersAsync(ct);
        var needs = await source.OpenNeedsAsync(ct);
        var total = providers.Count + needs.Count;
        Rebuilding = new RebuildProgress(0, total);
        progress?.Report(Rebuilding);
        try
        {
            if (index is ElasticsearchCandidateIndex shared)
            {
                await shared.RebuildAsync(providers, needs, upTo, new Progress(this, total, progress), ct);
                await MoveCursorAsync(db, shared.CursorName, upTo, ct);
                // The cursors of older schemas: their indices are gone, and they would hold back the feed's clean-up.
                await db.IndexCursors.Where(c => c.Name != shared.CursorName && c.Name.StartsWith(shared.CursorFamily)).ExecuteDeleteAsync(ct);
                health.Succeeded();
            }
            else
                await index.ReplaceAllAsync(providers, needs, ct);
        }
        finally
        {
            Rebuilding = null;
        }
        progress?.Report(new RebuildProgress(total, total));
        BuiltAt = clock.GetUtcNow();
        _ready = true;
        Built(logger, providers.Count, needs.Count, watch.ElapsedMilliseconds);
    }

    /// The feed is replayed from the snapshot's last change on (a relay that went further wrote
    /// to the old index, or repeats what the new one has: either way harmless).
    private async Task MoveCursorAsync(FiveSocietiesDbContext db, string name, long upTo, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var cursor = await db.IndexCursors.SingleOrDefaultAsync(c => c.Name == name, ct);
            if (cursor is null) db.IndexCursors.Add(cursor = new IndexCursor(name, upTo, clock.GetUtcNow()));
            cursor.Rebuilt(upTo, clock.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // The relay moved it meanwhile, or another node created it: read it again.
            }
        }
    }

    private sealed class Progress(CandidateIndexHost host, int total, IProgress<RebuildProgress>? outer) : IProgress<int>
    {
        public void Report(int written)
        {
            host.Rebuilding = new RebuildProgress(written, total);
            outer?.Report(host.Rebuilding);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the candidate index failed; the index keeps serving and is tried again at the next refresh")]
    private static partial void RefreshFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Candidate index built: {Providers} providers, {Needs} open needs in {Milliseconds} ms")]
    private static partial void Built(ILogger logger, int providers, int needs, long milliseconds);
}
