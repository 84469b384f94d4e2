using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Brokering;

/// Expires offers left unanswered past their deadline and offers the next candidate. Every node
/// runs it; two nodes expiring the same offer conflict on its version and only one succeeds.
public sealed partial class OfferExpiry(IServiceScopeFactory scopes, IOptions<BrokeringOptions> options, ILogger<OfferExpiry> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<BrokeringService>().ExpireDueAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ExpiryFailed(logger, e);
            }
            try { await Task.Delay(options.Value.ExpiryCheckEvery, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiring unanswered offers failed; trying again at the next check")]
    private static partial void ExpiryFailed(ILogger logger, Exception e);
}
