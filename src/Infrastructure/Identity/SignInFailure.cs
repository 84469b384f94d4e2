namespace FiveSocieties.Infrastructure.Identity;

/// Failed sign-ins of one account from one client address, for the lockout. Kept per client so
/// that a stranger who types wrong passwords for a station worker locks out only himself, never
/// the worker at her own desk. An unknown login name is counted the same way (under the name),
/// so that the work and the answers do not tell which names have accounts.
public sealed class SignInFailure
{
    private SignInFailure() { }

    public SignInFailure(string account, string client, DateTimeOffset at)
    {
        Account = account;
        Client = client;
        Count = 1;
        LastAt = at;
    }

    /// The account's id, or "?" and the SHA-256 of the normalised login name when no account has it
    /// (what strangers type, often a mistyped mobile number, is not kept).
    public string Account { get; private set; } = "";

    /// The client's address (an IPv6 client by its /64 network), as the rate limits see it.
    public string Client { get; private set; } = "";

    /// Failures in a row, each within the lockout duration of the one before.
    public int Count { get; private set; }

    public DateTimeOffset LastAt { get; private set; }

    public const int AccountLength = 80;
    public const int ClientLength = 64;
}
