using System.Text.Json;
using FiveSocieties.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FiveSocieties.Web.Operations;

/// Health endpoints for load balancers and operators:
/// /healthz/live — the process answers (no checks: a database outage is no reason to restart it);
/// /healthz/ready and /healthz — database, candidate index and outbox lag (Unhealthy: 503, take the
/// node out; Degraded: 200, it still serves). Anonymous callers get the status word only; a signed-in
/// system or county administrator gets each check as JSON (descriptions name internals).
public static class Health
{
    public const string Ready = "ready";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        var ready = new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync };
        endpoints.MapHealthChecks("/healthz", ready).AllowAnonymous();
        endpoints.MapHealthChecks("/healthz/ready", ready).AllowAnonymous();
        endpoints.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        return endpoints;
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (!await IsOperatorAsync(context))
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(report.Status.ToString());
            return;
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            totalMilliseconds = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                milliseconds = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data,
            }),
        }, Json, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    /// The site's cookie or the API's bearer token of a system or county administrator.
    private static async Task<bool> IsOperatorAsync(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
            user = (await context.AuthenticateAsync(IdentityConstants.BearerScheme)).Principal ?? user;
        return user.IsInRole(AppRoles.SystemAdmin) || user.IsInRole(AppRoles.CountyAdmin);
    }
}
