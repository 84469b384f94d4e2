using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace FiveSocieties.Web.Features.Home;

/// Reads a page post's form before the antiforgery check does: a form the server will not read
/// (over Kestrel's body limit, or a field or field count over the form limits) then answers 413 with
/// the status page's "提交的内容过大", where the antiforgery check would call it an expired page.
public sealed class UnreadableFormFilter : IAsyncAuthorizationFilter, IOrderedFilter
{
    public int Order => 999; // AutoValidateAntiforgeryToken runs at 1000

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (context.Result is not null || !request.HasFormContentType || Operations.ErrorPages.IsApi(context.HttpContext)) return;
        // The status page, re-executed for this very post, must not read it again.
        if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null) return;
        try
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            context.Result = new StatusCodeResult(e switch
            {
                BadHttpRequestException { StatusCode: not StatusCodes.Status413PayloadTooLarge } bad => bad.StatusCode,
                // The form reader says "… limit … exceeded" for a form too large, and "The form value contains
                // invalid characters" (a NUL, say) for one it cannot read: that is a bad request, not a big one.
                InvalidDataException when !e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status413PayloadTooLarge,
            });
        }
    }
}

/// Marks a page post refused for its antiforgery token (an old page, a form opened before signing
/// in again) so that the status page can say what happened instead of a generic "bad request".
public sealed class ExpiredFormFilter : IAlwaysRunResultFilter
{
    private static readonly object Key = new();

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult) context.HttpContext.Items[Key] = true;
    }

    public void OnResultExecuted(ResultExecutedContext context) { }

    public static bool Happened(HttpContext context) => context.Items.ContainsKey(Key);
}
