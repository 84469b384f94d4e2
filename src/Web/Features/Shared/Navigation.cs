using System.Security.Claims;
using FiveSocieties.Infrastructure.Identity;

namespace FiveSocieties.Web.Features.Shared;

public sealed record NavItem(string Text, string Url, string Icon);

/// The menu each role sees. An entry appears only for roles allowed to open its page; the page's
/// own authorization remains the rule, this is only what is offered.
public sealed class Navigation
{
    private static readonly NavItem Home = new("首页", "/", "house");
    private static readonly NavItem Catalogue = new("服务目录", "/Catalogue", "list-check");
    private static readonly NavItem Stations = new("社工站", "/Stations", "building");
    private static readonly NavItem NeedList = new("需求清单", "/Needs", "card-checklist");
    private static readonly NavItem MyNeeds = new("我的需求", "/Needs", "card-checklist");
    private static readonly NavItem PostNeed = new("提交需求", "/Needs/Create", "plus-circle");
    private static readonly NavItem Resources = new("资源清单", "/Resources", "people");
    private static readonly NavItem Approvals = new("待审核", "/Approvals", "patch-check");
    private static readonly NavItem FundsAndProjects = new("基金与项目", "/Resources?Kind=Fund", "piggy-bank");
    private static readonly NavItem Accounts = new("账号管理", "/Accounts", "person-gear");
    private static readonly NavItem AccessLog = new("信息查看记录", "/Privacy/Log", "shield-lock");
    private static readonly NavItem Imports = new("批量导入", "/Imports", "upload");
    private static readonly NavItem Console = new("撮合台", "/Brokering", "broadcast");
    private static readonly NavItem Offers = new("我的邀请", "/Offers", "envelope-open");
    private static readonly NavItem MatchingIndex = new("匹配索引", "/MatchingIndex", "diagram-3");

    public IReadOnlyList<NavItem> For(ClaimsPrincipal principal)
    {
        var user = UserContext.From(principal);
        var items = new List<NavItem> { Home };
        switch (user.Role)
        {
            case AppRoles.Resident:
                items.AddRange([MyNeeds, PostNeed]);
                break;
            case AppRoles.CommitteeStaff:
                items.AddRange([NeedList, PostNeed, Resources, Imports]);
                break;
            case AppRoles.StationWorker:
                items.AddRange([Console, NeedList, PostNeed, Resources, Approvals, Imports, Accounts]);
                break;
            case AppRoles.Volunteer when user.VolunteerId is { } volunteer:
                items.AddRange([Offers, new NavItem("我的资料", $"/Resources/Volunteer/{volunteer}", "person-badge")]);
                break;
            case AppRoles.OrganisationStaff when user.OrganisationId is { } organisation:
                items.AddRange([Offers, new NavItem("本组织", $"/Resources/Organisation/{organisation}", "building"), FundsAndProjects]);
                break;
            case AppRoles.CountyAdmin:
                items.AddRange([Console, NeedList, Resources, Approvals, Stations, AccessLog, Imports, Accounts]);
                break;
            case AppRoles.SystemAdmin:
                items.AddRange([Console, NeedList, Resources, Approvals, Stations, AccessLog, Imports, Accounts, MatchingIndex]);
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
