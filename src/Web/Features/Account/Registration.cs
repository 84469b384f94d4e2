using System.ComponentModel.DataAnnotations;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Common;
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
///
/// A number that already has an account (or a volunteer profile) is not told apart from a new
/// one: the form is checked the same way, the password is hashed as for a new account, and the
/// answer is the same "submitted — now sign in" (the owner signs in with the old password; a
/// stranger learns nothing). Without SMS the number cannot be proven, so a stranger could still
/// probe a number by registering it and trying to sign in — but only within the registration rate
/// limit, and only by creating an account for every number that was free.
public sealed class Registration(
    FiveSocietiesDbContext db,
    UserManager<AppUser> users,
    ResourceService resources,
    RegionDirectory regions,
    TimeProvider clock)
{
    /// The form's errors; none when the registration was taken (an account was created, or the number already had one).
    public async Task<FormErrors> RegisterResidentAsync(RegisterForm form, CancellationToken ct)
    {
        var errors = new FormErrors();
        if (!MobileNumber.TryParse(form.Mobile, out var mobile, out var mobileError)) errors.Add(nameof(form.Mobile), mobileError);
        var tree = await regions.GetAsync(ct);
        var village = DivisionCode.TryParse(form.Village, out var code, out _) ? tree.Find(code) : null;
        if (village is null || village.Level != RegionLevel.Village) errors.Add(nameof(form.Village), "请选择所在村（社区）。");
        if (errors.Any) return errors;
        var user = NewUser(mobile, form.DisplayName, village!.Code);
        if (await PasswordRefusedAsync(user, form.Password, errors) || await NumberTakenAsync(mobile, form.Password, ct)) return errors;
        return await CreateAsync(user, form.Password, AppRoles.Resident, errors);
    }

    /// As <see cref="RegisterResidentAsync"/>, with the volunteer's profile (errors on "Volunteer.…" fields).
    public async Task<FormErrors> RegisterVolunteerAsync(VolunteerInput input, VolunteerRegisterForm form, CancellationToken ct)
    {
        var errors = new FormErrors();
        var anyone = DataScope.Everywhere(UserContext.Anonymous);
        // The profile is checked before the number is looked up, so an invalid form gets its messages either way.
        var profile = input.ToProfile(await resources.ReaderAsync(errors, ct), anyone, ChinaTime.Today(clock.GetUtcNow()));
        if (profile is null) return errors.Prefixed("Volunteer");
        var user = NewUser(profile.Mobile, profile.Name, profile.HomeVillageCode);
        if (await PasswordRefusedAsync(user, form.Password, errors)
            || await NumberTakenAsync(profile.Mobile, form.Password, ct, alsoVolunteers: true)) return errors;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await resources.CreateVolunteerAsync(anyone, input, ct, selfRegistration: true);
        if (!created.Succeeded) return created.Errors.Prefixed("Volunteer");
        user.VolunteerId = created.Value!.Id;
        var account = await CreateAsync(user, form.Password, AppRoles.Volunteer, errors);
        if (!account.Any) await transaction.CommitAsync(ct);
        else db.ChangeTracker.Clear(); // the volunteer row goes with the rolled-back transaction
        return account;
    }

    /// Sign-in accepts a mobile number as login name or as an account's number, so a number may
    /// belong to one account only (demo and staff accounts have other login names). When it has
    /// one, the password is hashed all the same: a new account would have cost that hash too.
    private async Task<bool> NumberTakenAsync(MobileNumber mobile, string password, CancellationToken ct, bool alsoVolunteers = false)
    {
        var taken = await users.Users.AnyAsync(u => u.UserName == mobile.Value || u.PhoneNumber == mobile.Value, ct)
                    || (alsoVolunteers && await db.Volunteers.AnyAsync(v => v.Mobile == mobile, ct));
        if (taken) users.PasswordHasher.HashPassword(new AppUser(), password);
        return taken;
    }

    private async Task<bool> PasswordRefusedAsync(AppUser user, string password, FormErrors errors)
    {
        foreach (var validator in users.PasswordValidators)
            foreach (var error in (await validator.ValidateAsync(users, user, password)).Errors)
                errors.Add("Password", IdentityMessages.Of(error));
        return errors.Any;
    }

    private AppUser NewUser(MobileNumber mobile, string name, DivisionCode village) => new()
    {
        UserName = mobile.Value,
        PhoneNumber = mobile.Value,
        DisplayName = name.Trim(),
        RegionCode = village.Value,
        CreatedAt = clock.GetUtcNow(),
    };

    private async Task<FormErrors> CreateAsync(AppUser user, string password, string role, FormErrors errors)
    {
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) result = await users.AddToRoleAsync(user, role);
        foreach (var error in result.Errors) errors.Add("Password", IdentityMessages.Of(error));
        return errors;
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
