using System.Security.Cryptography;
using System.Text;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Account;

/// Checks a login name (a user name or an account's mobile number) and a password for the page
/// and the API alike, with the same work whatever the outcome: one query for the account, one for
/// this client's failures, one password hash (of a stand-in when no account has the name), and
/// one write when it fails — so neither the time nor the answer tells a stranger which names have
/// accounts, or that he has locked himself out.
public sealed class PasswordSignIn(FiveSocietiesDbContext db, UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, SignInLockout lockout)
{
    private static readonly AppUser Nobody = new();
    private static string? s_standInHash;

    /// The account when the password is right and this client is not locked out of it; null otherwise.
    public async Task<AppUser?> CheckAsync(string login, string password, string client, CancellationToken ct)
    {
        var name = login.Trim();
        var normalized = users.NormalizeName(name) ?? "";
        // One query for both ways of naming an account (a user name wins over another account's number).
        var found = await db.Users.Where(u => u.NormalizedUserName == normalized || u.PhoneNumber == name).ToListAsync(ct);
        var user = found.Find(u => u.NormalizedUserName == normalized) ?? found.FirstOrDefault();
        var account = user?.Id ?? "?" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));

        var failures = await lockout.FindAsync(account, client, ct);
        var locked = lockout.Locks(failures);
        // Hashed even when locked out or unknown: the same work in every case.
        var right = user?.PasswordHash is not null ? await users.CheckPasswordAsync(user, password) : StandIn(password);
        if (right && !locked)
        {
            if (failures is not null) await lockout.ClearAsync(account, client, ct);
            return user;
        }
        if (!locked) await lockout.CountAsync(account, client, failures is not null, ct);
        return null;
    }

    /// A password checked against a hash no password matches, made by the same hasher (so with the
    /// same algorithm and iteration count) once per process.
    private bool StandIn(string password)
    {
        var hash = s_standInHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        hasher.VerifyHashedPassword(Nobody, hash, password);
        return false;
    }
}

/// The lockout rule in one place: <see cref="AccountOptions.LockoutFailures"/> failures in a row
/// from one client address to one account, each within <see cref="AccountOptions.LockoutDuration"/>
/// of the last, lock that client out of that account for that duration.
public sealed class SignInLockout(FiveSocietiesDbContext db, IOptions<AccountOptions> options, TimeProvider clock)
{
    public Task<SignInFailure?> FindAsync(string account, string client, CancellationToken ct) =>
        db.SignInFailures.AsNoTracking().SingleOrDefaultAsync(f => f.Account == account && f.Client == client, ct);

    public bool Locks(SignInFailure? failures) =>
        failures is not null && failures.Count >= options.Value.LockoutFailures && clock.GetUtcNow() < failures.LastAt + options.Value.LockoutDuration;

    /// The accounts some client is locked out of now (the staff list marks them 已锁定).
    public IQueryable<string> LockedAccounts()
    {
        var since = clock.GetUtcNow() - options.Value.LockoutDuration;
        return db.SignInFailures.Where(f => f.Count >= options.Value.LockoutFailures && f.LastAt > since).Select(f => f.Account);
    }

    /// One more failure; a run broken by a pause longer than the lockout starts again at one.
    public async Task CountAsync(string account, string client, bool counted, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!counted)
        {
            db.SignInFailures.Add(new SignInFailure(account, client, now));
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another request of this client counted its first failure at the same moment
            }
        }
        var since = now - options.Value.LockoutDuration;
        await db.SignInFailures.Where(f => f.Account == account && f.Client == client)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Count, f => f.LastAt < since ? 1 : f.Count + 1).SetProperty(f => f.LastAt, now), ct);
    }

    /// Forgets the failures of one client, or of every client when <paramref name="client"/> is null
    /// (a new password lifts every lockout of the account).
    public Task ClearAsync(string account, string? client, CancellationToken ct) =>
        db.SignInFailures.Where(f => f.Account == account && (client == null || f.Client == client)).ExecuteDeleteAsync(ct);
}
