using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace FiveSocieties.Web.Features.Home;

[AllowAnonymous]
public sealed class HomeController(Dashboard dashboard) : Controller
{
    public async Task<IActionResult> Index(CancellationToken ct) => View(await dashboard.CountsAsync(ct));

    // The error and status pages are re-executed with the failed request's method and body: a POST
    // without a valid antiforgery token must still get its Chinese page, not a second, bare 400. No
    // parameters: a form too large to read fails all model binding, which would leave the code 0.
    [Route("/Home/Status/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Status() =>
        Status(int.TryParse(RouteData.Values["code"] as string, out var code) && code is >= 400 and <= 599 ? code : StatusCodes.Status400BadRequest);

    private ViewResult Status(int code)
    {
        var feature = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        ViewData["OriginalPath"] = feature?.OriginalPath;
        ViewData["ExpiredForm"] = ExpiredFormFilter.Happened(HttpContext);
        Response.StatusCode = code;
        return View("Status", code);
    }

    /// A request the client got wrong (a body over the size limit: 413) keeps its status and gets the status page.
    [IgnoreAntiforgeryToken]
    public ViewResult Error() => Response.StatusCode is >= 400 and < 500 ? Status(Response.StatusCode) : View();
}
