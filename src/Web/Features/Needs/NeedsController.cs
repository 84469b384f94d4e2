using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Web.Features.Privacy;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Needs;

/// 需求清单: residents follow their own requests; committees, stations and the county work the list.
[Authorize(Roles = Viewers)]
public sealed class NeedsController(
    NeedService needs,
    NeedList list,
    NeedPages pages,
    ScopeAccessor scopes,
    FiveSocietiesDbContext db,
    Matches.MatchReader proposals,
    IStringLocalizer<SharedResource> l) : Controller
{
    public const string Viewers = $"{AppRoles.Resident},{AppRoles.CommitteeStaff},{AppRoles.StationWorker},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}";
    public const string Posters = $"{AppRoles.Resident},{AppRoles.CommitteeStaff},{AppRoles.StationWorker}";
    public const string Editors = $"{AppRoles.Resident},{AppRoles.CommitteeStaff},{AppRoles.StationWorker},{AppRoles.SystemAdmin}";

    [HttpGet]
    public async Task<IActionResult> Index([FromQuery] NeedFilter filter, CancellationToken ct)
    {
        this.DropRefusedFilters(filter, l);
        filter.Normalised();
        var scope = await scopes.GetAsync(ct);
        var catalogue = await pages.CatalogueAsync(ct);
        return View(new NeedListModel
        {
            Filter = filter,
            Page = await list.PageAsync(scope, filter, ct),
            ServiceNames = catalogue.ToDictionary(c => c.Code, c => c.Name),
            Regions = await pages.RegionsAsync(ct),
            Catalogue = catalogue,
            Villages = scope.HasArea || scope.IsEverything ? await pages.VillagesAsync(scope, ct) : [],
            CanPost = scope.User.IsAny(NeedService.Posters),
            ShowFilters = !scope.User.Is(AppRoles.Resident),
        });
    }

    [HttpGet]
    public async Task<IActionResult> Details(long id, CancellationToken ct) =>
        await DetailsView(id, revealed: null, ct);

    [HttpPost]
    // The reason is made readable and checked by PersonalDataLog (invisible characters dropped), not refused here.
    public async Task<IActionResult> RevealContact(long id, [Microsoft.AspNetCore.Mvc.ModelBinding.Validation.ValidateNever] string? reason, [FromServices] PersonalDataLog log, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var need = await scope.Needs(db.Needs.AsNoTracking()).SingleOrDefaultAsync(n => n.Id == id, ct);
        if (need?.Requester.ContactMobile is not { } mobile) return NotFound();
        var logged = await log.RecordAsync(scope,
            PersonalDataSubject.Need, need.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), need.Requester.BeneficiaryName,
            PersonalDataField.Mobile, need.VillageCode, reason, ct);
        if (logged.IsNotFound) return NotFound();
        if (!logged.Succeeded)
        {
            logged.Errors.CopyTo(ModelState, l);
            return await DetailsView(id, revealed: null, ct);
        }
        return await DetailsView(id, mobile.Value, ct);
    }

    [HttpGet, Authorize(Roles = Posters)]
    public async Task<IActionResult> Create(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var input = new NeedInput();
        if (scope.User.Is(AppRoles.Resident))
        {
            input.BeneficiaryName = scope.User.Name;
            // Masked like every number on a form; sent back unchanged, NeedService keeps the account's own.
            var phone = (await db.Users.AsNoTracking().SingleAsync(u => u.Id == scope.User.Id, ct)).PhoneNumber;
            input.ContactMobile = MobileNumber.TryParse(phone, out var own, out _) ? own.Masked : null;
        }
        return View(await pages.FormAsync(scope, input, null, ct));
    }

    [HttpPost, Authorize(Roles = Posters)]
    public async Task<IActionResult> Create([Bind(Prefix = "Input")] NeedInput input, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (ModelState.IsValid)
        {
            var posted = await needs.PostAsync(scope, input, ct);
            if (posted.Succeeded)
            {
                TempData["Flash"] = l["需求已提交，社工站会尽快处理。"].Value;
                return RedirectToAction(nameof(Details), new { id = posted.Value!.Id });
            }
            AddErrors(posted.Errors);
        }
        return View(await pages.FormAsync(scope, input, null, ct));
    }

    [HttpGet, Authorize(Roles = Editors)]
    public async Task<IActionResult> Edit(long id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var need = await scope.Needs(db.Needs.AsNoTracking()).SingleOrDefaultAsync(n => n.Id == id, ct);
        if (need is null || scope.User.Is(AppRoles.CountyAdmin)) return NotFound();
        if (!need.IsEditable)
        {
            TempData["Flash"] = l["需求当前状态为“{0}”，已不能修改；如有变化请联系社工站。", l[Labels.Of(need.Status)]].Value;
            return RedirectToAction(nameof(Details), new { id });
        }
        return View(await pages.FormAsync(scope, NeedInput.From(need), id, ct));
    }

    [HttpPost, Authorize(Roles = Editors)]
    public async Task<IActionResult> Edit(long id, [Bind(Prefix = "Input")] NeedInput input, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        // Out of scope is "not found", whatever was posted (a re-shown form would tell the id exists).
        if (scope.User.Is(AppRoles.CountyAdmin) || !await scope.Needs(db.Needs).AnyAsync(n => n.Id == id, ct)) return NotFound();
        if (ModelState.IsValid)
        {
            var revised = await needs.ReviseAsync(scope, id, input, ct);
            if (revised.IsNotFound) return NotFound();
            if (revised.Succeeded)
            {
                TempData["Flash"] = l["修改已保存。"].Value;
                return RedirectToAction(nameof(Details), new { id });
            }
            AddErrors(revised.Errors);
        }
        return View(await pages.FormAsync(scope, input, id, ct));
    }

    [HttpPost, Authorize(Roles = Editors)]
    public async Task<IActionResult> Cancel(long id, string? reason, CancellationToken ct)
    {
        var cancelled = await needs.CancelAsync(await scopes.GetAsync(ct), id, reason, ct);
        if (cancelled.IsNotFound) return NotFound();
        if (!cancelled.Succeeded)
        {
            // Prefixed ("Cancel.Reason"): the reveal form on the same page shows the errors of "Reason".
            cancelled.Errors.CopyTo(ModelState, l, "Cancel");
            return await DetailsView(id, null, ct);
        }
        TempData["Flash"] = l["需求已取消。"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    /// A worker matches the need again (new providers, changed details, nobody suitable yet).
    [HttpPost, Authorize(Roles = Matches.MatchesApiController.Brokers)]
    public async Task<IActionResult> Rerun(long id, CancellationToken ct)
    {
        var rerun = await needs.RerunMatchingAsync(await scopes.GetAsync(ct), id, ct);
        if (rerun.IsNotFound) return NotFound();
        if (!rerun.Succeeded)
        {
            rerun.Errors.CopyTo(ModelState, l, "Rerun");
            return await DetailsView(id, null, ct);
        }
        TempData["Flash"] = l["已重新匹配。"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    private async Task<IActionResult> DetailsView(long id, string? revealed, CancellationToken ct)
    {
        // The cursor before the data: a change committed while the page is read is then seen again, not missed.
        var cursor = await db.Events.MaxAsync(e => (long?)e.Seq, ct) ?? 0;
        var scope = await scopes.GetAsync(ct);
        var need = await scope.Needs(db.Needs.AsNoTracking()).SingleOrDefaultAsync(n => n.Id == id, ct);
        if (need is null) return NotFound();
        var (service, area, village) = await pages.NamesAsync(need, ct);
        var mayChange = scope.User.IsAny(AppRoles.Resident, AppRoles.CommitteeStaff, AppRoles.StationWorker, AppRoles.SystemAdmin);
        return View(nameof(Details), new NeedDetailsModel
        {
            Need = need,
            ServiceName = service,
            AreaName = area,
            VillagePath = village,
            CanEdit = mayChange && need.IsEditable,
            CanCancel = mayChange && NeedStateMachine.Next(need.Status, NeedAction.Cancel) is not null,
            CanRevealContact = PersonalDataLog.MayReveal(scope.User) && need.Requester.ContactMobile is not null,
            RevealedContact = revealed,
            Proposals = scope.User.IsAny(Matches.MatchesApiController.ReaderRoles) ? await proposals.ForNeedAsync(id, 30, ct) : null,
            CanRerun = scope.User.IsAny(Matches.MatchesApiController.BrokerRoles)
                       && need.Status is NeedStatus.Submitted or NeedStatus.Matching,
            CanBroker = scope.User.IsAny(Matches.MatchesApiController.BrokerRoles),
            Steps = await proposals.StepsOfAsync(id, ct),
            RatesAs = Brokering.BrokeringService.MayRate(scope, need) ? Brokering.BrokeringService.SourceOf(scope.User, need) : null,
            EventCursor = cursor,
        });
    }

    private void AddErrors(FormErrors errors) => errors.CopyTo(ModelState, l, "Input", "Reason");
}
