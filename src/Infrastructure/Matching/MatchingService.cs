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
    Feed.IndexHealth health,
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
        await host.WriteLocalAsync(i => i.UpsertNeedAsync(profile, ct));
        var standing = await db.Matches.Where(m => m.NeedId == need.Id && Standing.Contains(m.Status)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(now);
        var taken = standing.Select(m => m.Provider).ToHashSet();
        var candidates = new List<RankedCandidate>();
        foreach (var kind in await KindsAsync(need, ct))
        {
            var have = standing.Count(m => m.ProviderKind == kind);
            if (have >= Options.ProposalsPerKind) continue;
            var query = new ProviderQuery(Options.ProposalsPerKind + have, today, new HashSet<ResourceKind> { kind });
            candidates.AddRange((await index.SearchProvidersAsync(profile, query, ct)).Where(c => !taken.Contains(c.Provider))
                .Take(Options.ProposalsPerKind - have));
        }
        // The index is derived data and may lag behind the database (another node paused a provider,
        // a command-line import): every candidate is checked against its current record first.
        var current = (await profiles.ProvidersAsync(candidates.Select(c => c.Provider).ToList(), ct)).ToDictionary(p => p.Ref);
        var made = candidates.Where(c => current.TryGetValue(c.Provider, out var p) && HardRules.Passes(profile, p, today))
            .Select(c => Propose(need, c.Provider, c.Score, c.Factors, now)).ToList();
        db.Matches.AddRange(made);
        await db.SaveChangesAsync(ct);
        // Refresh them in the index: the stale ones leave it, the proposed count as recently proposed
        // (a shared index hears of it through the feed: the new matches wrote their changes).
        foreach (var p in current.Values)
            await host.WriteLocalAsync(i => i.UpsertProviderAsync(made.Any(m => m.Provider == p.Ref)
                ? p with { Record = p.Record with { RecentProposals = p.Record.RecentProposals + 1 } }
                : p, ct));
        return made;
    }

    /// Open needs created since <paramref name="since"/> that have no proposal yet (an import's new
    /// needs) get their proposals as posted ones do; returns how many needs got at least one.
    public async Task<int> ProposeForUnmatchedAsync(DateTimeOffset since, CancellationToken ct)
    {
        var ids = await db.Needs.Where(n => n.CreatedAt >= since && ProfileSource.Open.Contains(n.Status) && !db.Matches.Any(m => m.NeedId == n.Id))
            .OrderBy(n => n.Id).Select(n => n.Id).ToListAsync(ct);
        var matched = 0;
        foreach (var id in ids)
        {
            ct.ThrowIfCancellationRequested();
            db.ChangeTracker.Clear();
            if (await db.Needs.SingleOrDefaultAsync(n => n.Id == id, ct) is { } need && (await TryProposeAsync(need)).Count > 0) matched++;
        }
        return matched;
    }

    /// Withdraws the proposals nobody acted on yet and proposes afresh (details or providers changed).
    public async Task<IReadOnlyList<Match>> RerunAsync(Need need, ActorRef by, CancellationToken ct)
    {
        if (await WaitsWhileDownAsync(need)) return []; // the old proposals stand
        var now = clock.GetUtcNow();
        // One transaction: if proposing fails, the old proposals stand.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var idle = await db.Matches.Where(m => m.NeedId == need.Id && m.Status == MatchStatus.Proposed).ToListAsync(ct);
        foreach (var match in idle) match.Withdraw(by, now, "重新匹配");
        await db.SaveChangesAsync(ct);
        IReadOnlyList<Match> made;
        try
        {
            made = await ProposeAsync(need, ct);
        }
        catch (Elasticsearch.ElasticsearchException e) when (e.IsUnavailable)
        {
            // The old proposals stand; the need is re-run by itself when the index answers again.
            await transaction.RollbackAsync(ct);
            await DelayAsync(need.Id, e);
            return [];
        }
        await transaction.CommitAsync(ct);
        await db.DelayedMatchings.Where(d => d.NeedId == need.Id).ExecuteDeleteAsync(ct); // waited, and is matched now
        return made;
    }

    // The Try… methods follow a change already committed: they run to the end even when the request
    // that made the change is cancelled (a closed browser must not leave a need without proposals or
    // the index without the change), and their failure is logged, never thrown.

    /// After a submission: proposals are made at once, but a failure of matching never loses the
    /// need itself (already saved); the worker can re-run it. When the index cannot be reached the
    /// need waits as "matching delayed" and is matched by <see cref="Feed.DelayedMatchingRetry"/>.
    public async Task<IReadOnlyList<Match>> TryProposeAsync(Need need)
    {
        if (await WaitsWhileDownAsync(need)) return [];
        Exception? unreachable = null;
        var made = await SafelyAsync(() => ProposeAsync(need, CancellationToken.None), e =>
        {
            if (e is Elasticsearch.ElasticsearchException { IsUnavailable: true }) unreachable = e;
            else MatchingFailed(logger, e, need.Id);
        });
        if (unreachable is not null) await DelayAsync(need.Id, unreachable);
        return made;
    }

    /// While the shared index is known to be down, an open need waits at once: each attempt would cost
    /// its timeouts and retries. The retry service and the relay find out when it answers again.
    private async Task<bool> WaitsWhileDownAsync(Need need)
    {
        if (health.Failing is not { } failing || !ProfileSource.Open.Contains(need.Status)) return false;
        await DelayAsync(need.Id, new Elasticsearch.ElasticsearchException(null, null, failing.Error));
        return true;
    }

    /// Records that the need waits for the index (once; a later failure keeps the first time).
    private async Task DelayAsync(long needId, Exception e)
    {
        MatchingDelayed(logger, e, needId);
        health.Failed(e.Message);
        db.ChangeTracker.Clear();
        try
        {
            if (await db.DelayedMatchings.AnyAsync(d => d.NeedId == needId)) return;
            db.DelayedMatchings.Add(new Feed.DelayedMatching(needId, clock.GetUtcNow(), e.Message));
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another request recorded it first
        }
    }

    /// After a provider's change is saved: matching follows, but its failure never undoes the change.
    /// <paramref name="putForward"/> false only refreshes the index (its load or record changed, it freed nothing).
    public Task<IReadOnlyList<Match>> TryProviderChangedAsync(ProviderRef provider, bool putForward = true) =>
        SafelyAsync(() => ProviderChangedAsync(provider, CancellationToken.None, putForward), e => ProviderMatchingFailed(logger, e, provider.ToString()));

    /// After a need's status or details changed: it enters or leaves the index of open needs.
    public Task TryNeedChangedAsync(Need need) =>
        SafelyAsync(async () =>
        {
            await NeedChangedAsync(need, CancellationToken.None);
            return [];
        }, e => IndexUpdateFailed(logger, e, need.Id));

    private async Task<IReadOnlyList<Match>> SafelyAsync(Func<Task<IReadOnlyList<Match>>> run, Action<Exception> log)
    {
        try
        {
            return await run();
        }
        catch (Exception e)
        {
            log(e);
            db.ChangeTracker.Clear();
            return [];
        }
    }

    /// A need changed status or details: it enters or leaves the index of open needs.
    public async Task NeedChangedAsync(Need need, CancellationToken ct)
    {
        await host.WriteLocalAsync(async index =>
        {
            if (ProfileSource.Open.Contains(need.Status)) await index.UpsertNeedAsync(await profiles.NeedAsync(need, ct), ct);
            else await index.RemoveNeedAsync(need.Id, ct);
        });
    }

    /// A provider was created, approved, changed, paused or freed capacity: refresh it in the index
    /// and, when it can take work, put it forward for the open needs it fits best (reverse matching).
    public async Task<IReadOnlyList<Match>> ProviderChangedAsync(ProviderRef provider, CancellationToken ct, bool putForward = true)
    {
        var index = await host.ReadyAsync(ct);
        var profile = await profiles.ProviderAsync(provider, ct);
        if (profile is null)
        {
            await host.WriteLocalAsync(i => i.RemoveProviderAsync(provider, ct));
            return [];
        }
        await host.WriteLocalAsync(i => i.UpsertProviderAsync(profile, ct));
        if (!putForward || !profile.IsActive || Options.ReverseProposals == 0) return [];

        var now = clock.GetUtcNow();
        var fits = await index.SearchNeedsAsync(profile, new NeedQuery(Options.ReverseProposals, ChinaTime.Today(now)), ct);
        if (fits.Count == 0) return [];
        var ids = fits.Select(f => f.NeedId).ToList();
        var needs = await db.Needs.Where(n => ids.Contains(n.Id) && ProfileSource.Open.Contains(n.Status)).ToDictionaryAsync(n => n.Id, ct);
        var kinds = await KindsByItemAsync(needs.Values.Select(n => n.ServiceItemCode), ct);
        // The shortlists of this kind, and the needs this provider declined or was taken off by a
        // worker: the index's copy of a need may not know of them yet; the database does.
        var matches = await db.Matches.Where(m => ids.Contains(m.NeedId) && m.ProviderKind == provider.Kind
                && (Standing.Contains(m.Status) || m.ProviderId == provider.Id && (m.Status == MatchStatus.Declined || m.Status == MatchStatus.Withdrawn)))
            .ToListAsync(ct);
        var declined = matches.Where(m => !Standing.Contains(m.Status)).Select(m => m.NeedId).ToHashSet();
        var standing = matches.Where(m => Standing.Contains(m.Status)).ToLookup(m => m.NeedId);
        var made = new List<Match>();
        foreach (var fit in fits)
        {
            if (declined.Contains(fit.NeedId) || !needs.TryGetValue(fit.NeedId, out var need)) continue;
            if (!MatchPlan.KindsFor(kinds.GetValueOrDefault(need.ServiceItemCode) ?? [], need.Quantity.AsMoney).Contains(provider.Kind)) continue;
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
        // Its new proposals count towards its fairness penalty at once (what reloading it would give).
        if (made.Count > 0)
            await host.WriteLocalAsync(i => i.UpsertProviderAsync(profile with { Record = profile.Record with { RecentProposals = profile.Record.RecentProposals + made.Count } }, ct));
        return made;
    }

    private static Match Propose(Need need, ProviderRef provider, double score, IReadOnlyList<ScoreFactor> factors, DateTimeOffset at) =>
        Match.Propose(need.Id, provider, score, factors, ActorRef.System, at, provider.Kind == ResourceKind.Fund ? need.Quantity.AsMoney : null);

    private async Task<IReadOnlyList<ResourceKind>> KindsAsync(Need need, CancellationToken ct) =>
        MatchPlan.KindsFor((await KindsByItemAsync([need.ServiceItemCode], ct)).GetValueOrDefault(need.ServiceItemCode) ?? [],
            need.Quantity.AsMoney);

    /// The resource kinds each catalogue item usually needs, for the items given.
    private async Task<Dictionary<string, IReadOnlyList<ResourceKind>>> KindsByItemAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        return (await db.ServiceItems.AsNoTracking().Where(i => wanted.Contains(i.Code)).ToListAsync(ct))
            .ToDictionary(i => i.Code, i => i.UsualResourceKinds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reverse matching for provider {Provider} failed; the provider is saved")]
    private static partial void ProviderMatchingFailed(ILogger logger, Exception e, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating need {NeedId} in the candidate index failed; the need is saved and the index catches up at its next refresh")]
    private static partial void IndexUpdateFailed(ILogger logger, Exception e, long needId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The candidate index cannot be reached; need {NeedId} is saved and will be matched when it answers again")]
    private static partial void MatchingDelayed(ILogger logger, Exception e, long needId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Matching need {NeedId} failed; the need is saved and can be re-run")]
    private static partial void MatchingFailed(ILogger logger, Exception e, long needId);
}
