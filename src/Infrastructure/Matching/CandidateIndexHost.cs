using System.Diagnostics;
using FiveSocieties.Matching.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FiveSocieties.Infrastructure.Matching;

/// Owns the candidate index of this node. The index is derived data: it is built from the
/// database at start (after the database is prepared) or on first use, rebuilt on demand, and
/// kept current by <see cref="MatchingService"/> as needs, resources and matches change.
public sealed partial class CandidateIndexHost(ICandidateIndex index, IServiceScopeFactory scopes, ILogger<CandidateIndexHost> logger)
    : IHostedService
{
    private readonly SemaphoreSlim _building = new(1, 1);
    private volatile bool _ready;

    public ICandidateIndex Index => index;

    Task IHostedService.StartAsync(CancellationToken ct) => ReadyAsync(ct);
    Task IHostedService.StopAsync(CancellationToken ct) => Task.CompletedTask;

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Candidate index built: {Providers} providers, {Needs} open needs in {Milliseconds} ms")]
    private static partial void Built(ILogger logger, int providers, int needs, long milliseconds);
}
