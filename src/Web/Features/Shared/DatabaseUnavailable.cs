using System.Text.Encodings.Web;
using FiveSocieties.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Shared;

/// A request that failed because the database is down, restarting or locked answers 503 with
/// Retry-After and a Chinese explanation — problem details for the API and for scripts that ask
/// for JSON, a small page for browsers — instead of the 500 page. Nothing was half-saved: every
/// change commits in one transaction, which the failure rolled back (or, when the commit's answer
/// was lost, committed whole). The page is written here, not through the layout, which reads the
/// database itself.
public sealed partial class DatabaseUnavailable(
    IProblemDetailsService problems,
    IStringLocalizer<SharedResource> l,
    HtmlEncoder html,
    ILogger<DatabaseUnavailable> logger) : IExceptionHandler
{
    /// A database restart takes seconds; clients that honour the header come back then.
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!DatabaseOutage.IsOutage(exception)) return false;
        LogUnavailable(logger, context.Request.Method, context.Request.Path, exception.GetBaseException().Message);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        string title = l["服务暂时不可用"], detail = l["数据库暂时无法访问，请稍后再试。刚才的操作可能没有完成，请稍后刷新查看结果。"];

        if (WantsJson(context.Request))
        {
            var problem = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail };
            if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem })) return true;
        }
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(Page(title, detail, l["重试"]), ct);
        return true;
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Path.StartsWithSegments("/api")
        || request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    // The site's encoder writes Chinese as it is (see AddWeb), not as &#x...; entities.
    private string Page(string title, string detail, string retry) =>
        $"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{html.Encode(title)}</title>
            <link rel="stylesheet" href="/lib/bootstrap/bootstrap.min.css" />
            </head>
            <body>
            <main class="container py-4">
            <h1 class="h3 my-3">{html.Encode(title)}</h1>
            <p>{html.Encode(detail)}</p>
            <a class="btn btn-outline-primary" href="">{html.Encode(retry)}</a>
            </main>
            </body>
            </html>
            """;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable: {Method} {Path} answered 503 ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, string reason);
}
