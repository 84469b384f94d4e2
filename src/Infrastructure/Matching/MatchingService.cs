using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Matching;

/// When matching runs: on a need's submission (proposals saved before the request ends), when a
/// worker re-runs it, and when a provider joins, changes or frees capacity (reverse matching puts it
/// forward for the open needs it now fits). Keeps the candidate index current as things change.
public sealed partial class MatchingService(
    FiveSocietiesDbContext db,
    CandidateIndexHost host,
    ProfileSource profiles,
    TimeProvider clock,
    IOptions<MatchingOptions> options,
    ILogger<MatchingService> logger)
{
    /// Statuses of a proposal that still holds a place on the need's shortlist.
    public static readonly MatchStatus[] Standing =
        [MatchStatus.Proposed, MatchStatus.Offered, MatchStatus.Accepted, MatchStatus.InService, MatchStatus.Completed];

    private MatchingOptions Options => options.Value;

    /// Proposes providers of every kind the need calls for, up to the shortlist size of each kind.
    /// The need's status is left to the worker who brokers the proposals (an offer moves it to 匹配中).
    public async Task<IReadOnlyList<Match>> ProposeAsync(Need need, CancellationToken ct)
    {
        if (!ProfileSource.Open.Contains(need.Status)) return [];
        var index = await host.ReadyAsync(ct);
        var profile = await profiles.NeedAsync(need, ct);
        await index.UpsertNeedAsync(profile, ct);
        var standing = await db.Matches.Where(m => m.NeedId == need.Id && Standing.Contains(m.Status)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var made = new List<Match>();
        foreach (var kind in await KindsAsync(need, ct))
        {
            var have = standing.Count(m => m.ProviderKind == kind);
            if (have >= Options.ProposalsPerKind) continue;
            var taken = standing.Select(m => m.Provider).ToHashSet();
            var query = new ProviderQuery(Options.ProposalsPerKind + have, ChinaTime.Today(now), new HashSet<ResourceKind> { kind });
            foreach (var candidate in (await index.SearchProvidersAsync(profile, query, ct)).Where(c => !taken.Contains(c.Provider))
                         .Take(Options.ProposalsPerKind - have))
                made.Add(Propose(need, candidate.Provider, candidate.Score, candidate.Factors, now));
        }
        db.Matches.AddRange(made);
        await db.SaveChangesAsync(ct);
        await RefreshProvidersAsync(made.Select(m => m.Provider), ct);
        return made;
    }

    /// Withdraws the proposals nobody acted on yet and proposes afresh (details or providers changed).
    public async Task<IReadOnlyList<Match>> RerunAsync(Need need, ActorRef by, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var idle = await db.Matches.Where(m => m.NeedId == need.Id && m.Status == MatchStatus.Proposed).ToListAsync(ct);
        foreach (var match in idle) match.Withdraw(by, now, "重新匹配");
        await db.SaveChangesAsync(ct);
        return await ProposeAsync(need, ct);
    }

    /// After a submission: proposals are made at once, but a failure of matching never loses the
    /// need itself (already saved); the worker can re-run it.
    public async Task<IReadOnlyList<Match>> TryProposeAsync(Need need, CancellationToken ct)
    {
        try
        {
            return await ProposeAsync(need, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MatchingFailed(logger, e, need.Id);
            db.ChangeTracker.Clear();
            return [];
        }
    }

    /// After a provider's change is saved: matching follows, but its failure never undoes the change.
    public async Task TryProviderChangedAsync(ProviderRef provider, CancellationToken ct)
    {
        try
        {
            await ProviderChangedAsync(provider, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ProviderMatchingFailed(logger, e, provider.ToString());
            db.ChangeTracker.Clear();
        }
    }

    /// A need changed status or details: it enters or leaves the index of open needs.
    public async Task NeedChangedAsync(Need need, CancellationToken ct)
    {
        var index = await host.ReadyAsync(ct);
        if (ProfileSource.Open.Contains(need.Status)) await index.UpsertNeedAsync(await profiles.NeedAsync(need, ct), ct);
        else await index.RemoveNeedAsync(need.Id, ct);
    }

    /// A provider was created, approved, changed, paused or freed capacity: refresh it in the index
    /// and, when it can take work, put it forward for the open needs it fits best (reverse matching).
    public async Task<IReadOnlyList<Match>> ProviderChangedAsync(ProviderRef provider, CancellationToken ct)
    {
        var index = await host.ReadyAsync(ct);
        var profile = await profiles.ProviderAsync(provider, ct);
        if (profile is null)
        {
            await index.RemoveProviderAsync(provider, ct);
            return [];
        }
        await index.UpsertProviderAsync(profile, ct);
        if (!profile.IsActive || Options.ReverseProposals == 0) return [];

        var now = clock.GetUtcNow();
        var fits = await index.SearchNeedsAsync(profile, new NeedQuery(Options.ReverseProposals, ChinaTime.Today(now)), ct);
        if (fits.Count == 0) return [];
        var ids = fits.Select(f => f.NeedId).ToList();
        var needs = await db.Needs.Where(n => ids.Contains(n.Id) && ProfileSource.Open.Contains(n.Status)).ToDictionaryAsync(n => n.Id, ct);
        var standing = (await db.Matches.Where(m => ids.Contains(m.NeedId) && m.ProviderKind == provider.Kind && Standing.Contains(m.Status))
            .ToListAsync(ct)).ToLookup(m => m.NeedId);
        // The index's copy of a need may not know of a decline yet; the database does.
        var declined = (await db.Matches.Where(m => ids.Contains(m.NeedId) && m.ProviderKind == provider.Kind && m.ProviderId == provider.Id
                && m.Status == MatchStatus.Declined).Select(m => m.NeedId).ToListAsync(ct)).ToHashSet();
        var made = new List<Match>();
        foreach (var fit in fits)
        {
            if (declined.Contains(fit.NeedId)) continue;
            if (!needs.TryGetValue(fit.NeedId, out var need) || !(await KindsAsync(need, ct)).Contains(provider.Kind)) continue;
            var shortlist = standing[fit.NeedId].ToList();
            if (shortlist.Any(m => m.Provider == provider)) continue;
            if (shortlist.Count >= Options.ProposalsPerKind)
            {
                // Full: the newcomer takes the place of the weakest proposal nobody acted on, if it is better.
                var weakest = shortlist.Where(m => m.Status == MatchStatus.Proposed).MinBy(m => m.Score);
                if (weakest is null || weakest.Score >= fit.Score) continue;
                weakest.Withdraw(ActorRef.System, now, "有更合适的服务方");
            }
            made.Add(Propose(need, provider, fit.Score, fit.Factors, now));
        }
        db.Matches.AddRange(made);
        await db.SaveChangesAsync(ct);
        if (made.Count > 0) await RefreshProvidersAsync([provider], ct);
        return made;
    }

    private static Match Propose(Need need, ProviderRef provider, double score, IReadOnlyList<ScoreFactor> factors, DateTimeOffset at) =>
        Match.Propose(need.Id, provider, score, factors, ActorRef.System, at, provider.Kind == ResourceKind.Fund ? need.Quantity.AsMoney : null);

    private async Task<IReadOnlyList<ResourceKind>> KindsAsync(Need need, CancellationToken ct)
    {
        var item = await db.ServiceItems.AsNoTracking().SingleOrDefaultAsync(i => i.Code == need.ServiceItemCode, ct);
        return MatchPlan.KindsFor(item?.UsualResourceKinds ?? [], need.Quantity.AsMoney);
    }

    /// Proposed providers count as recently proposed: their fairness penalty grows at once.
    private async Task RefreshProvidersAsync(IEnumerable<ProviderRef> providers, CancellationToken ct)
    {
        var index = await host.ReadyAsync(ct);
        foreach (var provider in providers.Distinct())
            if (await profiles.ProviderAsync(provider, ct) is { } profile) await index.UpsertProviderAsync(profile, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reverse matching for provider {Provider} failed; the provider is saved")]
    private static partial void ProviderMatchingFailed(ILogger logger, Exception e, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Matching need {NeedId} failed; the need is saved and can be re-run")]
    private static partial void MatchingFailed(ILogger logger, Exception e, long needId);
}
