using Microsoft.Extensions.Hosting;

namespace FiveSocieties.Infrastructure.Startup;

/// A background pass run every <see cref="Every"/> on each node, from start to shutdown: a pass
/// that fails is reported and the next one runs as planned.
public abstract class PeriodicWorker : BackgroundService
{
    protected abstract TimeSpan Every { get; }

    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected abstract void Failed(Exception e);

    protected sealed override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Failed(e);
            }
            try { await Task.Delay(Every, ct); }
            catch (OperationCanceledException) { return; }
        }
    }
}
