using System.ComponentModel.DataAnnotations;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Brokering;

/// The form of a service session.
public sealed class ServiceForm
{
    [Display(Name = "服务日期")]
    public DateOnly? Date { get; set; }

    [Display(Name = "服务时长")]
    public decimal? Hours { get; set; }

    [Display(Name = "服务人数")]
    public int? PeopleServed { get; set; }

    [Display(Name = "服务记录")]
    public string? Notes { get; set; }
}

/// 撮合台: the station's live console, and every step of a match as a form post. Each step's
/// rights are checked by <see cref="BrokeringService"/> (the station, the provider, the requester);
/// a script posting with "Accept: application/json" gets the outcome as JSON instead of a redirect.
public sealed class BrokeringController(BrokeringService brokering, BrokeringBoard board, ScopeAccessor scopes, IStringLocalizer<SharedResource> l)
    : Controller
{
    public const string ConsoleViewers = $"{AppRoles.StationWorker},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}";

    [HttpGet, Authorize(Roles = ConsoleViewers)]
    public async Task<IActionResult> Index(string? village, string? area, bool overdue, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var canBroker = scope.User.IsAny(Matches.MatchesApiController.BrokerRoles);
        return View(await board.PageAsync(scope, new BoardFilter(village, area, overdue), canBroker, ct));
    }

    /// One need's card for the live console, under the console's filter; 404 once the need has left
    /// the board or no longer fits the filter.
    [HttpGet, Authorize(Roles = ConsoleViewers)]
    public async Task<IActionResult> Card(long id, string? village, string? area, bool overdue, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var item = await board.ItemAsync(scope, id, new BoardFilter(village, area, overdue), ct);
        if (item is null) return NotFound();
        ViewData["CanBroker"] = scope.User.IsAny(Matches.MatchesApiController.BrokerRoles);
        return PartialView("_Card", item);
    }

    /// Offers the chosen proposals (one, or several at once from the console).
    [HttpPost]
    public async Task<IActionResult> Offer(long[] ids, string? returnUrl, CancellationToken ct)
    {
        if (ids.Length == 0) return Done(Outcome<Match>.Invalid("", "请至少选择一条推荐。"), returnUrl, "");
        var (offered, notFound, refusals) = await brokering.OfferManyAsync(await scopes.GetAsync(ct), ids, ct);
        if (offered == 0 && !refusals.Any && notFound > 0) return NotFound();
        var message = offered > 0 ? l["已发出 {0} 个邀请。", offered].Value : "";
        return Done(offered == 0 ? Outcome<Match>.Invalid(refusals) : Outcome<Match>.Ok(null!), returnUrl, message, refusals);
    }

    [HttpPost]
    public async Task<IActionResult> Withdraw(long id, [Display(Name = "撤回原因")] string? reason, string? returnUrl, CancellationToken ct) =>
        Done(await brokering.WithdrawAsync(await scopes.GetAsync(ct), id, reason, ct), returnUrl, l["已撤回。"]);

    [HttpPost]
    public async Task<IActionResult> Accept(long id, string? returnUrl, CancellationToken ct) =>
        Done(await brokering.AcceptAsync(await scopes.GetAsync(ct), id, ct), returnUrl, l["已接受，请按约定时间提供服务。"]);

    [HttpPost]
    public async Task<IActionResult> Decline(long id, [Display(Name = "婉拒原因")] DeclineReason? reason, [Display(Name = "说明")] string? note,
        string? returnUrl, CancellationToken ct) =>
        Done(await brokering.DeclineAsync(await scopes.GetAsync(ct), id, reason, note, ct), returnUrl, l["已婉拒，社工站会联系其他服务方。"]);

    [HttpPost]
    public async Task<IActionResult> Record(long id, ServiceForm form, string? returnUrl, CancellationToken ct)
    {
        if (form.Date is not { } date || form.Hours is not { } hours)
            return Done(Outcome<Match>.Invalid("", "请填写服务日期和时长。"), returnUrl, "");
        var input = new ServiceInput(date, hours, form.PeopleServed ?? 1, form.Notes); // left empty: one person
        return Done(await brokering.RecordServiceAsync(await scopes.GetAsync(ct), id, input, ct), returnUrl, l["服务记录已保存。"]);
    }

    [HttpPost]
    public async Task<IActionResult> Complete(long id, string? returnUrl, CancellationToken ct) =>
        Done(await brokering.CompleteAsync(await scopes.GetAsync(ct), id, ct), returnUrl, l["已标记服务完成。"]);

    [HttpPost]
    public async Task<IActionResult> Rate(long id, [Display(Name = "评分")] int rating, [Display(Name = "评价内容")] string? comment,
        string? returnUrl, CancellationToken ct) =>
        Done(await brokering.RateAsync(await scopes.GetAsync(ct), id, rating, comment, ct), returnUrl, l["感谢您的评价！"]);

    /// A value the binder could not read (99999999999 people, rating "abc", an undefined reason)
    /// refuses the step; it never falls back to a default.
    public override void OnActionExecuting(Microsoft.AspNetCore.Mvc.Filters.ActionExecutingContext context)
    {
        if (ModelState.IsValid || HttpMethods.IsGet(Request.Method)) return;
        var refusals = new FormErrors();
        foreach (var error in ModelState.Values.SelectMany(v => v.Errors)) refusals.Add("", error.ErrorMessage.Length > 0 ? error.ErrorMessage : "填写的内容有误。");
        context.Result = Done(Outcome<Match>.Invalid(refusals), (context.ActionArguments.TryGetValue("returnUrl", out var back) ? back as string : null), "");
    }

    private IActionResult Done(Outcome<Match> outcome, string? returnUrl, string message, FormErrors? warnings = null)
    {
        if (outcome.IsNotFound) return NotFound();
        var errors = outcome.Succeeded ? warnings : outcome.Errors;
        var texts = errors?.ByField(l).Values.SelectMany(v => v).ToArray() ?? [];
        if (WantsJson)
            return outcome.Succeeded
                ? Json(new { ok = true, message, warnings = texts })
                : BadRequest(new { ok = false, message = string.Join(" ", texts), errors = texts });
        TempData["Flash"] = outcome.Succeeded ? string.Join(" ", new[] { message }.Concat(texts).Where(t => t.Length > 0)) : string.Join(" ", texts);
        if (!outcome.Succeeded) TempData["FlashKind"] = "danger";
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction(nameof(Index));
    }

    private bool WantsJson => Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
}

/// What follows an accepted match, under it on the provider's offers page and on the need's page
/// for the station: a fund's grant is marked paid; any other provider records sessions, then completes.
public sealed record ServiceFormView(long MatchId, string ReturnUrl, bool IsGrant, bool CanComplete)
{
    public static ServiceFormView Of(Match match, string returnUrl) => new(match.Id, returnUrl,
        match.ProviderKind == FiveSocieties.Matching.Catalogue.ResourceKind.Fund, match.ServiceRecords.Count > 0);
}
