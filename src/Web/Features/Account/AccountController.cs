using System.ComponentModel.DataAnnotations;
using FiveSocieties.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
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

    [HttpPost, AllowAnonymous]
    public async Task<IActionResult> Login(LoginForm form)
    {
        if (!ModelState.IsValid) return View(form);

        // Residents and volunteers usually know their mobile number better than a user name.
        var user = await users.FindByNameAsync(form.UserName.Trim())
                   ?? await users.Users.FirstOrDefaultAsync(u => u.PhoneNumber == form.UserName.Trim());
        if (user is not null)
        {
            var result = await signIn.PasswordSignInAsync(user, form.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
                return Url.IsLocalUrl(form.ReturnUrl) ? Redirect(form.ReturnUrl) : RedirectToAction("Index", "Home");
            if (result.IsLockedOut)
            {
                ModelState.AddModelError("", l["登录失败次数过多，账号已锁定，请 15 分钟后再试。"]);
                return View(form);
            }
        }
        ModelState.AddModelError("", l["用户名或密码不正确。"]);
        return View(form);
    }

    [HttpPost, AllowAnonymous]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return RedirectToAction("Index", "Home");
    }

    [HttpGet, AllowAnonymous]
    public IActionResult AccessDenied() => View();

    [HttpGet, AllowAnonymous]
    public async Task<IActionResult> Register([FromServices] NeedPages pages, CancellationToken ct) =>
        View(new RegisterPageModel(new RegisterForm(), await pages.VillagesAsync(DataScope.Everywhere(UserContext.Anonymous), ct)));

    [HttpPost, AllowAnonymous]
    public async Task<IActionResult> Register([Bind(Prefix = "Form")] RegisterForm form, [FromServices] Registration registration,
        [FromServices] NeedPages pages, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var registered = await registration.RegisterResidentAsync(form, ct);
            if (registered.Succeeded)
            {
                await signIn.SignInAsync(registered.Value!, isPersistent: false);
                return RedirectToAction("Index", "Needs");
            }
            registered.Errors.CopyTo(ModelState, l, "Form");
        }
        return View(new RegisterPageModel(form, await pages.VillagesAsync(DataScope.Everywhere(UserContext.Anonymous), ct)));
    }

    [HttpGet, AllowAnonymous]
    public async Task<IActionResult> RegisterVolunteer([FromServices] ResourcePages pages, CancellationToken ct) =>
        View(await VolunteerPage(new VolunteerRegistrationModel(), pages, ct));

    [HttpPost, AllowAnonymous]
    public async Task<IActionResult> RegisterVolunteer(VolunteerRegistrationModel model, [FromServices] Registration registration,
        [FromServices] ResourcePages pages, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var registered = await registration.RegisterVolunteerAsync(model.Volunteer, model.Account, ct);
            if (registered.Succeeded)
            {
                await signIn.SignInAsync(registered.Value!, isPersistent: false);
                TempData["Flash"] = l["登记已提交，社工站审核通过后即可接收服务邀请。"].Value;
                return Redirect($"~/Resources/Volunteer/{registered.Value!.VolunteerId}");
            }
            registered.Errors.CopyTo(ModelState, l);
        }
        return View(await VolunteerPage(model, pages, ct));
    }

    [HttpGet, Authorize]
    public IActionResult ChangePassword() => View(new ChangePasswordForm());

    [HttpPost, Authorize]
    public async Task<IActionResult> ChangePassword(ChangePasswordForm form)
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
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = l["密码已修改。"].Value;
        return RedirectToAction("Index", "Home");
    }

    private static async Task<VolunteerRegistrationModel> VolunteerPage(VolunteerRegistrationModel model, ResourcePages pages, CancellationToken ct)
    {
        model.Form = await pages.FormAsync(DataScope.Everywhere(UserContext.Anonymous), Matching.Catalogue.ResourceKind.Volunteer, model.Volunteer, null, ct);
        return model;
    }
}
