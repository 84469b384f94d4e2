using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Account;

/// The API's tokens. The access token is ASP.NET Core Identity's bearer token (protected by the
/// shared data-protection keys, checked on every request against the account's security stamp and
/// its sign-in's refresh tokens, see <see cref="Sessions"/>). The refresh token is a random string
/// of which only the hash is stored: it works once, and presenting it again revokes every token
/// descended from the same sign-in, access tokens included, since one of the two presenters must
/// have stolen it.
public sealed partial class ApiTokens(
    FiveSocietiesDbContext db,
    SignInManager<AppUser> signIn,
    IOptionsMonitor<BearerTokenOptions> bearer,
    IOptions<AccountOptions> options,
    TimeProvider clock,
    ILogger<ApiTokens> logger)
{
    /// The claim of an access token that names its sign-in (the family of its refresh tokens).
    public const string FamilyClaim = "token_family";

    /// Tokens for a new sign-in: the first of a new family.
    public Task<AccessTokenResponse> IssueAsync(AppUser user, CancellationToken ct) => IssueAsync(user, Guid.NewGuid(), ct);

    /// New tokens for a refresh token that is known, unexpired, unused and unrevoked, of an account
    /// whose security stamp has not changed since; null otherwise.
    public async Task<AccessTokenResponse?> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hash = Hash(refreshToken);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null || now >= token.ExpiresAt || token.RevokedAt is not null) return null;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Marking it used decides between two requests with the same token: one of them wins.
        var used = await db.RefreshTokens.Where(t => t.Id == token.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (used == 0)
        {
            await db.RefreshTokens.Where(t => t.FamilyId == token.FamilyId).RevokeAsync(now, ct);
            await transaction.CommitAsync(ct);
            ReuseDetected(logger, token.UserId, token.FamilyId);
            return null;
        }
        var user = await signIn.UserManager.FindByIdAsync(token.UserId);
        if (user is null || user.SecurityStamp != token.SecurityStamp) return null; // rolled back: nothing changes
        var issued = await IssueAsync(user, token.FamilyId, ct);
        await transaction.CommitAsync(ct);
        return issued;
    }

    private async Task<AccessTokenResponse> IssueAsync(AppUser user, Guid family, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lifetimes = options.Value;
        var principal = await signIn.CreateUserPrincipalAsync(user);
        // Ties the access token to its sign-in: when the sign-in's refresh tokens are revoked, it ends too.
        principal.Identities.First().AddClaim(new Claim(FamilyClaim, family.ToString()));
        // As the bearer handler's own sign-in writes it, with this lifetime and clock.
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + lifetimes.AccessTokenLifetime },
            $"{IdentityConstants.BearerScheme}:AccessToken");
        var refresh = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken(Hash(refresh), family, user.Id, user.SecurityStamp ?? "", now, now + lifetimes.RefreshTokenLifetime));
        await db.SaveChangesAsync(ct);
        return new AccessTokenResponse
        {
            AccessToken = bearer.Get(IdentityConstants.BearerScheme).BearerTokenProtector.Protect(ticket),
            ExpiresIn = (long)lifetimes.AccessTokenLifetime.TotalSeconds,
            RefreshToken = refresh,
        };
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A used refresh token was presented again for account {UserId}: every token of its sign-in {FamilyId} is revoked")]
    private static partial void ReuseDetected(ILogger logger, string userId, Guid familyId);
}
