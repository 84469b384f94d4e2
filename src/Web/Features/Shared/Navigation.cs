using System.Security.Claims;
using FiveSocieties.Infrastructure.Identity;

namespace FiveSocieties.Web.Features.Shared;

public sealed record NavItem(string Text, string Controller, string Action, string Icon);

/// The menu each role sees. An entry appears only for roles allowed to open its page; the page's
/// own [Authorize] remains the rule, this is only what is offered.
public sealed class Navigation
{
    private static readonly NavItem Home = new("首页", "Home", "Index", "house");
    private static readonly NavItem Catalogue = new("服务目录", "Catalogue", "Index", "list-check");
    private static readonly NavItem Stations = new("社工站", "Stations", "Index", "building");

    public IReadOnlyList<NavItem> For(ClaimsPrincipal user)
    {
        var items = new List<NavItem> { Home };
        if (user.IsInRole(AppRoles.CountyAdmin) || user.IsInRole(AppRoles.SystemAdmin))
            items.Add(Stations);
        items.Add(Catalogue);
        return items;
    }

    public static string RoleName(string role) => role switch
    {
        AppRoles.Resident => "居民",
        AppRoles.CommitteeStaff => "村（居）委会",
        AppRoles.Volunteer => "志愿者",
        AppRoles.OrganisationStaff => "社会组织",
        AppRoles.StationWorker => "社工站社工",
        AppRoles.CountyAdmin => "县民政局",
        AppRoles.SystemAdmin => "系统管理员",
        _ => role,
    };
}
