using System.Collections.Concurrent;
using System.Data.Common;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Tests;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace FiveSocieties.Web.Tests.Features.Accounts;

/// A site over the smallest demo county (only its accounts matter here), with a suite's own settings.
public abstract class SmallSite(TestProvider provider, params (string Key, string Value)[] settings) : SiteFixture(provider)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        .. SmallDemo,
        .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)),
    ];
}

/// On a real port (for the hub), with the site's clock held by the tests, a password hasher that
/// counts its calls, and a log of the statements sent to the account tables.
public abstract class SecuritySite(TestProvider provider) : SmallSite(provider)
{
    public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);
    public CountingHasher Hasher { get; } = new();
    public StatementLog Statements { get; } = new();

    protected override bool OnKestrel => true;

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IPasswordHasher<AppUser>>(Hasher);
        services.ConfigureDbContext<SqliteDbContext>(o => o.AddInterceptors(Statements));
        services.ConfigureDbContext<PostgresDbContext>(o => o.AddInterceptors(Statements));
    }
}

public sealed class SqliteSecuritySite() : SecuritySite(TestProvider.Sqlite);
public sealed class PostgresSecuritySite() : SecuritySite(TestProvider.PostgreSql);

/// Identity's own hasher, counting how often it hashes and verifies.
public sealed class CountingHasher : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> _inner = new();
    private int _hashed;
    private int _verified;

    public int Hashed => _hashed;
    public int Verified => _verified;

    public string HashPassword(AppUser user, string password)
    {
        Interlocked.Increment(ref _hashed);
        return _inner.HashPassword(user, password);
    }

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verified);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// The SQL the site sends about accounts (users, failed sign-ins, refresh tokens), in order;
/// background work on other tables is left out.
public sealed class StatementLog : DbCommandInterceptor
{
    private static readonly string[] Tables = ["\"AspNetUsers\"", "\"SignInFailures\"", "\"RefreshTokens\""];
    private readonly ConcurrentQueue<string> _statements = new();

    public void Clear() => _statements.Clear();

    public IReadOnlyList<string> Taken() => [.. _statements];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Add(DbCommand command)
    {
        if (Tables.Any(command.CommandText.Contains)) _statements.Enqueue(command.CommandText);
    }
}

/// Low limits for one client (three sign-ins, two refreshes, two registrations a day) and high
/// ones for everybody.
public abstract class RateLimitedSite(TestProvider provider) : SmallSite(provider,
    ("RateLimits:SignIn:PerClient", "3"), ("RateLimits:Refresh:PerClient", "2"), ("RateLimits:Registration:PerClient", "2"),
    ("RateLimits:SignIn:Window", "1.00:00:00"), ("RateLimits:Refresh:Window", "1.00:00:00"), ("RateLimits:Registration:Window", "1.00:00:00"));

public sealed class SqliteRateLimitedSite() : RateLimitedSite(TestProvider.Sqlite);
public sealed class PostgresRateLimitedSite() : RateLimitedSite(TestProvider.PostgreSql);

/// Two sign-ins a day for one client, four for everybody.
public abstract class GloballyLimitedSite(TestProvider provider) : SmallSite(provider,
    ("RateLimits:SignIn:PerClient", "2"), ("RateLimits:SignIn:Global", "4"), ("RateLimits:SignIn:Window", "1.00:00:00"));

public sealed class SqliteGloballyLimitedSite() : GloballyLimitedSite(TestProvider.Sqlite);
public sealed class PostgresGloballyLimitedSite() : GloballyLimitedSite(TestProvider.PostgreSql);
