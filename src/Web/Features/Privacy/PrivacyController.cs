using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Privacy;

public sealed record AccessLogModel(IReadOnlyList<PersonalDataAccess> Entries, RegionTree Regions, string? Next, string? Viewer);

/// 个人信息查看记录: every full view of a masked number in the county, newest first (PIPL).
[Authorize(Roles = $"{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}")]
public sealed class PrivacyController(FiveSocietiesDbContext db, ScopeAccessor scopes, RegionDirectory regions) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Log(string? viewer, string? after, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var entries = db.PersonalDataAccessLog.AsNoTracking();
        if (!scope.IsEverything)
        {
            var places = scope.Villages.Append(scope.Area!.Value).ToList();
            var tree = await regions.GetAsync(ct);
            places.AddRange(tree.Within(scope.Area!.Value).Select(r => r.Code));
            entries = entries.Where(e => e.SubjectRegion != null && places.Contains(e.SubjectRegion.Value));
        }
        if (!string.IsNullOrWhiteSpace(viewer)) entries = entries.Where(e => e.ViewerName.Contains(viewer.Trim()));
        if (Keyset.Decode(after) is { } key)
        {
            var at = new DateTimeOffset(key.Ticks, TimeSpan.Zero);
            entries = entries.Where(e => e.At < at || e.At == at && e.Id < key.Id);
        }
        var page = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(51).ToListAsync(ct);
        string? next = null;
        if (page.Count > 50)
        {
            page.RemoveAt(50);
            next = new Keyset(0, page[^1].At.UtcTicks, page[^1].Id).Encode();
        }
        return View(new AccessLogModel(page, await regions.GetAsync(ct), next, viewer));
    }
}
