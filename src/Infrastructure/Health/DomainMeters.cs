using System.Diagnostics.Metrics;
using FiveSocieties.Infrastructure.Outbox;
using FiveSocieties.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FiveSocieties.Infrastructure.Health;

/// A few facts of the service itself as metrics (meter "FiveSocieties"): needs and matches by status,
/// needs waiting for the candidate index, and this node's outbox lag. Read from the database only
/// when a metrics reader collects (once a minute with an OTLP exporter), never per request.
public sealed class DomainMeters
{
    public const string MeterName = "FiveSocieties";

    public DomainMeters(IMeterFactory meters, IServiceScopeFactory scopes, OutboxDispatcher dispatcher, TimeProvider clock)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("fivesocieties.needs", () => Read(scopes, db =>
                db.Needs.GroupBy(n => n.Status).Select(g => new { g.Key, Count = g.Count() }).AsEnumerable()
                    .Select(g => new Measurement<int>(g.Count, new KeyValuePair<string, object?>("status", g.Key.ToString()))).ToList()),
            unit: "{need}", description: "Needs by status.");
        meter.CreateObservableGauge("fivesocieties.matches", () => Read(scopes, db =>
                db.Matches.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).AsEnumerable()
                    .Select(g => new Measurement<int>(g.Count, new KeyValuePair<string, object?>("status", g.Key.ToString()))).ToList()),
            unit: "{match}", description: "Matches (proposals, offers, services) by status.");
        meter.CreateObservableGauge("fivesocieties.matching.delayed", () => Read<int>(scopes, db => [new Measurement<int>(db.DelayedMatchings.Count())]),
            unit: "{need}", description: "Needs waiting for the candidate index (匹配延迟).");
        meter.CreateObservableGauge("fivesocieties.outbox.lag", () => Read<double>(scopes, db =>
                dispatcher.Position < 0 || OutboxLagHealthCheck.Waiting(db, dispatcher.Position).FirstOrDefault() is not { } waiting
                    ? [new Measurement<double>(0)]
                    : [new Measurement<double>(Math.Max(0, (clock.GetUtcNow() - waiting.At).TotalSeconds))]),
            unit: "s", description: "Age of the oldest committed event this node has not relayed to its clients yet.");
    }

    private static IEnumerable<Measurement<T>> Read<T>(IServiceScopeFactory scopes, Func<FiveSocietiesDbContext, List<Measurement<T>>> read) where T : struct
    {
        using var scope = scopes.CreateScope();
        try
        {
            return read(scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>());
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            return []; // the database is down: the health checks say so; the metric has no point this time
        }
    }
}
