using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.MatchingIndex;

/// The candidate index for the system administrator: where it is, what it holds, whether it is
/// reachable and current, which needs wait for it, and a rebuild from the database with progress.
[Authorize(Roles = AppRoles.SystemAdmin)]
public sealed class MatchingIndexController(IndexAdministration admin, CandidateIndexHost host, FiveSocietiesDbContext db, IStringLocalizer<SharedResource> l)
    : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await admin.StatusAsync(db, ct));

    /// What the page's script polls while a rebuild runs: the rebuild's own state, nothing read from the database or the cluster.
    [HttpGet]
    public IActionResult Progress() => Json(new
    {
        rebuilding = host.Rebuilding is { } r ? new { written = r.Written, total = r.Total } : null,
        lastRebuild = admin.LastRebuild is { } last ? new { at = last.At, succeeded = last.Succeeded, error = last.Error } : null,
    });

    [HttpPost]
    public IActionResult Rebuild()
    {
        if (admin.TryStartRebuild())
            TempData["Flash"] = l["已开始重建匹配索引。重建期间匹配照常进行，完成后自动切换到新索引。"].Value;
        else
        {
            TempData["Flash"] = l["已有一次重建正在进行，请等待其完成。"].Value;
            TempData["FlashKind"] = "warning";
        }
        return RedirectToAction(nameof(Index));
    }
}
