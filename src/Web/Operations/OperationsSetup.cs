namespace FiveSocieties.Web.Operations;

/// Running the site in production: error pages, security headers, logs, metrics and traces.
public static class OperationsSetup
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddErrorPages()
            .AddSecurityHeaders()
            .AddLogs(builder.Configuration)
            .AddTelemetry(builder.Configuration)
            .Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
            {
                o.Filters.Add(new Features.Home.UnreadableFormFilter());
                o.Filters.Add(new Features.Home.ExpiredFormFilter());
            });
        return builder;
    }

    /// Before everything else: headers reach every response, the request log sees the final status
    /// (Prometheus's scrapes on their own port are not logged).
    public static IApplicationBuilder UseOperations(this IApplicationBuilder app) =>
        app.UseSecurityHeaders().UseMetricsPort().UseRequestLogs().UseErrorPages();
}
