using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FiveSocieties.Web.Features.Home;

[AllowAnonymous]
public sealed class HomeController(Dashboard dashboard) : Controller
{
    public async Task<IActionResult> Index(CancellationToken ct) => View(await dashboard.CountsAsync(ct));

    // Re-executed for the refused request itself, whatever its method: a refused POST (no antiforgery
    // token, a bad value) must still get the Chinese page, not a second refusal with an empty body.
    [Route("/Home/Status/{code:int}"), IgnoreAntiforgeryToken]
    public IActionResult Status()
    {
        // From the route itself: the refused request's own form (a NUL in it, say) may not even bind.
        var code = int.TryParse(RouteData.Values["code"] as string, out var c) && c is >= 400 and <= 599 ? c : StatusCodes.Status400BadRequest;
        var feature = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        ViewData["OriginalPath"] = feature?.OriginalPath;
        Response.StatusCode = code;
        return View(code);
    }

    public IActionResult Error() => View();
}
