using AutoMapper;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Catalogue;

/// The service catalogue (服务目录): public, so residents can see what can be asked for.
[AllowAnonymous]
public sealed class CatalogueController(FiveSocietiesDbContext db, IMapper mapper) : Controller
{
    public async Task<IActionResult> Index(ServiceTier? tier, CancellationToken ct)
    {
        var areas = await db.ServiceAreas.OrderBy(a => a.SortOrder).ToListAsync(ct);
        var items = await db.ServiceItems.Where(i => i.IsActive).OrderBy(i => i.SortOrder).ToListAsync(ct);
        var model = areas
            .Select(a => new CatalogueAreaView(a.Code, a.Name, mapper.Map<List<CatalogueItemView>>(
                items.Where(i => i.AreaCode == a.Code && (tier is null || i.Tier == tier)))))
            .Where(a => a.Items.Count > 0)
            .ToList();
        ViewData["Tier"] = tier;
        return View(model);
    }
}
