using System.ComponentModel.DataAnnotations;
using FiveSocieties.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using FiveSocieties.Web.Features.Shared;

namespace FiveSocieties.Web.Features.Account;

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

[AllowAnonymous]
public sealed class AccountController(SignInManager<AppUser> signIn, UserManager<AppUser> users, IStringLocalizer<SharedResource> l)
    : Controller
{
    [HttpGet]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost]
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

    [HttpPost]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return RedirectToAction("Index", "Home");
    }

    [HttpGet]
    public IActionResult AccessDenied() => View();
}
