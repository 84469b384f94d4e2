using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Stations;

public sealed record StationRow(int Id, string Name, StationKind Kind, string RegionName, int Villages, int OpenNeeds, int ActiveVolunteers);

/// The county's stations at a glance, for the civil-affairs bureau.
[Authorize(Roles = $"{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}")]
public sealed class StationsController(FiveSocietiesDbContext db) : Controller
{
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var stations = await db.Stations.OrderBy(s => s.Kind).ThenBy(s => s.RegionCode).ToListAsync(ct);
        var regions = await db.Regions.Where(r => r.Level != RegionLevel.Village).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var villages = await db.Regions.Where(r => r.Level == RegionLevel.Village).Select(r => r.Code).ToListAsync(ct);
        var open = NeedStateMachine.Open.ToList();
        var needVillages = await db.Needs.Where(n => open.Contains(n.Status)).Select(n => n.VillageCode).ToListAsync(ct);
        var volunteerVillages = await db.Volunteers.Where(v => v.Status == ApprovalStatus.Active).Select(v => v.HomeRegionCode).ToListAsync(ct);

        var rows = stations.Select(s => new StationRow(
            s.Id, s.Name, s.Kind, regions.GetValueOrDefault(s.RegionCode, s.RegionCode.Value),
            villages.Count(s.Covers), needVillages.Count(s.Covers), volunteerVillages.Count(s.Covers))).ToList();
        return View(rows);
    }
}
