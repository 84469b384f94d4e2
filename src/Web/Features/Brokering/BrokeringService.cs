using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Brokering;

/// What a provider enters after a session.
public sealed record ServiceInput(DateOnly Date, decimal Hours, int PeopleServed, string? Notes);

/// A match with everything its steps change: its need, its provider and the need's other matches.
public sealed record MatchCase(Match Match, Need Need, Resource Provider, IReadOnlyList<Match> Siblings);

/// Brokering a match from offer to rating, for the pages and the API alike. Who may take each step
/// is decided here, on the server: the station brokers the needs of its township (and may answer
/// for a provider who phoned in), the provider answers and serves its own offers, the requester
/// or the village committee rates. Two people acting at once: one wins, the other is told why,
/// and no place, case or budget is ever given twice (optimistic versions, retried on conflict).
public sealed class BrokeringService(
    FiveSocietiesDbContext db,
    MatchingService matching,
    TimeProvider clock,
    IOptions<BrokeringOptions> options,
    ILogger<BrokeringService> logger)
{
    private const int Attempts = 5;

    [Flags]
    public enum Rights { None = 0, Broker = 1, Provide = 2, Rate = 4 }

    public Task<Outcome<Match>> OfferAsync(DataScope scope, long matchId, CancellationToken ct) =>
        ActAsync(scope, matchId, Rights.Broker, (c, at) =>
            Brokerage.Offer(c.Need, c.Match, scope.User.Actor, at, at + options.Value.AnswerTime(c.Need.Urgency)), ct);

    /// Offers each proposal; returns how many were offered, how many the caller may not see, and
    /// why the others were refused.
    public async Task<(int Offered, int NotFound, FormErrors Refusals)> OfferManyAsync(DataScope scope, IReadOnlyCollection<long> matchIds, CancellationToken ct)
    {
        var (offered, notFound) = (0, 0);
        var refusals = new FormErrors();
        foreach (var id in matchIds.Distinct())
        {
            var outcome = await OfferAsync(scope, id, ct);
            if (outcome.Succeeded) offered++;
            else if (outcome.IsNotFound) notFound++;
            else refusals.AddAll(outcome.Errors);
        }
        if (notFound > 0 && (offered > 0 || refusals.Any)) refusals.Add("", "{0} 条推荐已不存在或不在您的辖区。", notFound);
        return (offered, notFound, refusals);
    }

    public async Task<Outcome<Match>> AcceptAsync(DataScope scope, long matchId, CancellationToken ct)
    {
        var outcome = await ActAsync(scope, matchId, Rights.Provide | Rights.Broker, (c, at) =>
            Brokerage.Accept(c.Need, c.Match, c.Provider, scope.User.Actor, at), ct);
        if (outcome.Succeeded) await AfterAsync(outcome.Value!, Provider.Refresh); // its load grew: no new proposals for it
        return outcome;
    }

    public async Task<Outcome<Match>> DeclineAsync(DataScope scope, long matchId, DeclineReason? reason, string? note, CancellationToken ct)
    {
        if (reason is not { } why || !Enum.IsDefined(why)) return Outcome<Match>.Invalid("Reason", "请选择婉拒的原因。");
        var outcome = await ActAsync(scope, matchId, Rights.Provide | Rights.Broker, (c, at) =>
            Brokerage.Decline(c.Need, c.Match, scope.User.Actor, at, why, note), ct);
        if (outcome.Succeeded) await OfferNextAsync(outcome.Value!.NeedId, outcome.Value.ProviderKind, ct);
        return outcome;
    }

    public async Task<Outcome<Match>> WithdrawAsync(DataScope scope, long matchId, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) return Outcome<Match>.Invalid("Reason", "请填写撤回原因。");
        var freed = false;
        var outcome = await ActAsync(scope, matchId, Rights.Broker, (c, at) =>
        {
            freed = MatchStateMachine.HoldsCapacity(c.Match.Status);
            Brokerage.Withdraw(c.Need, c.Match, c.Provider, c.Siblings, scope.User.Actor, at, reason);
        }, ct);
        if (outcome.Succeeded) await AfterAsync(outcome.Value!, freed ? Provider.PutForward : Provider.Unchanged);
        return outcome;
    }

    public async Task<Outcome<Match>> RecordServiceAsync(DataScope scope, long matchId, ServiceInput input, CancellationToken ct)
    {
        if (input.Hours <= 0 || input.Hours > 24 || input.Hours * 60 % 1 != 0)
            return Outcome<Match>.Invalid("Hours", "服务时长应在 0 到 24 小时之间（可到分钟）。");
        var outcome = await ActAsync(scope, matchId, Rights.Provide | Rights.Broker, (c, at) =>
            Brokerage.RecordService(c.Need, c.Match, c.Provider, input.Date, (int)(input.Hours * 60), input.PeopleServed, input.Notes, scope.User.Actor, at), ct);
        if (outcome.Succeeded) await AfterAsync(outcome.Value!, Provider.Unchanged);
        return outcome;
    }

    public async Task<Outcome<Match>> CompleteAsync(DataScope scope, long matchId, CancellationToken ct)
    {
        var outcome = await ActAsync(scope, matchId, Rights.Provide | Rights.Broker, (c, at) =>
            Brokerage.Complete(c.Need, c.Match, c.Provider, c.Siblings, scope.User.Actor, at), ct);
        if (outcome.Succeeded) await AfterAsync(outcome.Value!, Provider.PutForward); // free again
        return outcome;
    }

    public async Task<Outcome<Match>> RateAsync(DataScope scope, long matchId, int rating, string? comment, CancellationToken ct)
    {
        if (rating is < 1 or > 5) return Outcome<Match>.Invalid("Rating", "请选择 1 到 5 星的评分。");
        var outcome = await ActAsync(scope, matchId, Rights.Rate, (c, at) =>
            Brokerage.Rate(c.Need, c.Match, c.Provider, c.Siblings, SourceOf(scope.User, c.Need), rating, comment, scope.User.Actor, at), ct);
        if (outcome.Succeeded) await AfterAsync(outcome.Value!, Provider.Refresh); // its record changed
        return outcome;
    }

    /// The caller's rights over a match, or none (the match is then "not found" to them).
    public static Rights RightsOver(DataScope scope, Need need, Resource provider)
    {
        var user = scope.User;
        var rights = Rights.None;
        if (user.Is(AppRoles.SystemAdmin) || user.Is(AppRoles.StationWorker) && scope.Covers(need.VillageCode)) rights |= Rights.Broker;
        if (IsProvider(user, provider)) rights |= Rights.Provide;
        if (MayRate(scope, need)) rights |= Rights.Rate;
        return rights;
    }

    /// The requester, or the committee of the need's village.
    public static bool MayRate(DataScope scope, Need need) =>
        need.Requester.PostedById == scope.User.Id || scope.User.Is(AppRoles.CommitteeStaff) && scope.Covers(need.VillageCode);

    /// A volunteer answers for itself; organisation staff for the organisation, its funds and its projects.
    public static bool IsProvider(UserContext user, Resource provider) => provider switch
    {
        Volunteer v => user.Is(AppRoles.Volunteer) && user.VolunteerId == v.Id,
        SocialOrganisation o => user.Is(AppRoles.OrganisationStaff) && user.OrganisationId == o.Id,
        CharitableFund f => user.Is(AppRoles.OrganisationStaff) && user.OrganisationId is { } org && f.ManagerOrganisationId == org,
        MicroGrantProject p => user.Is(AppRoles.OrganisationStaff) && user.OrganisationId == p.OwnerOrganisationId,
        _ => false,
    };

    /// The requester rates as the requester; a committee member rates as the requester for a need
    /// posted on a resident's behalf, and as the committee otherwise.
    public static FeedbackSource SourceOf(UserContext user, Need need) =>
        need.Requester.PostedById == user.Id || need.Requester.Kind != RequesterKind.Resident ? FeedbackSource.Requester : FeedbackSource.Committee;

    /// Offers left unanswered past their deadline expire, and the next candidate is offered.
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Matches.AsNoTracking().Where(m => m.Status == MatchStatus.Offered && m.OfferExpiresAt <= now)
            .OrderBy(m => m.OfferExpiresAt).Select(m => m.Id).Take(200).ToListAsync(ct);
        var expired = 0;
        foreach (var id in due)
        {
            var outcome = await RetryAsync(async () =>
            {
                // Expiry touches the match alone; answered meanwhile, or expired by another node: nothing to do.
                var match = await db.Matches.SingleOrDefaultAsync(m => m.Id == id && m.Status == MatchStatus.Offered, ct);
                if (match is null) return Outcome<Match>.NotFound();
                match.Expire(clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                return Outcome<Match>.Ok(match);
            });
            if (!outcome.Succeeded) continue;
            expired++;
            await OfferNextAsync(outcome.Value!.NeedId, outcome.Value.ProviderKind, ct);
        }
        return expired;
    }

    /// After a decline or an expiry: unless another provider of that kind is already on the need,
    /// the best remaining proposal of the kind is offered (after topping up the shortlist if it is empty).
    private async Task OfferNextAsync(long needId, ResourceKind kind, CancellationToken ct)
    {
        if (!options.Value.OfferNextAutomatically) return;
        try
        {
            await RetryAsync(async () =>
            {
                var need = await db.Needs.SingleOrDefaultAsync(n => n.Id == needId, ct);
                if (need is null || need.Status is not (NeedStatus.Submitted or NeedStatus.Matching)) return Outcome<Match>.NotFound();
                var siblings = await db.Matches.Where(m => m.NeedId == needId && m.ProviderKind == kind).ToListAsync(ct);
                if (siblings.Any(m => m.OfferedAt is not null && MatchingService.Standing.Contains(m.Status))) return Outcome<Match>.NotFound();
                var next = Best(siblings) ?? Best(await matching.TryProposeAsync(need));
                if (next is null) return Outcome<Match>.NotFound();
                var now = clock.GetUtcNow();
                Brokerage.Offer(need, next, ActorRef.System, now, now + options.Value.AnswerTime(need.Urgency));
                await db.SaveChangesAsync(ct);
                return Outcome<Match>.Ok(next);
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The decline or expiry is saved; the worker sees the need back on the console.
            logger.LogWarning(e, "Offering the next candidate for need {NeedId} failed", needId);
            db.ChangeTracker.Clear();
        }

        Match? Best(IEnumerable<Match> matches) =>
            matches.Where(m => m.ProviderKind == kind && m.Status == MatchStatus.Proposed).OrderByDescending(m => m.Score).FirstOrDefault();
    }

    /// Loads the match's case, checks the caller's rights, runs the step and saves; on a conflict
    /// with someone else's save, starts again from the database.
    private Task<Outcome<Match>> ActAsync(DataScope scope, long matchId, Rights needed, Action<MatchCase, DateTimeOffset> step, CancellationToken ct) =>
        RetryAsync(async () =>
        {
            var c = await LoadAsync(matchId, ct);
            if (c is null) return Outcome<Match>.NotFound();
            var rights = RightsOver(scope, c.Need, c.Provider);
            if (rights == Rights.None) return Outcome<Match>.NotFound();
            if ((rights & needed) == 0) return Outcome<Match>.Invalid("", "您不能对这条匹配执行此操作。");
            step(c, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return Outcome<Match>.Ok(c.Match);
        });

    private async Task<Outcome<Match>> RetryAsync(Func<Task<Outcome<Match>>> attempt)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateConcurrencyException) when (i < Attempts)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return Outcome<Match>.Invalid("", "该匹配刚被其他人处理过，请刷新后重试。");
            }
            catch (DomainException refusal)
            {
                db.ChangeTracker.Clear();
                return Outcome<Match>.Invalid(new FormErrors().Add(refusal, _ => null));
            }
        }
    }

    /// Takes every provider off a need that is being cancelled (their capacity is given back and
    /// they are told); saved with the cancellation by the caller.
    public async Task WithdrawAllAsync(Need need, ActorRef by, string reason, DateTimeOffset at, CancellationToken ct)
    {
        var siblings = await db.Matches.Where(m => m.NeedId == need.Id).ToListAsync(ct);
        foreach (var match in siblings.Where(m => MatchStateMachine.IsLive(m.Status)))
            if (await ProviderAsync(match, ct) is { } provider)
                Brokerage.Withdraw(need, match, provider, siblings, by, at, reason);
    }

    public async Task<MatchCase?> LoadAsync(long matchId, CancellationToken ct)
    {
        var match = await db.Matches.SingleOrDefaultAsync(m => m.Id == matchId, ct);
        if (match is null) return null;
        var need = await db.Needs.SingleAsync(n => n.Id == match.NeedId, ct);
        var siblings = await db.Matches.Where(m => m.NeedId == need.Id).ToListAsync(ct);
        return await ProviderAsync(match, ct) is { } provider ? new MatchCase(match, need, provider, siblings) : null;
    }

    private async Task<Resource?> ProviderAsync(Match match, CancellationToken ct) => match.ProviderKind switch
    {
        ResourceKind.Volunteer => await db.Volunteers.SingleOrDefaultAsync(r => r.Id == match.ProviderId, ct),
        ResourceKind.Organisation => await db.Organisations.SingleOrDefaultAsync(r => r.Id == match.ProviderId, ct),
        ResourceKind.Fund => await db.Funds.SingleOrDefaultAsync(r => r.Id == match.ProviderId, ct),
        _ => await db.MicroGrantProjects.SingleOrDefaultAsync(r => r.Id == match.ProviderId, ct),
    };

    private enum Provider { Unchanged, Refresh, PutForward }

    /// Work that follows a committed step: the need leaves or re-enters the open-needs index, and a
    /// provider whose load or record changed is refreshed there — and, when the step freed it, put
    /// forward for open needs (reverse matching).
    private async Task AfterAsync(Match match, Provider provider)
    {
        if (await db.Needs.FindAsync(match.NeedId) is { } need) await matching.TryNeedChangedAsync(need); // tracked: no query
        if (provider != Provider.Unchanged) await matching.TryProviderChangedAsync(match.Provider, putForward: provider == Provider.PutForward);
    }
}
