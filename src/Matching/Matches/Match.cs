using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Matches;

/// A pairing of a need with one provider: proposed by the engine (or a worker), offered by a
/// worker, answered by the provider, then served, completed and rated.
public class Match
{
    private List<ScoreFactor> _factors = [];
    private readonly List<StatusChange<MatchStatus>> _history = [];
    private readonly List<ServiceRecord> _serviceRecords = [];
    private readonly List<Feedback> _feedback = [];

    private Match() { } // for EF Core

    private Match(long needId, ProviderRef provider, double score, IEnumerable<ScoreFactor> factors, Money? amount, DateTimeOffset at)
    {
        if (needId <= 0)
            throw new DomainException("match.need", "匹配必须关联一条需求。");
        if (provider.Id <= 0)
            throw new DomainException("match.provider", "匹配必须关联一个服务提供方。");
        if (provider.Kind == ResourceKind.Fund && amount is not { IsPositive: true })
            throw new DomainException("match.amount", "基金资助匹配必须写明资助金额。");
        if (double.IsNaN(score) || double.IsInfinity(score))
            throw new DomainException("match.score", "匹配得分无效。");
        NeedId = needId;
        ProviderKind = provider.Kind;
        ProviderId = provider.Id;
        Score = score;
        _factors = factors.ToList();
        Amount = provider.Kind == ResourceKind.Fund ? amount : null;
        ProposedAt = at;
        UpdatedAt = at;
    }

    public long Id { get; private set; }
    public long NeedId { get; private set; }
    public ResourceKind ProviderKind { get; private set; }
    public long ProviderId { get; private set; }
    public ProviderRef Provider => new(ProviderKind, ProviderId);
    public double Score { get; private set; }
    public IReadOnlyList<ScoreFactor> Factors => _factors;
    public string Explanation => MatchExplanation.Of(_factors);

    /// For a fund: the grant this match draws on the budget.
    public Money? Amount { get; private set; }

    public MatchStatus Status { get; private set; }
    public DateTimeOffset ProposedAt { get; private set; }
    public DateTimeOffset? OfferedAt { get; private set; }
    public DateTimeOffset? OfferExpiresAt { get; private set; }
    public DateTimeOffset? RespondedAt { get; private set; }
    public DeclineReason? DeclineReason { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// Oldest first, whatever order the database returned the lines in.
    public IReadOnlyList<StatusChange<MatchStatus>> History => _history.Chronological();
    public IReadOnlyList<ServiceRecord> ServiceRecords => _serviceRecords.OrderBy(r => r.Date).ThenBy(r => r.RecordedAt).ToList();
    public IReadOnlyList<Feedback> Feedback => _feedback;

    public int ServedMinutes => _serviceRecords.Sum(r => r.Minutes);

    public static Match Propose(long needId, ProviderRef provider, double score, IEnumerable<ScoreFactor> factors,
        ActorRef by, DateTimeOffset at, Money? amount = null)
    {
        var match = new Match(needId, provider, score, factors, amount, at);
        Guard.Actor(by.Id);
        match._history.Add(new StatusChange<MatchStatus>(null, MatchStatus.Proposed, at, by, null));
        return match;
    }

    public void Offer(ActorRef by, DateTimeOffset at, DateTimeOffset expiresAt)
    {
        if (expiresAt <= at)
            throw new DomainException("match.expiry", "邀请的答复期限必须晚于现在。");
        Move(MatchAction.Offer, by, at, null);
        OfferedAt = at;
        OfferExpiresAt = expiresAt;
    }

    public void Accept(ActorRef by, DateTimeOffset at)
    {
        if (Status == MatchStatus.Offered && OfferExpiresAt is { } deadline && at >= deadline)
            throw new DomainException("match.offer-expired", "邀请已过答复期限，不能再接受。");
        Move(MatchAction.Accept, by, at, null);
        RespondedAt = at;
    }

    public void Decline(ActorRef by, DateTimeOffset at, DeclineReason reason, string? note = null)
    {
        Guard.Defined(reason, "婉拒原因");
        Move(MatchAction.Decline, by, at, note);
        RespondedAt = at;
        DeclineReason = reason;
    }

    /// An offer left unanswered past its deadline.
    public void Expire(DateTimeOffset at)
    {
        if (Status == MatchStatus.Offered && OfferExpiresAt is { } deadline && at < deadline)
            throw new DomainException("match.not-expired", "邀请尚未到答复期限。");
        Move(MatchAction.Expire, ActorRef.System, at, null);
    }

    public void Withdraw(ActorRef by, DateTimeOffset at, string reason) => Move(MatchAction.Withdraw, by, at, reason);

    public void StartService(ActorRef by, DateTimeOffset at) => Move(MatchAction.StartService, by, at, null);

    /// Records a session; the first one starts the service.
    public ServiceRecord RecordService(DateOnly date, int minutes, int peopleServed, string? notes, ActorRef by, DateTimeOffset at)
    {
        if (Status is not (MatchStatus.Accepted or MatchStatus.InService))
            throw new InvalidTransitionException("匹配", Status, MatchAction.StartService,
                MatchStateMachine.StatusName(Status), "记录服务");
        var record = new ServiceRecord(date, minutes, peopleServed, notes, by, at);
        if (Status == MatchStatus.Accepted) Move(MatchAction.StartService, by, at, null);
        _serviceRecords.Add(record);
        UpdatedAt = at;
        return record;
    }

    public void Complete(ActorRef by, DateTimeOffset at)
    {
        if (Status == MatchStatus.InService && _serviceRecords.Count == 0)
            throw new DomainException("match.no-record", "请先记录至少一次服务，再标记完成。");
        Move(MatchAction.Complete, by, at, null);
    }

    /// A fund's grant has no sessions: once paid it is complete (two history lines, as a service).
    public void CompleteGrant(ActorRef by, DateTimeOffset at)
    {
        if (ProviderKind != ResourceKind.Fund)
            throw new DomainException("match.not-grant", "只有基金资助可以直接标记为已拨付完成。");
        if (Status == MatchStatus.Accepted) Move(MatchAction.StartService, by, at, null);
        Move(MatchAction.Complete, by, at, null);
    }

    public Feedback Rate(FeedbackSource source, int rating, string? comment, ActorRef by, DateTimeOffset at)
    {
        if (Status != MatchStatus.Completed)
            throw new DomainException("match.rate-status", "服务完成后才能评价。");
        if (_feedback.Any(f => f.Source == source))
            throw new DomainException("match.rated", "已经评价过，不能重复评价。");
        var feedback = new Feedback(source, rating, comment, by, at);
        _feedback.Add(feedback);
        UpdatedAt = at;
        return feedback;
    }

    private void Move(MatchAction action, ActorRef by, DateTimeOffset at, string? reason)
    {
        var next = MatchStateMachine.Next(Status, action)
                   ?? throw new InvalidTransitionException("匹配", Status, action,
                       MatchStateMachine.StatusName(Status), MatchStateMachine.ActionName(action));
        Guard.Actor(by.Id);
        var why = MatchStateMachine.RequiresReason(action)
            ? Guard.Text(reason, "原因", 200, multiline: true)
            : Guard.OptionalText(reason, "原因", 200, multiline: true);
        _history.Add(new StatusChange<MatchStatus>(Status, next, at, by, why));
        Status = next;
        UpdatedAt = at;
    }
}
