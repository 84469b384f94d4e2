using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FiveSocieties.Web.Operations;

/// The "Telemetry" configuration section.
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// An OpenTelemetry collector (OTLP over gRPC, e.g. http://127.0.0.1:4317) that receives metrics
    /// and traces. None by default: the machines are offline, and nothing is sent anywhere.
    public Uri? OtlpEndpoint { get; set; }

    /// A port of its own on which a Prometheus server may read /metrics (add it to the listening URLs,
    /// on an internal address; nginx never forwards it). None by default; nothing else answers there.
    public int? PrometheusPort { get; set; }
}

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions o)
    {
        var problems = new List<string>();
        if (o.OtlpEndpoint is { } uri && (!uri.IsAbsoluteUri || uri.Scheme is not ("http" or "https")))
            problems.Add($"Telemetry:OtlpEndpoint 的值“{uri}”无效，应为 http:// 或 https:// 开头的完整地址。");
        if (o.PrometheusPort is < 1 or > 65535) problems.Add("Telemetry:PrometheusPort 应在 1 到 65535 之间。");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// Request metrics (http.server.request.duration …), HttpClient metrics (the Elasticsearch calls),
/// .NET runtime metrics and the service's own (<see cref="Infrastructure.Health.DomainMeters"/>) through OpenTelemetry; traces of requests, HttpClient calls and EF Core
/// commands when a collector is configured (without one nobody would read them).
public static class Telemetry
{
    public const string ServiceName = "FiveSocieties.Web";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddSingleton<Infrastructure.Health.DomainMeters>();
        // Read once here to decide what to register; the bound options are checked at start.
        var collector = Uri.TryCreate(configuration[$"{TelemetryOptions.Section}:OtlpEndpoint"], UriKind.Absolute, out var endpoint) ? endpoint : null;
        var prometheus = configuration[$"{TelemetryOptions.Section}:PrometheusPort"] is { Length: > 0 };
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter(Infrastructure.Health.DomainMeters.MeterName)
                    .AddInstrumentation(sp => sp.GetRequiredService<Infrastructure.Health.DomainMeters>()); // creates its instruments
                if (collector is not null) metrics.AddOtlpExporter(o => o.Endpoint = collector);
                if (prometheus) metrics.AddPrometheusExporter();
            });
        if (collector is not null)
            telemetry.WithTracing(tracing => tracing
                // Health probes every few seconds would drown the requests people make.
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter(o => o.Endpoint = collector));
        return services;
    }

    /// /metrics for Prometheus on <see cref="TelemetryOptions.PrometheusPort"/> only, and nothing of
    /// the site there (no pages, no personal data on a port that may skip the proxy).
    public static IApplicationBuilder UseMetricsPort(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<TelemetryOptions>>().Value.PrometheusPort is not { } port) return app;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Connection.LocalPort == port && c.Request.Path == "/metrics");
        app.MapWhen(c => c.Connection.LocalPort == port, other => other.Run(c =>
        {
            c.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }));
        return app;
    }
}
