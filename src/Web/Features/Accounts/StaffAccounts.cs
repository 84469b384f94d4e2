using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Account;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Accounts;

public sealed class StaffAccountForm
{

    [Required(ErrorMessage = "请填写登录名"), StringLength(64, MinimumLength = 3, ErrorMessage = "登录名为 {2}–{1} 个字符"),
     RegularExpression("^[A-Za-z0-9._@+-]+$", ErrorMessage = "登录名只能包含字母、数字和 -._@+"), Display(Name = "登录名")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "请填写姓名"), StringLength(32, ErrorMessage = "姓名不能超过 {1} 个字"), Display(Name = "姓名")]
    public string DisplayName { get; set; } = "";

    [StringLength(32), Display(Name = "手机号（选填）")]
    public string? Mobile { get; set; }

    /// "Role:scope" — the role, and a county code, station id, village code or organisation id.
    [Required(ErrorMessage = "请选择角色和所属范围"), StringLength(64), Display(Name = "角色与所属范围")]
    public string Choice { get; set; } = "";

    public string Role => Choice.Split(':', 2)[0];
    public string Scope => Choice.Split(':', 2) is [_, var scope] ? scope : "";
}

public sealed record StaffAccountRow(string Id, string UserName, string DisplayName, string Role, string ScopeName, bool LockedOut);

public sealed record ScopeChoice(string Role, string Value, string Text)
{
    public string Key => $"{Role}:{Value}";
}

/// Staff accounts are opened by the level above: the system administrator opens county
/// administrators, a county opens its station workers, a station opens its village committees
/// and the staff of organisations it approved. Each level manages only the accounts it may open.
public sealed class StaffAccounts(FiveSocietiesDbContext db, UserManager<AppUser> users, RegionDirectory regions, TimeProvider clock, SignInLockout lockout)
{
    public static IReadOnlyList<string> RolesOpenedBy(UserContext user) => user.Role switch
    {
        AppRoles.SystemAdmin => [AppRoles.SystemAdmin, AppRoles.CountyAdmin],
        AppRoles.CountyAdmin => [AppRoles.StationWorker],
        AppRoles.StationWorker => [AppRoles.CommitteeStaff, AppRoles.OrganisationStaff],
        _ => [],
    };

    public async Task<IReadOnlyList<ScopeChoice>> ChoicesAsync(DataScope scope, CancellationToken ct)
    {
        var tree = await regions.GetAsync(ct);
        var choices = new List<ScopeChoice>();
        foreach (var role in RolesOpenedBy(scope.User))
        {
            switch (role)
            {
                case AppRoles.SystemAdmin:
                    choices.Add(new ScopeChoice(role, "all", "全部"));
                    break;
                case AppRoles.CountyAdmin:
                    choices.AddRange(tree.All.Where(r => r.Level == RegionLevel.County).OrderBy(r => r.Code)
                        .Select(r => new ScopeChoice(role, r.Code.Value, r.Name)));
                    break;
                case AppRoles.StationWorker:
                    choices.AddRange((await db.Stations.AsNoTracking().OrderBy(s => s.RegionCode).ToListAsync(ct))
                        .Where(s => scope.Covers(s.RegionCode)).Select(s => new ScopeChoice(role, s.Id.ToString(), s.Name)));
                    break;
                case AppRoles.CommitteeStaff:
                    choices.AddRange(scope.Villages.Select(v => new ScopeChoice(role, v.Value, tree.ShortPath(v))));
                    break;
                case AppRoles.OrganisationStaff:
                    choices.AddRange((await scope.Organisations(db.Organisations.AsNoTracking())
                            .Where(o => o.Status != Matching.Resources.ApprovalStatus.Retired).OrderBy(o => o.Name).ToListAsync(ct))
                        .Where(o => scope.MayApprove(o)).Select(o => new ScopeChoice(role, o.Id.ToString(), o.Name)));
                    break;
            }
        }
        return choices;
    }

    public async Task<IReadOnlyList<StaffAccountRow>> ListAsync(DataScope scope, CancellationToken ct)
    {
        var manageable = await ManageableAsync(scope, ct);
        var tree = await regions.GetAsync(ct);
        var stations = await db.Stations.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var organisations = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var locked = (await lockout.LockedAccounts().ToListAsync(ct)).ToHashSet();
        return manageable.Select(a => new StaffAccountRow(a.User.Id, a.User.UserName!, a.User.DisplayName, a.Role,
                a.User.StationId is { } s ? stations.GetValueOrDefault(s, "") :
                a.User.OrganisationId is { } o ? organisations.GetValueOrDefault(o, "") :
                DivisionCode.TryParse(a.User.RegionCode, out var r, out _) ? tree.ShortPath(r) : "全部",
                locked.Contains(a.User.Id)))
            .OrderBy(a => a.Role).ThenBy(a => a.UserName).ToList();
    }

