using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Account;

/// The "Accounts" section: the lockout after failed sign-ins and the lifetimes of API tokens.
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// Failed sign-ins in a row, from one client address to one account, that lock that client
    /// out of that account (other clients, the account's owner among them, are not affected).
    public int LockoutFailures { get; set; } = 5;

    /// How long such a lockout lasts, and how close together the failures must come.
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// The API's bearer access token (its sessions still end at once on sign-out or a new password).
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// The API's refresh token; each works once and is replaced by a new one.
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);
}

internal sealed class AccountOptionsValidator : IValidateOptions<AccountOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountOptions o)
    {
        var problems = new List<string>();
        if (o.LockoutFailures is < 1 or > 100) problems.Add("Accounts:LockoutFailures 应在 1 到 100 之间。");
        if (o.LockoutDuration < TimeSpan.FromMinutes(1) || o.LockoutDuration > TimeSpan.FromDays(1))
            problems.Add("Accounts:LockoutDuration 应在 00:01:00 到 1.00:00:00 之间。");
        if (o.AccessTokenLifetime < TimeSpan.FromMinutes(1) || o.AccessTokenLifetime > TimeSpan.FromDays(1))
            problems.Add("Accounts:AccessTokenLifetime 应在 00:01:00 到 1.00:00:00 之间。");
        if (o.RefreshTokenLifetime < o.AccessTokenLifetime || o.RefreshTokenLifetime > TimeSpan.FromDays(365))
            problems.Add("Accounts:RefreshTokenLifetime 应不短于 AccessTokenLifetime，且不超过 365.00:00:00。");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
