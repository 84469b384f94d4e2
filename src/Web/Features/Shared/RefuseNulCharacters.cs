using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Shared;

/// A NUL character (U+0000) in the query string, a form field or a route value is refused with 400
/// before any action runs. No one types it; PostgreSQL cannot even hold it in a text parameter
/// (error 22021), so a query built from such a value would fail with a 500. The input rules refuse
/// it in bound values too, but a list page may still read a filter it could not validate.
public sealed class RefuseNulCharacters : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        // The status page that explains this refusal is rendered for the same request: let it through.
        var explaining = context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null;
        var found = !explaining && (request.Query.Any(q => HasNul(q.Key) || q.Value.Any(HasNul))
                    || context.RouteData.Values.Values.Any(v => v is string s && HasNul(s))
                    || request.HasFormContentType && await FormHasNulAsync(request));
        if (!found)
        {
            await next();
            return;
        }
        if (context.Controller is ControllerBase and not Controller)
        {
            var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            context.Result = new ObjectResult(new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = l["请求有误"],
                Detail = l["请求中含有无法识别的字符（U+0000），请删除后重试。"],
            }) { StatusCode = StatusCodes.Status400BadRequest, ContentTypes = { "application/problem+json" } };
        }
        else context.Result = new BadRequestResult(); // the Chinese status page
    }

    private static bool HasNul(string? value) => value?.Contains('\0') == true;

    private static async Task<bool> FormHasNulAsync(HttpRequest request)
    {
        try
        {
            return (await request.ReadFormAsync()).Any(f => HasNul(f.Key) || f.Value.Any(HasNul));
        }
        catch (InvalidDataException)
        {
            return true; // the framework's form reader refuses some characters itself ("invalid characters")
        }
    }
}