    public async Task<Outcome<AppUser>> CreateAsync(DataScope scope, StaffAccountForm form, string password, CancellationToken ct)
    {
        var choice = (await ChoicesAsync(scope, ct)).SingleOrDefault(c => c.Role == form.Role && c.Value == form.Scope);
        if (choice is null) return Outcome<AppUser>.Invalid(nameof(form.Choice), "请选择您可以开设的角色和所属范围。");
        var errors = new FormErrors();
        MobileNumber? mobile = null;
        if (!string.IsNullOrWhiteSpace(form.Mobile))
        {
            if (MobileNumber.TryParse(form.Mobile, out var parsed, out var error)) mobile = parsed;
            else errors.Add(nameof(form.Mobile), error);
        }
        if (await users.FindByNameAsync(form.UserName.Trim()) is not null) errors.Add(nameof(form.UserName), "该登录名已被使用。");
        // A mobile number signs its owner in, so it belongs to one account only.
        if (mobile is { } number && await users.Users.AnyAsync(u => u.PhoneNumber == number.Value || u.UserName == number.Value, ct))
            errors.Add(nameof(form.Mobile), "该手机号已被其他账号使用。");
        if (errors.Any) return Outcome<AppUser>.Invalid(errors);

        var user = new AppUser
        {
            UserName = form.UserName.Trim(),
            DisplayName = form.DisplayName.Trim(),
            PhoneNumber = mobile?.Value,
            CreatedAt = clock.GetUtcNow(),
        };
        switch (form.Role)
        {
            case AppRoles.CountyAdmin or AppRoles.CommitteeStaff:
                user.RegionCode = form.Scope;
                break;
            case AppRoles.StationWorker:
                var station = await db.Stations.AsNoTracking().SingleAsync(s => s.Id == int.Parse(form.Scope), ct);
                (user.StationId, user.RegionCode) = (station.Id, station.RegionCode.Value);
                break;
            case AppRoles.OrganisationStaff:
                var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == long.Parse(form.Scope), ct);
                (user.OrganisationId, user.RegionCode) = (organisation.Id, organisation.HomeRegionCode.Value);
                break;
        }
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) result = await users.AddToRoleAsync(user, form.Role);
        if (result.Succeeded) return Outcome<AppUser>.Ok(user);
        foreach (var error in result.Errors) errors.Add("", IdentityMessages.Of(error));
        return Outcome<AppUser>.Invalid(errors);
    }

    /// A new temporary password for an account the caller manages: its user name and the password.
    /// Also lifts its lockouts and ends its sessions (the reset changes its security stamp).
    public async Task<Outcome<(string UserName, string Password)>> ResetPasswordAsync(DataScope scope, string userId, CancellationToken ct)
    {
        if (!(await ManageableAsync(scope, ct)).Any(a => a.User.Id == userId)) return Outcome<(string, string)>.NotFound();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return Outcome<(string, string)>.NotFound();
        var password = NewPassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded) return Outcome<(string, string)>.Invalid("", IdentityMessages.Of(result.Errors.First()));
        await lockout.ClearAsync(user.Id, null, ct);
        return Outcome<(string, string)>.Ok((user.UserName!, password));
    }

    /// Ten characters a person can read out over the phone: no 0/O, 1/l/I.
    public static string NewPassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyz", digits = "23456789";
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = i % 3 == 2 ? digits[RandomNumberGenerator.GetInt32(digits.Length)] : letters[RandomNumberGenerator.GetInt32(letters.Length)];
        return new string(chars);
    }

    private async Task<List<(AppUser User, string Role)>> ManageableAsync(DataScope scope, CancellationToken ct)
    {
        var roles = RolesOpenedBy(scope.User);
        if (roles.Count == 0) return [];
        var accounts = await (from user in db.Users.AsNoTracking()
                              join link in db.UserRoles on user.Id equals link.UserId
                              join role in db.Roles on link.RoleId equals role.Id
                              where roles.Contains(role.Name!)
                              select new { User = user, Role = role.Name! }).ToListAsync(ct);
        // The organisations whose staff accounts the caller keeps: those it may approve, as when opening one.
        var organisations = (await scope.Organisations(db.Organisations.AsNoTracking()).ToListAsync(ct))
            .Where(scope.MayApprove).Select(o => o.Id).ToHashSet();
        return accounts.Where(a => a.Role switch
            {
                AppRoles.SystemAdmin or AppRoles.CountyAdmin => scope.IsEverything,
                AppRoles.OrganisationStaff => a.User.OrganisationId is { } o && organisations.Contains(o),
                _ => DivisionCode.TryParse(a.User.RegionCode, out var region, out _) && scope.Covers(region),
            })
            .Select(a => (a.User, a.Role)).ToList();
    }
}
