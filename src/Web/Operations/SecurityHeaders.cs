using System.Text.RegularExpressions;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FiveSocieties.Web.Operations;

/// Headers every response carries — pages, the API, static files, error pages — so that a browser
/// runs only the site's own scripts and styles, never frames it, never sniffs a download into a page,
/// and keeps no copy of personal data.
public static partial class SecurityHeaders
{
    /// No inline script or style anywhere (views use site.css and the js files); data: images are
    /// Bootstrap's own icons inside its CSS. SignalR's WebSocket is named explicitly beside 'self':
    /// some browsers (older Safari, some in-app browsers) do not let 'self' cover ws:/wss:.
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
                                  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'";

    private const string Permissions = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var environment = app.ApplicationServices.GetRequiredService<IHostEnvironment>();
        // The scheme HSTS looks at comes through the forwarded headers (Features/Account/ClientAddress.cs).
        if (!environment.IsDevelopment()) app.UseHsts();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = Policy + WebSocketSources(http.Request);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = Permissions;
                // Pages, API answers and downloads hold personal data: no browser or proxy copy. Static
                // files choose their own (below); an action that set a policy keeps it.
                if (!headers.ContainsKey(HeaderNames.CacheControl)) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app;
    }

    /// Static files: with asp-append-version's ?v= the URL changes with the content, so it may be kept
    /// for a year; without it the browser revalidates (ETag) so that a new release is seen at once.
    public static void StaticFileCaching(Microsoft.AspNetCore.StaticFiles.StaticFileResponseContext file) =>
        file.Context.Response.Headers.CacheControl = file.Context.Request.Query.ContainsKey("v")
            ? "public, max-age=31536000, immutable"
            : "no-cache";

    private static string WebSocketSources(HttpRequest request)
    {
        var host = request.Host.Value;
        // The Host header comes from the client: only a plain host[:port] may enter the policy.
        return host is not null && PlainHost().IsMatch(host) ? $" ws://{host} wss://{host}" : "";
    }

    [GeneratedRegex(@"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")]
    private static partial Regex PlainHost();

    /// HSTS for a year: browsers then never try plain HTTP first.
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return services;
    }
}
