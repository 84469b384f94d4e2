using AutoMapper;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Catalogue;

/// The service catalogue (服务目录): public, so residents can see what can be asked for.
[AllowAnonymous]
public sealed class CatalogueController(CatalogueReader catalogue) : Controller
{
    public async Task<IActionResult> Index(ServiceTier? tier, CancellationToken ct)
    {
        ViewData["Tier"] = tier;
        return View(await catalogue.AreasAsync(tier, ct));
    }
}

/// The catalogue as areas with their active items, for the page and the API.
public sealed class CatalogueReader(FiveSocietiesDbContext db, IMapper mapper)
{
    public async Task<IReadOnlyList<CatalogueAreaView>> AreasAsync(ServiceTier? tier, CancellationToken ct)
    {
        var areas = await db.ServiceAreas.AsNoTracking().OrderBy(a => a.SortOrder).ToListAsync(ct);
        var items = await db.ServiceItems.AsNoTracking().Where(i => i.IsActive).OrderBy(i => i.SortOrder).ToListAsync(ct);
        return areas
            .Select(a => new CatalogueAreaView(a.Code, a.Name, mapper.Map<List<CatalogueItemView>>(
                items.Where(i => i.AreaCode == a.Code && (tier is null || i.Tier == tier)))))
            .Where(a => a.Items.Count > 0)
            .ToList();
    }
}
