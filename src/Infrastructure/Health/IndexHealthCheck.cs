using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Matching.Elasticsearch;
using FiveSocieties.Infrastructure.Matching.Feed;
using FiveSocieties.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Health;

/// The candidate index of this node. Embedded: Unhealthy until built (this node cannot match).
/// Shared (Elasticsearch): Degraded while the cluster cannot be reached or the feed lags — needs
/// then wait as "matching delayed" and the site works on, so a load balancer keeps the node.
public sealed class IndexHealthCheck(CandidateIndexHost host, IndexHealth health, IServiceScopeFactory scopes,
    IOptions<HealthOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (host.Index is not ElasticsearchCandidateIndex shared)
            return host.IsReady ? HealthCheckResult.Healthy("内置索引已建立。") : HealthCheckResult.Unhealthy("内置索引尚未建立。");
        if (health.Failing is { } failing)
            return HealthCheckResult.Degraded($"无法连接 Elasticsearch（自 {failing.Since:yyyy-MM-dd HH:mm:ss} UTC）：{failing.Error}");

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var cursor = await db.IndexCursors.AsNoTracking().SingleOrDefaultAsync(c => c.Name == shared.CursorName, ct);
        if (cursor is null) return HealthCheckResult.Degraded("Elasticsearch 索引尚未建立。");
        var oldest = await db.IndexChanges.Where(c => c.Seq > cursor.Position).OrderBy(c => c.Seq)
            .Select(c => (DateTimeOffset?)c.At).FirstOrDefaultAsync(ct);
        var lag = oldest is { } at ? clock.GetUtcNow() - at : TimeSpan.Zero;
        var data = new Dictionary<string, object> { ["appliedUpTo"] = cursor.Position, ["lagSeconds"] = Math.Round(lag.TotalSeconds, 1) };
        var text = $"索引变更已应用到 #{cursor.Position}，最早一条未应用的已等待 {lag.TotalSeconds:0} 秒。";
        return lag > options.Value.IndexFeedDegradedAfter ? HealthCheckResult.Degraded(text, data: data) : HealthCheckResult.Healthy(text, data);
    }
}
