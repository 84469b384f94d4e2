using FiveSocieties.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Health;

/// Whether this node relays committed events to its clients in time: the age of the oldest event
/// after <paramref name="relayedUpTo"/> (the dispatcher's position; negative before its first look,
/// when nothing is owed yet).
public sealed class OutboxLagHealthCheck(Func<long> relayedUpTo, IServiceScopeFactory scopes, IOptions<HealthOptions> options, TimeProvider clock)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var position = relayedUpTo();
        if (position < 0) return HealthCheckResult.Healthy("事件分发正在启动。");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var waiting = await Waiting(db, position).FirstOrDefaultAsync(ct);
        if (waiting is null) return HealthCheckResult.Healthy("事件已全部分发。", Data(position, TimeSpan.Zero));
        var lag = clock.GetUtcNow() - waiting.At;
        var data = Data(position, lag);
        var o = options.Value;
        var text = $"最早一条未分发的事件（#{waiting.Seq}）已等待 {lag.TotalSeconds:0} 秒。";
        if (lag > o.OutboxUnhealthyAfter) return HealthCheckResult.Unhealthy(text, data: data);
        if (lag > o.OutboxDegradedAfter) return HealthCheckResult.Degraded(text, data: data);
        return HealthCheckResult.Healthy(text, data);
    }

    /// The events after <paramref name="position"/>, oldest first.
    public static IQueryable<WaitingEvent> Waiting(FiveSocietiesDbContext db, long position) =>
        db.Events.Where(e => e.Seq > position).OrderBy(e => e.Seq).Select(e => new WaitingEvent(e.Seq, e.At));

    public sealed record WaitingEvent(long Seq, DateTimeOffset At);

    private static Dictionary<string, object> Data(long position, TimeSpan lag) =>
        new() { ["relayedUpTo"] = position, ["lagSeconds"] = Math.Round(lag.TotalSeconds, 1) };
}
