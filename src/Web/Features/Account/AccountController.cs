using System.ComponentModel.DataAnnotations;
using FiveSocieties.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Resources;
using FiveSocieties.Web.Features.Shared;

namespace FiveSocieties.Web.Features.Account;

public sealed record RegisterPageModel(RegisterForm Form, IReadOnlyList<VillageOption> Villages);

public sealed class LoginForm
{
    [Required(ErrorMessage = "请输入用户名或手机号")]
    [StringLength(64, ErrorMessage = "用户名过长")]
    [Display(Name = "用户名或手机号")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "请输入密码")]
    [StringLength(128, ErrorMessage = "密码过长")]
    [DataType(DataType.Password)]
    [Display(Name = "密码")]
    public string Password { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public sealed class ChangePasswordForm
{
    [Required(ErrorMessage = "请输入原密码"), DataType(DataType.Password), Display(Name = "原密码")]
    public string CurrentPassword { get; set; } = "";

    [Required(ErrorMessage = "请输入新密码"), StringLength(128, MinimumLength = 8, ErrorMessage = "密码至少 {2} 位"), DataType(DataType.Password), Display(Name = "新密码")]
    public string NewPassword { get; set; } = "";

    [Compare(nameof(NewPassword), ErrorMessage = "两次输入的密码不一致"), DataType(DataType.Password), Display(Name = "再次输入新密码")]
    public string ConfirmPassword { get; set; } = "";
}

public sealed class VolunteerRegistrationModel
{
    public VolunteerInput Volunteer { get; set; } = new();
    public VolunteerRegisterForm Account { get; set; } = new();
    public ResourceFormModel? Form { get; set; }
}

/// Sign-in, sign-up and password. Everything here is public except changing one's password.
public sealed class AccountController(SignInManager<AppUser> signIn, UserManager<AppUser> users, IStringLocalizer<SharedResource> l)
    : Controller
{
    [HttpGet, AllowAnonymous]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost, AllowAnonymous, RateLimited(LimitedAction.SignIn)]
    public async Task<IActionResult> Login(LoginForm form, [FromServices] PasswordSignIn passwords, [FromServices] IOptions<AccountOptions> options,
        CancellationToken ct)
    {
        if (!ModelState.IsValid) return View(form);
        if (await passwords.CheckAsync(form.UserName, form.Password, ClientAddress.Of(HttpContext), ct) is { } user)
        {
            await signIn.SignInAsync(user, isPersistent: false);
            return Url.IsLocalUrl(form.ReturnUrl) ? Redirect(form.ReturnUrl) : RedirectToAction("Index", "Home");
        }
        ModelState.AddModelError("", SignInRefused(l, options.Value));
        return View(form);
    }

    /// The one answer to a failed sign-in — a wrong password, an unknown name, or a client locked
    /// out — which still tells a user who keeps failing what to do.
    public static string SignInRefused(IStringLocalizer l, AccountOptions options) =>
        l["用户名或密码不正确。若多次失败，请 {0} 分钟后再试，或联系社工站重置密码。", (int)Math.Ceiling(options.LockoutDuration.TotalMinutes)];

    /// Ends every session of the account, not only this browser's: a copy of this cookie, another
    /// browser left signed in, the API's tokens.
    [HttpPost, AllowAnonymous]
    public async Task<IActionResult> Logout([FromServices] Sessions sessions, CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is { } user) await sessions.EndAllAsync(user, ct);
        await signIn.SignOutAsync();
        return RedirectToAction("Index", "Home");
    }

    [HttpGet, AllowAnonymous]
    public IActionResult AccessDenied() => View();

    [HttpGet, AllowAnonymous]
    public async Task<IActionResult> Register([FromServices] NeedPages pages, CancellationToken ct) =>
        View(new RegisterPageModel(new RegisterForm(), await pages.VillagesAsync(DataScope.Everywhere(UserContext.Anonymous), ct)));

    [HttpPost, AllowAnonymous, RateLimited(LimitedAction.Registration)]
    public async Task<IActionResult> Register([Bind(Prefix = "Form")] RegisterForm form, [FromServices] Registration registration,
        [FromServices] NeedPages pages, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var errors = await registration.RegisterResidentAsync(form, ct);
            if (!errors.Any) return Registered(l["注册已提交。如果该手机号此前未注册，账号已开通，请用手机号和刚设置的密码登录；如果此前已注册，请用原密码登录，忘记密码请联系社工站重置。"]);
            errors.CopyTo(ModelState, l, "Form");
        }
        return View(new RegisterPageModel(form, await pages.VillagesAsync(DataScope.Everywhere(UserContext.Anonymous), ct)));
    }

    [HttpGet, AllowAnonymous]
    public async Task<IActionResult> RegisterVolunteer([FromServices] ResourcePages pages, CancellationToken ct) =>
        View(await VolunteerPage(new VolunteerRegistrationModel(), pages, ct));

    [HttpPost, AllowAnonymous, RateLimited(LimitedAction.Registration)]
    public async Task<IActionResult> RegisterVolunteer(VolunteerRegistrationModel model, [FromServices] Registration registration,
        [FromServices] ResourcePages pages, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var errors = await registration.RegisterVolunteerAsync(model.Volunteer, model.Account, ct);
            if (!errors.Any) return Registered(l["志愿者登记已提交，社工站审核通过后即可接收服务邀请。如果该手机号此前未注册，账号已开通，请用手机号和刚设置的密码登录查看审核进度；如果此前已注册或已登记为志愿者，请用原账号登录，或联系社工站。"]);
            errors.CopyTo(ModelState, l);
        }
        return View(await VolunteerPage(model, pages, ct));
    }

    /// The same answer whether the number was new (the account exists now) or already had an
    /// account (nothing changed): the owner learns which by signing in, nobody else learns anything.
    private RedirectToActionResult Registered(string message)
    {
        TempData["Flash"] = message;
        TempData["FlashKind"] = "info";
        return RedirectToAction(nameof(Login));
    }

    [HttpGet, Authorize]
    public IActionResult ChangePassword() => View(new ChangePasswordForm());

    /// A new password ends every other session of the account (other browsers, the API's tokens);
    /// this browser stays signed in.
    [HttpPost, Authorize]
    public async Task<IActionResult> ChangePassword(ChangePasswordForm form, [FromServices] Sessions sessions, CancellationToken ct)
    {
        if (!ModelState.IsValid) return View(form);
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var result = await users.ChangePasswordAsync(user, form.CurrentPassword, form.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(form.CurrentPassword) : nameof(form.NewPassword),
                    l[IdentityMessages.Of(error)]);
            return View(form);
        }
        await sessions.EndAllAsync(user, ct);
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = l["密码已修改，其他设备上的登录已退出。"].Value;
        return RedirectToAction("Index", "Home");
    }

    private static async Task<VolunteerRegistrationModel> VolunteerPage(VolunteerRegistrationModel model, ResourcePages pages, CancellationToken ct)
    {
        model.Form = await pages.FormAsync(DataScope.Everywhere(UserContext.Anonymous), Matching.Catalogue.ResourceKind.Volunteer, model.Volunteer, null, ct);
        return model;
    }
}
