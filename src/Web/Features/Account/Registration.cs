using System.ComponentModel.DataAnnotations;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Resources;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Account;

public class RegisterForm
{
    [Required(ErrorMessage = "请填写姓名"), StringLength(32, ErrorMessage = "姓名不能超过 {1} 个字"), Display(Name = "姓名")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "请填写手机号"), StringLength(32), Display(Name = "手机号（作为登录名）")]
    public string Mobile { get; set; } = "";

    [Required(ErrorMessage = "请设置密码"), StringLength(128, MinimumLength = 8, ErrorMessage = "密码至少 {2} 位"), DataType(DataType.Password), Display(Name = "密码")]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "两次输入的密码不一致"), DataType(DataType.Password), Display(Name = "再次输入密码")]
    public string ConfirmPassword { get; set; } = "";

    [Required(ErrorMessage = "请选择所在村（社区）"), StringLength(12), Display(Name = "所在村（社区）")]
    public string Village { get; set; } = "";

    [Range(typeof(bool), "true", "true", ErrorMessage = "请阅读并同意个人信息处理说明")]
    public bool Consent { get; set; }
}

public sealed class VolunteerRegisterForm
{
    [Required(ErrorMessage = "请设置密码"), StringLength(128, MinimumLength = 8, ErrorMessage = "密码至少 {2} 位"), DataType(DataType.Password), Display(Name = "密码")]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "两次输入的密码不一致"), DataType(DataType.Password), Display(Name = "再次输入密码")]
    public string ConfirmPassword { get; set; } = "";

    [Range(typeof(bool), "true", "true", ErrorMessage = "请阅读并同意个人信息处理说明")]
    public bool Consent { get; set; }
}

/// Residents and volunteers sign themselves up with their mobile number as login name. A
/// volunteer's account and profile are created together or not at all; the profile then waits
/// for the station's approval.
public sealed class Registration(
    FiveSocietiesDbContext db,
    UserManager<AppUser> users,
    ResourceService resources,
    RegionDirectory regions,
    TimeProvider clock)
{
    public async Task<Outcome<AppUser>> RegisterResidentAsync(RegisterForm form, CancellationToken ct)
    {
        var errors = new FormErrors();
        if (!MobileNumber.TryParse(form.Mobile, out var mobile, out var mobileError)) errors.Add(nameof(form.Mobile), mobileError);
        var tree = await regions.GetAsync(ct);
        var village = DivisionCode.TryParse(form.Village, out var code, out _) ? tree.Find(code) : null;
        if (village is null || village.Level != RegionLevel.Village) errors.Add(nameof(form.Village), "请选择所在村（社区）。");
        if (errors.Any) return Outcome<AppUser>.Invalid(errors);
        if (await MobileTakenAsync(mobile, ct))
            return Outcome<AppUser>.Invalid(nameof(form.Mobile), "该手机号已注册，请直接登录。");

        var user = NewUser(mobile, form.DisplayName, village!.Code);
        return await CreateAsync(user, form.Password, AppRoles.Resident, errors);
    }

    public async Task<Outcome<AppUser>> RegisterVolunteerAsync(VolunteerInput profile, VolunteerRegisterForm form, CancellationToken ct)
    {
        var errors = new FormErrors();
        if (MobileNumber.TryParse(profile.Mobile, out var mobile, out _) && await MobileTakenAsync(mobile, ct))
            return Outcome<AppUser>.Invalid($"Volunteer.{nameof(VolunteerInput.Mobile)}", "该手机号已注册，请直接登录。");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await resources.CreateVolunteerAsync(DataScope.Everywhere(UserContext.Anonymous), profile, ct, selfRegistration: true);
        if (!created.Succeeded) return Outcome<AppUser>.Invalid(created.Errors.Prefixed("Volunteer"));
        var volunteer = created.Value!;
        var user = NewUser(volunteer.Mobile, volunteer.Name, volunteer.HomeVillageCode);
        user.VolunteerId = volunteer.Id;
        var account = await CreateAsync(user, form.Password, AppRoles.Volunteer, errors);
        if (account.Succeeded) await transaction.CommitAsync(ct);
        else db.ChangeTracker.Clear(); // the volunteer row goes with the rolled-back transaction
        return account;
    }

    /// Sign-in accepts a mobile number as login name or as an account's number, so a number may
    /// belong to one account only (demo and staff accounts have other login names).
    private Task<bool> MobileTakenAsync(MobileNumber mobile, CancellationToken ct) =>
        users.Users.AnyAsync(u => u.UserName == mobile.Value || u.PhoneNumber == mobile.Value, ct);

    private AppUser NewUser(MobileNumber mobile, string name, DivisionCode village) => new()
    {
        UserName = mobile.Value,
        PhoneNumber = mobile.Value,
        DisplayName = name.Trim(),
        RegionCode = village.Value,
        CreatedAt = clock.GetUtcNow(),
    };

    private async Task<Outcome<AppUser>> CreateAsync(AppUser user, string password, string role, FormErrors errors)
    {
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) result = await users.AddToRoleAsync(user, role);
        if (result.Succeeded) return Outcome<AppUser>.Ok(user);
        foreach (var error in result.Errors) errors.Add("Password", IdentityMessages.Of(error));
        return Outcome<AppUser>.Invalid(errors);
    }
}

/// Identity's error codes in Chinese (its own descriptions are English).
public static class IdentityMessages
{
    public static string Of(IdentityError error) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => "密码至少 8 位。",
        nameof(IdentityErrorDescriber.PasswordRequiresDigit) => "密码须包含数字。",
        nameof(IdentityErrorDescriber.PasswordRequiresLower) => "密码须包含小写字母。",
        nameof(IdentityErrorDescriber.PasswordRequiresUpper) => "密码须包含大写字母。",
        nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => "密码须包含符号。",
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => "密码中不同的字符太少。",
        nameof(IdentityErrorDescriber.PasswordMismatch) => "原密码不正确。",
        nameof(IdentityErrorDescriber.DuplicateUserName) => "该登录名已被使用。",
        nameof(IdentityErrorDescriber.InvalidUserName) => "登录名只能包含字母、数字和 -._@+。",
        _ => "账号保存失败，请检查后重试。",
    };
}
