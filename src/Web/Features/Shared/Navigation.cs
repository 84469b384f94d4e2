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
    private static readonly NavItem NeedList = new("需求清单", "Needs", "Index", "card-checklist");
    private static readonly NavItem MyNeeds = new("我的需求", "Needs", "Index", "card-checklist");
    private static readonly NavItem PostNeed = new("提交需求", "Needs", "Create", "plus-circle");

    public IReadOnlyList<NavItem> For(ClaimsPrincipal principal)
    {
        var user = UserContext.From(principal);
        var items = new List<NavItem> { Home };
        switch (user.Role)
        {
            case AppRoles.Resident:
                items.AddRange([MyNeeds, PostNeed]);
                break;
            case AppRoles.CommitteeStaff or AppRoles.StationWorker:
                items.AddRange([NeedList, PostNeed]);
                break;
            case AppRoles.CountyAdmin or AppRoles.SystemAdmin:
                items.AddRange([NeedList, Stations]);
                break;
        }
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
