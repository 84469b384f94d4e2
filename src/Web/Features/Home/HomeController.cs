using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FiveSocieties.Web.Features.Home;

[AllowAnonymous]
public sealed class HomeController(Dashboard dashboard) : Controller
{
    public async Task<IActionResult> Index(CancellationToken ct) => View(await dashboard.CountsAsync(ct));

    // Re-executed with the refused request's method and body: a POST's error page must neither check
    // the form's token nor bind the code through the form (a form over the size limit, or with a NUL
    // in it, fails binding) — else a second refusal with an empty body.
    [Route("/Home/Status/{code:int}"), IgnoreAntiforgeryToken]
    public IActionResult Status()
    {
        var code = int.TryParse(RouteData.Values["code"] as string, out var c) && c is >= 400 and <= 599 ? c : StatusCodes.Status400BadRequest;
        var feature = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        ViewData["OriginalPath"] = feature?.OriginalPath;
        Response.StatusCode = code;
        return View(code);
    }

    public IActionResult Error() => View();
}
