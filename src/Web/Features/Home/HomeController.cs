using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FiveSocieties.Web.Features.Home;

[AllowAnonymous]
public sealed class HomeController(Dashboard dashboard) : Controller
{
    public async Task<IActionResult> Index(CancellationToken ct) => View(await dashboard.CountsAsync(ct));

    [Route("/Home/Status/{code:int}")]
    public IActionResult Status(int code)
    {
        var feature = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        ViewData["OriginalPath"] = feature?.OriginalPath;
        Response.StatusCode = code;
        return View(code);
    }

    public IActionResult Error() => View();
}
