using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Startup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Account;

/// Deletes refresh tokens past their expiry and failed sign-ins too old to count, hourly on each
/// node (two nodes deleting the same rows do no harm).
public sealed partial class SignInRecordsCleanup(IServiceScopeFactory scopes, IOptions<AccountOptions> options, TimeProvider clock,
    ILogger<SignInRecordsCleanup> logger) : PeriodicWorker
{
    protected override TimeSpan Every => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var now = clock.GetUtcNow();
        var stale = now - options.Value.LockoutDuration;
        await db.RefreshTokens.Where(t => t.ExpiresAt < now).ExecuteDeleteAsync(ct);
        await db.SignInFailures.Where(f => f.LastAt < stale).ExecuteDeleteAsync(ct);
    }

    protected override void Failed(Exception e) => CleanupFailed(logger, e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired refresh tokens and old failed sign-ins failed; trying again in an hour")]
    private static partial void CleanupFailed(ILogger logger, Exception e);
}
