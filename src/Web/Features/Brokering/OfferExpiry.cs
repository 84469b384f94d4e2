using FiveSocieties.Infrastructure.Startup;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Brokering;

/// Expires offers left unanswered past their deadline and offers the next candidate. Every node
/// runs it; two nodes expiring the same offer conflict on its version and only one succeeds.
public sealed partial class OfferExpiry(IServiceScopeFactory scopes, IOptions<BrokeringOptions> options, ILogger<OfferExpiry> logger) : PeriodicWorker
{
    protected override TimeSpan Every => options.Value.ExpiryCheckEvery;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BrokeringService>().ExpireDueAsync(ct);
    }

    protected override void Failed(Exception e) => ExpiryFailed(logger, e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiring unanswered offers failed; trying again at the next check")]
    private static partial void ExpiryFailed(ILogger logger, Exception e);
}
