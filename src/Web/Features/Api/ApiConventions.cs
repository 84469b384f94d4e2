using System.Text.Json;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Api;

/// API endpoints accept the bearer token of /api/v1/auth/login (mobile and WeChat clients) as
/// well as the site's cookie (pages calling the API).
public sealed class ApiAuthorizeAttribute : AuthorizeAttribute
{
    public ApiAuthorizeAttribute() => AuthenticationSchemes = $"{IdentityConstants.BearerScheme},{IdentityConstants.ApplicationScheme}";
}

/// Requests authenticated by a bearer token cannot be forged by another site (browsers never add
/// the header themselves); requests riding on the site's cookie must carry the antiforgery token —
/// also when they carry a bearer header that does not authenticate (a forged page can add any
/// header to a request it sends with the victim's cookie, through fetch with credentials).
public sealed class CookieAntiforgeryFilter(Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) : Microsoft.AspNetCore.Mvc.Filters.IAsyncAuthorizationFilter
{
    public async Task OnAuthorizationAsync(Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return;
        if (request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && (await context.HttpContext.AuthenticateAsync(IdentityConstants.BearerScheme)).Succeeded) return;
        if (context.ActionDescriptor.EndpointMetadata.OfType<AllowAnonymousAttribute>().Any()) return;
        if (await antiforgery.IsRequestValidAsync(context.HttpContext)) return;
        var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        context.Result = new ObjectResult(new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = l["请求有误"],
            Detail = l["使用网页登录状态调用接口时，须在 RequestVerificationToken 请求头中附带防伪令牌；移动端请使用 Bearer 令牌。"],
        }) { StatusCode = StatusCodes.Status400BadRequest };
    }
}

/// Data as application/json; refusals keep application/problem+json (a plain [Produces] would
/// overwrite the content type of problem details too).
public sealed class ProducesJsonAttribute() : ProducesAttribute("application/json")
{
    public override void OnResultExecuting(Microsoft.AspNetCore.Mvc.Filters.ResultExecutingContext context)
    {
        if (context.Result is ObjectResult { Value: ProblemDetails }) return;
        base.OnResultExecuting(context);
    }
}

/// The base of the JSON API: RFC 7807 problem details with Chinese messages for every refusal.
[ApiController]
[ApiAuthorize]
[IgnoreAntiforgeryToken]
[TypeFilter(typeof(CookieAntiforgeryFilter))]
[ProducesJson]
public abstract class ApiController : ControllerBase
{
    protected IStringLocalizer Localizer => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

    /// 400 with field-level messages (camelCase field names, as the JSON has them), or 404.
    protected ActionResult Refused<T>(Outcome<T> outcome)
    {
        if (outcome.IsNotFound) return NotFoundProblem();
        var errors = outcome.Errors.ByField(Localizer).ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);
        return ValidationProblem(new ValidationProblemDetails(errors)
        {
            Title = Localizer["提交的内容有误"],
            Detail = string.Join(" ", errors.Values.SelectMany(v => v)),
            Status = StatusCodes.Status400BadRequest,
        });
    }

    /// Records outside the caller's scope answer exactly as records that do not exist.
    protected ActionResult NotFoundProblem() =>
        Problem(title: Localizer["未找到"], detail: Localizer["没有找到该记录，或您没有查看它的权限。"], statusCode: StatusCodes.Status404NotFound);
}

public static class ApiProblems
{
    /// Chinese titles on the problem details the framework writes itself (401, 403, 404, 415 …).
    public static void Localise(ProblemDetailsContext context)
    {
        // A title the API chose itself ("登录失败", "账号已锁定" …) stays; this also runs for those.
        if (!IsFrameworkTitle(context.ProblemDetails)) return;
        var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        context.ProblemDetails.Title = context.ProblemDetails.Status switch
        {
            StatusCodes.Status400BadRequest when context.ProblemDetails is ValidationProblemDetails => l["提交的内容有误"],
            StatusCodes.Status400BadRequest => l["请求有误"],
            StatusCodes.Status401Unauthorized => l["请先登录"],
            StatusCodes.Status403Forbidden => l["无权执行此操作"],
            StatusCodes.Status404NotFound => l["未找到"],
            StatusCodes.Status405MethodNotAllowed => l["不支持该请求方法"],
            StatusCodes.Status409Conflict => l["数据已被他人修改"],
            StatusCodes.Status413PayloadTooLarge => l["文件过大"],
            StatusCodes.Status415UnsupportedMediaType => l["不支持的内容类型"],
            StatusCodes.Status429TooManyRequests => l["操作太频繁"],
            StatusCodes.Status503ServiceUnavailable => l["服务暂时不可用"],
            >= 500 => l["服务器出错"],
            _ => context.ProblemDetails.Title,
        };
        if (context.ProblemDetails.Status >= 500 && string.IsNullOrEmpty(context.ProblemDetails.Detail))
            context.ProblemDetails.Detail = l["请稍后再试；如果一再出现，请联系管理员。"];
    }

    /// Titles the framework writes itself (RFC 9110 reason phrases and its defaults); titles the
    /// API chose (登录失败, 账号已锁定 …) are kept, in whatever language they were localised to.
    private static bool IsFrameworkTitle(ProblemDetails problem) =>
        problem.Title is null || problem.Status is >= 500
        || problem.Title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(problem.Status ?? 0)
        || FrameworkTitles.Contains(problem.Title);

    private static readonly HashSet<string> FrameworkTitles =
    [
        "One or more validation errors occurred.", "An error occurred while processing your request.", "Bad Request",
        "Unauthorized", "Forbidden", "Not Found", "Method Not Allowed", "Not Acceptable", "Conflict", "Gone",
        "Payload Too Large", "Content Too Large", "Request Entity Too Large", "Unsupported Media Type", "Unprocessable Entity",
        "Unprocessable Content", "Too Many Requests",
    ];
}
