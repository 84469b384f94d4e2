using FiveSocieties.Infrastructure.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Health;

public static class HealthRegistration
{
    /// The checks a load balancer's readiness probe needs besides the database: the candidate index
    /// and this node's outbox lag (thresholds from "Health", validated at start).
    public static IHealthChecksBuilder AddIndexAndOutboxChecks(this IHealthChecksBuilder checks, params string[] tags)
    {
        checks.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateOnStart();
        checks.Services.AddSingleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>();
        return checks
            .AddCheck<IndexHealthCheck>("index", tags: tags)
            .Add(new HealthCheckRegistration("outbox", sp => new OutboxLagHealthCheck(
                () => sp.GetRequiredService<OutboxDispatcher>().Position, sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<IOptions<HealthOptions>>(), sp.GetRequiredService<TimeProvider>()), failureStatus: null, tags: tags));
    }
}
