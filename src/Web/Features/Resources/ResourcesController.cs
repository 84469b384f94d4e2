using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Privacy;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Resources;

/// 资源清单: volunteers, organisations, funds and micro-grant projects — listed and approved by
/// stations and the county, kept up to date by the providers themselves.
[Authorize(Roles = Viewers)]
[Route("Resources")]
public sealed class ResourcesController(
    ResourceService resources,
    ResourceList list,
    ResourcePages pages,
    ScopeAccessor scopes,
    IStringLocalizer<SharedResource> l) : Controller
{
    public const string Viewers =
        $"{AppRoles.CommitteeStaff},{AppRoles.Volunteer},{AppRoles.OrganisationStaff},{AppRoles.StationWorker},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}";

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] ResourceFilter filter, CancellationToken ct)
    {
        this.DropRefusedFilters(filter, l);
        filter.Normalised();
        var scope = await scopes.GetAsync(ct);
        return View(await pages.ListAsync(scope, filter, await list.PageAsync(scope, filter, ct), ct));
    }

    [HttpGet("{kind}/{id:long}")]
    public async Task<IActionResult> Details(ResourceKind kind, long id, CancellationToken ct)
    {
        var model = await pages.DetailsAsync(await scopes.GetAsync(ct), kind, id, revealed: null, ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("Volunteer/{id:long}/RevealMobile")]
    // The reason is made readable and checked by PersonalDataLog (invisible characters dropped), not refused here.
    public async Task<IActionResult> RevealMobile(long id, [Microsoft.AspNetCore.Mvc.ModelBinding.Validation.ValidateNever] string? reason, [FromServices] PersonalDataLog log,
        [FromServices] FiveSocietiesDbContext db, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var volunteer = await scope.Volunteers(db.Volunteers.AsNoTracking()).SingleOrDefaultAsync(v => v.Id == id, ct);
        if (volunteer is null) return NotFound();
        var logged = await log.RecordAsync(scope, PersonalDataSubject.Volunteer, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            volunteer.Name, PersonalDataField.Mobile, volunteer.HomeVillageCode, reason, ct);
        if (logged.IsNotFound) return NotFound();
        if (!logged.Succeeded) logged.Errors.CopyTo(ModelState, l);
        var model = await pages.DetailsAsync(scope, ResourceKind.Volunteer, id, logged.Succeeded ? volunteer.Mobile.Value : null, ct);
        return View(nameof(Details), model);
    }

    [HttpPost("{kind}/{id:long}/Act")]
    public async Task<IActionResult> Act(ResourceKind kind, long id, ApprovalAction? action, string? reason, string? returnUrl, CancellationToken ct)
    {
        // A form without an action (or with an unknown one) must not fall back to the first, 批准.
        if (action is null || !ModelState.IsValid) return BadRequest();
        var done = await resources.ActAsync(await scopes.GetAsync(ct), kind, id, action.Value, reason, ct);
        if (done.IsNotFound) return NotFound();
        TempData["Flash"] = done.Succeeded
            ? l["已{0}：{1}", l[ApprovalStateMachine.ActionName(action.Value)], done.Value!.Name].Value
            : string.Join(" ", done.Errors.ByField(l).SelectMany(e => e.Value));
        TempData["FlashKind"] = done.Succeeded ? "success" : "danger";
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction(nameof(Details), new { kind, id });
    }

    // ---- volunteers -------------------------------------------------------------------------------

    [HttpGet("Volunteer/Create"), Authorize(Roles = $"{AppRoles.StationWorker},{AppRoles.SystemAdmin}")]
    public async Task<IActionResult> CreateVolunteer(CancellationToken ct) =>
        View("Form", await pages.FormAsync(await scopes.GetAsync(ct), ResourceKind.Volunteer, new VolunteerInput(), null, ct));

    [HttpPost("Volunteer/Create"), Authorize(Roles = $"{AppRoles.StationWorker},{AppRoles.SystemAdmin}")]
    public async Task<IActionResult> CreateVolunteer([Bind(Prefix = "Volunteer")] VolunteerInput input, CancellationToken ct) =>
        await Saved(ResourceKind.Volunteer, input, null, ModelState.IsValid ? await resources.CreateVolunteerAsync(await scopes.GetAsync(ct), input, ct) : null, ct);

    [HttpGet("Volunteer/{id:long}/Edit")]
    public async Task<IActionResult> EditVolunteer(long id, CancellationToken ct) => await EditForm(ResourceKind.Volunteer, id, ct);

    [HttpPost("Volunteer/{id:long}/Edit")]
    public async Task<IActionResult> EditVolunteer(long id, [Bind(Prefix = "Volunteer")] VolunteerInput input, CancellationToken ct) =>
        await Saved(ResourceKind.Volunteer, input, id, ModelState.IsValid ? await resources.UpdateVolunteerAsync(await scopes.GetAsync(ct), id, input, ct) : null, ct);

    // ---- organisations ----------------------------------------------------------------------------

    [HttpGet("Organisation/Create"), Authorize(Roles = $"{AppRoles.StationWorker},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}")]
    public async Task<IActionResult> CreateOrganisation(CancellationToken ct) =>
        View("Form", await pages.FormAsync(await scopes.GetAsync(ct), ResourceKind.Organisation, new OrganisationInput(), null, ct));

    [HttpPost("Organisation/Create"), Authorize(Roles = $"{AppRoles.StationWorker},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}")]
    public async Task<IActionResult> CreateOrganisation([Bind(Prefix = "Organisation")] OrganisationInput input, CancellationToken ct) =>
        await Saved(ResourceKind.Organisation, input, null, ModelState.IsValid ? await resources.CreateOrganisationAsync(await scopes.GetAsync(ct), input, ct) : null, ct);

    [HttpGet("Organisation/{id:long}/Edit")]
    public async Task<IActionResult> EditOrganisation(long id, CancellationToken ct) => await EditForm(ResourceKind.Organisation, id, ct);

    [HttpPost("Organisation/{id:long}/Edit")]
    public async Task<IActionResult> EditOrganisation(long id, [Bind(Prefix = "Organisation")] OrganisationInput input, CancellationToken ct) =>
        await Saved(ResourceKind.Organisation, input, id, ModelState.IsValid ? await resources.UpdateOrganisationAsync(await scopes.GetAsync(ct), id, input, ct) : null, ct);

    // ---- funds ------------------------------------------------------------------------------------

    [HttpGet("Fund/Create"), Authorize(Roles = $"{AppRoles.OrganisationStaff},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}")]
    public async Task<IActionResult> CreateFund(CancellationToken ct) =>
        View("Form", await pages.FormAsync(await scopes.GetAsync(ct), ResourceKind.Fund, new FundInput(), null, ct));

    [HttpPost("Fund/Create"), Authorize(Roles = $"{AppRoles.OrganisationStaff},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}")]
    public async Task<IActionResult> CreateFund([Bind(Prefix = "Fund")] FundInput input, CancellationToken ct) =>
        await Saved(ResourceKind.Fund, input, null, ModelState.IsValid ? await resources.CreateFundAsync(await scopes.GetAsync(ct), input, ct) : null, ct);

    [HttpGet("Fund/{id:long}/Edit")]
    public async Task<IActionResult> EditFund(long id, CancellationToken ct) => await EditForm(ResourceKind.Fund, id, ct);

    [HttpPost("Fund/{id:long}/Edit")]
    public async Task<IActionResult> EditFund(long id, [Bind(Prefix = "Fund")] FundInput input, CancellationToken ct) =>
        await Saved(ResourceKind.Fund, input, id, ModelState.IsValid ? await resources.UpdateFundAsync(await scopes.GetAsync(ct), id, input, ct) : null, ct);

    [HttpPost("Fund/{id:long}/TopUp")]
    public async Task<IActionResult> TopUp(long id, decimal? amount, CancellationToken ct)
    {
        var done = await resources.TopUpAsync(await scopes.GetAsync(ct), id, amount, ct);
        if (done.IsNotFound) return NotFound();
        TempData["Flash"] = done.Succeeded
            ? l["已追加资金，当前余额 {0}。", done.Value!.RemainingBudget].Value
            : string.Join(" ", done.Errors.ByField(l).SelectMany(e => e.Value));
        TempData["FlashKind"] = done.Succeeded ? "success" : "danger";
        return RedirectToAction(nameof(Details), new { kind = ResourceKind.Fund, id });
    }

    // ---- micro-grant projects ---------------------------------------------------------------------

    [HttpGet("MicroGrant/Create"), Authorize(Roles = $"{AppRoles.OrganisationStaff},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}")]
    public async Task<IActionResult> CreateMicroGrant(CancellationToken ct) =>
        View("Form", await pages.FormAsync(await scopes.GetAsync(ct), ResourceKind.MicroGrant, new MicroGrantInput(), null, ct));

    [HttpPost("MicroGrant/Create"), Authorize(Roles = $"{AppRoles.OrganisationStaff},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}")]
    public async Task<IActionResult> CreateMicroGrant([Bind(Prefix = "MicroGrant")] MicroGrantInput input, CancellationToken ct) =>
        await Saved(ResourceKind.MicroGrant, input, null, ModelState.IsValid ? await resources.CreateMicroGrantAsync(await scopes.GetAsync(ct), input, ct) : null, ct);

    [HttpGet("MicroGrant/{id:long}/Edit")]
    public async Task<IActionResult> EditMicroGrant(long id, CancellationToken ct) => await EditForm(ResourceKind.MicroGrant, id, ct);

    [HttpPost("MicroGrant/{id:long}/Edit")]
    public async Task<IActionResult> EditMicroGrant(long id, [Bind(Prefix = "MicroGrant")] MicroGrantInput input, CancellationToken ct) =>
        await Saved(ResourceKind.MicroGrant, input, id, ModelState.IsValid ? await resources.UpdateMicroGrantAsync(await scopes.GetAsync(ct), id, input, ct) : null, ct);

    // ---- shared -----------------------------------------------------------------------------------

    private async Task<IActionResult> EditForm(ResourceKind kind, long id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var input = await pages.InputForAsync(scope, kind, id, ct);
        return input is null ? NotFound() : View("Form", await pages.FormAsync(scope, kind, input, id, ct));
    }

    /// After a create or an edit: to the details page, or back to the form with the messages.
    private async Task<IActionResult> Saved<T>(ResourceKind kind, object input, long? id, Outcome<T>? outcome, CancellationToken ct) where T : Resource
    {
        if (outcome is { IsNotFound: true }) return NotFound();
        // An edit of a record the caller may not keep is "not found", even when the form was invalid.
        if (outcome is null && id is { } existing && await pages.InputForAsync(await scopes.GetAsync(ct), kind, existing, ct) is null)
            return NotFound();
        if (outcome is { Succeeded: true })
        {
            TempData["Flash"] = l["已保存。"].Value;
            TempData["FlashKind"] = "success";
            return RedirectToAction(nameof(Details), new { kind, id = outcome.Value!.Id });
        }
        outcome?.Errors.CopyTo(ModelState, l, kind.ToString());
        return View("Form", await pages.FormAsync(await scopes.GetAsync(ct), kind, input, id, ct));
    }
}
