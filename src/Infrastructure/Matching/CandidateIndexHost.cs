using System.Diagnostics;
using FiveSocieties.Matching.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Matching;

/// Owns the candidate index of this node. The index is derived data: it is built from the
/// database at start (after the database is prepared) or on first use, rebuilt on demand, kept
/// current by <see cref="MatchingService"/> as this node changes needs and resources, and rebuilt
/// every <see cref="MatchingOptions.RefreshEvery"/> so that what other nodes and command-line
/// imports changed reaches it too.
public sealed partial class CandidateIndexHost(ICandidateIndex index, IServiceScopeFactory scopes, IOptions<MatchingOptions> options,
    ILogger<CandidateIndexHost> logger) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _building = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _refreshing = Task.CompletedTask;
    private volatile bool _ready;

    public ICandidateIndex Index => index;

    async Task IHostedService.StartAsync(CancellationToken ct)
    {
        await ReadyAsync(ct);
        if (options.Value.RefreshEvery > TimeSpan.Zero) _refreshing = RefreshAsync(options.Value.RefreshEvery, _stopping.Token);
    }

    async Task IHostedService.StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        await _refreshing.WaitAsync(ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _building.Dispose();
    }

    private async Task RefreshAsync(TimeSpan every, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await RebuildAsync(ct); }
                catch (Exception e) when (e is not OperationCanceledException) { RefreshFailed(logger, e); }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// The index, built if it was not yet.
    public async Task<ICandidateIndex> ReadyAsync(CancellationToken ct)
    {
        if (_ready) return index;
        await _building.WaitAsync(ct);
        try
        {
            if (!_ready) await BuildAsync(ct);
            return index;
        }
        finally
        {
            _building.Release();
        }
    }

    public async Task RebuildAsync(CancellationToken ct)
    {
        await _building.WaitAsync(ct);
        try { await BuildAsync(ct); }
        finally { _building.Release(); }
    }

    private async Task BuildAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        var source = scope.ServiceProvider.GetRequiredService<ProfileSource>();
        var providers = await source.ProvidersAsync(ct);
        var needs = await source.OpenNeedsAsync(ct);
        await index.ReplaceAllAsync(providers, needs, ct);
        _ready = true;
        Built(logger, providers.Count, needs.Count, clock.ElapsedMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the candidate index failed; the index keeps serving and is tried again at the next refresh")]
    private static partial void RefreshFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Candidate index built: {Providers} providers, {Needs} open needs in {Milliseconds} ms")]
    private static partial void Built(ILogger logger, int providers, int needs, long milliseconds);
}
