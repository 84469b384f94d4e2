using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Accounts;

public sealed record AccountsModel(IReadOnlyList<StaffAccountRow> Accounts, IReadOnlyList<ScopeChoice> Choices, StaffAccountForm Form,
    string? NewPasswordFor, string? NewPassword);

/// 账号管理: opening staff accounts for the level below, and resetting their passwords.
[Authorize(Roles = $"{AppRoles.SystemAdmin},{AppRoles.CountyAdmin},{AppRoles.StationWorker}")]
public sealed class AccountsController(StaffAccounts accounts, ScopeAccessor scopes, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await Model(new StaffAccountForm(), null, null, ct));

    [HttpPost]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] StaffAccountForm form, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var password = StaffAccounts.NewPassword();
            var created = await accounts.CreateAsync(await scopes.GetAsync(ct), form, password, ct);
            if (created.Succeeded)
                return View(nameof(Index), await Model(new StaffAccountForm(), created.Value!.UserName, password, ct));
            created.Errors.CopyTo(ModelState, l, "Form");
        }
        return View(nameof(Index), await Model(form, null, null, ct));
    }

    [HttpPost]
    public async Task<IActionResult> ResetPassword(string id, CancellationToken ct)
    {
        var reset = await accounts.ResetPasswordAsync(await scopes.GetAsync(ct), id, ct);
        if (reset.IsNotFound) return NotFound();
        if (!reset.Succeeded) reset.Errors.CopyTo(ModelState, l);
        return View(nameof(Index), await Model(new StaffAccountForm(), reset.Value.UserName, reset.Value.Password, ct));
    }

    private async Task<AccountsModel> Model(StaffAccountForm form, string? user, string? password, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        return new AccountsModel(await accounts.ListAsync(scope, ct), await accounts.ChoicesAsync(scope, ct), form, user, password);
    }
}
