using System.Security.Claims;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Account;

/// Every session of an account — the site's cookies, the API's bearer tokens, new hub connections
/// — carries the account's security stamp and is checked against it on every request. Signing out
/// or a new password (changed, or reset by an administrator) gives the account a new stamp, which
/// ends all of them at once, on every node. The check is one read by primary key, less than any
/// page's own queries; a cache would let a stolen session outlive the sign-out on another node for
/// as long as it kept the old stamp.
public sealed class Sessions(FiveSocietiesDbContext db, UserManager<AppUser> users, IOptions<IdentityOptions> identity, TimeProvider clock)
{
    /// Whether the session's stamp is still its account's, and (for an API token) its sign-in's
    /// refresh tokens have not been revoked for reuse: one query either way.
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var claims = identity.Value.ClaimsIdentity;
        if (principal.FindFirstValue(claims.UserIdClaimType) is not { } id || principal.FindFirstValue(claims.SecurityStampClaimType) is not { } stamp)
            return false;
        var account = db.Users.Where(u => u.Id == id);
        if (!Guid.TryParse(principal.FindFirstValue(ApiTokens.FamilyClaim), out var family))
            return string.Equals(await account.Select(u => u.SecurityStamp).FirstOrDefaultAsync(ct), stamp, StringComparison.Ordinal);
        var current = await account
            .Select(u => new { u.SecurityStamp, Revoked = db.RefreshTokens.Any(t => t.FamilyId == family && t.RevokedAt != null) })
            .FirstOrDefaultAsync(ct);
        return current is not null && string.Equals(current.SecurityStamp, stamp, StringComparison.Ordinal) && !current.Revoked;
    }

    /// Ends every session of the account, this one included: a new stamp, and its refresh tokens revoked.
    public async Task EndAllAsync(AppUser user, CancellationToken ct)
    {
        await users.UpdateSecurityStampAsync(user);
        await db.RefreshTokens.Where(t => t.UserId == user.Id).RevokeAsync(clock.GetUtcNow(), ct);
    }

    /// The cookie's check on every request; Identity's own validator then still refreshes the
    /// cookie's claims (roles, scope) every 30 minutes.
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<Sessions>();
        if (context.Principal is null || !await sessions.IsCurrentAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// The bearer token's check: from the Authorization header, or for the hub from the query (a
    /// browser cannot put headers on a WebSocket). A token that does not unprotect is left to the
    /// handler, which refuses it.
    public static async Task ValidateBearerAsync(MessageReceivedContext context)
    {
        var request = context.Request;
        var header = request.Headers.Authorization.ToString();
        var token = request.Path.StartsWithSegments("/hubs") && request.Query["access_token"] is [{ Length: > 0 } query] ? query
            : header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..]
            : null;
        if (token is null) return;
        context.Token = token;
        if (context.Options.BearerTokenProtector.Unprotect(token) is not { } ticket) return;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<Sessions>();
        if (!await sessions.IsCurrentAsync(ticket.Principal, context.HttpContext.RequestAborted))
            context.Fail("The account signed out or changed its password after this token was issued.");
    }
}
