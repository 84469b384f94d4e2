using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Infrastructure.Identity;

/// One refresh token of the API (mobile and WeChat clients). Only its hash is stored: the token
/// itself leaves with the answer and is never written anywhere. Every token descended from one
/// sign-in shares a family; each token works once, and presenting a used one ends the family
/// (whoever holds the other copy of a stolen token is signed out with the thief).
public sealed class RefreshToken
{
    private RefreshToken() { }

    public RefreshToken(string tokenHash, Guid familyId, string userId, string securityStamp, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        TokenHash = tokenHash;
        FamilyId = familyId;
        UserId = userId;
        SecurityStamp = securityStamp;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public long Id { get; private set; }

    /// SHA-256 of the token, hexadecimal.
    public string TokenHash { get; private set; } = "";

    public Guid FamilyId { get; private set; }
    public string UserId { get; private set; } = "";

    /// The account's security stamp when the token was issued: a password changed or reset, or a
    /// sign-out, changes the stamp and so ends the token even where it was not revoked by name.
    public string SecurityStamp { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
}

public static class RefreshTokenQueries
{
    /// Revokes the tokens of the query that are still alive (one statement, whatever their number).
    public static Task<int> RevokeAsync(this IQueryable<RefreshToken> tokens, DateTimeOffset now, CancellationToken ct) =>
        tokens.Where(t => t.RevokedAt == null && t.ExpiresAt > now).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
}
