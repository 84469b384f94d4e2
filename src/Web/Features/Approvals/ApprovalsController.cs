using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Resources;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FiveSocieties.Web.Features.Approvals;

public sealed record ApprovalQueue(ResourceKind Kind, Page<ResourceRow> Page);

/// 待审核: what the caller approves — a station its new volunteers and organisations, the county its
/// funds and micro-grant projects — oldest request first would be fairer, newest is what the list gives.
[Authorize(Roles = $"{AppRoles.StationWorker},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}")]
public sealed class ApprovalsController(ResourceList list, ScopeAccessor scopes) : Controller
{
    public static IReadOnlyList<ResourceKind> KindsFor(UserContext user) => user.Role switch
    {
        AppRoles.StationWorker => [ResourceKind.Volunteer, ResourceKind.Organisation],
        AppRoles.CountyAdmin => [ResourceKind.Fund, ResourceKind.MicroGrant],
        _ => Enum.GetValues<ResourceKind>(),
    };

    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var queues = new List<ApprovalQueue>();
        foreach (var kind in KindsFor(scope.User))
            queues.Add(new ApprovalQueue(kind, await list.PageAsync(scope, new ResourceFilter { Kind = kind, Status = ApprovalStatus.Pending, Size = 50, Region = scope.Area?.Value }, ct)));
        return View(queues);
    }
}
