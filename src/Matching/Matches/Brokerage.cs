using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Matching.Matches;

/// The rules that tie a match's steps to its need and its provider: an offer starts matching, an
/// acceptance takes the provider's capacity and matches the need, the first session starts the
/// service, the last completion completes the need, a rating feeds the provider's record.
/// <paramref name="siblings"/> arguments are all matches of the need (the match itself may be among them).
public static class Brokerage
{
    /// The need statuses in which a provider may still be brought in (a fund can join a service under way).
    private static readonly NeedStatus[] Joinable = [NeedStatus.Submitted, NeedStatus.Matching, NeedStatus.Matched, NeedStatus.InService];

    public static void Offer(Need need, Match match, ActorRef by, DateTimeOffset at, DateTimeOffset expiresAt)
    {
        Pair(need, match);
        RequireJoinable(need, "发出邀请");
        match.Offer(by, at, expiresAt);
        if (need.Status == NeedStatus.Submitted) need.StartMatching(by, at);
    }

    public static void Accept(Need need, Match match, Resource provider, ActorRef by, DateTimeOffset at)
    {
        Pair(need, match, provider);
        RequireJoinable(need, "接受邀请");
        match.Accept(by, at);
        Reserve(provider, match, at);
        if (need.Status == NeedStatus.Submitted) need.StartMatching(by, at);
        if (need.Status == NeedStatus.Matching) need.MarkMatched(by, at);
    }

    public static void Decline(Need need, Match match, ActorRef by, DateTimeOffset at, DeclineReason reason, string? note)
    {
        Pair(need, match);
        match.Decline(by, at, reason, note);
    }

    /// Takes a provider off a need. A provider that had accepted gives its capacity back, and a need
    /// left without any provider goes back to matching.
    public static void Withdraw(Need need, Match match, Resource provider, IEnumerable<Match> siblings, ActorRef by, DateTimeOffset at, string reason)
    {
        Pair(need, match, provider);
        var held = MatchStateMachine.HoldsCapacity(match.Status);
        match.Withdraw(by, at, reason);
        if (!held) return;
        Release(provider, match, at);
        if (need.Status == NeedStatus.Matched && !siblings.Any(m => m != match && MatchStateMachine.HoldsCapacity(m.Status)))
            need.ReopenMatching(by, at, reason);
    }

    public static ServiceRecord RecordService(Need need, Match match, Resource provider, DateOnly date, int minutes, int peopleServed, string? notes,
        ActorRef by, DateTimeOffset at)
    {
        Pair(need, match, provider);
        if (match.ProviderKind == ResourceKind.Fund)
            throw new DomainException("brokerage.grant-record", "基金资助不记录服务时长，拨付后请直接标记完成。");
        var record = match.RecordService(date, minutes, peopleServed, notes, by, at);
        if (provider is Volunteer volunteer) volunteer.LogService(minutes);
        if (need.Status == NeedStatus.Matched) need.StartService(by, at);
        return record;
    }

    /// The match is done; the need is complete when no other provider still serves it.
    public static void Complete(Need need, Match match, Resource provider, IEnumerable<Match> siblings, ActorRef by, DateTimeOffset at)
    {
        Pair(need, match, provider);
        if (match.ProviderKind == ResourceKind.Fund) match.CompleteGrant(by, at);
        else match.Complete(by, at);
        provider.RecordCompletion();
        if (provider is Volunteer volunteer) volunteer.ReleaseTask();
        if (siblings.Any(m => m != match && MatchStateMachine.HoldsCapacity(m.Status))) return;
        if (need.Status == NeedStatus.Matched) need.StartService(by, at);
        if (need.Status == NeedStatus.InService) need.Complete(by, at);
    }

    /// A rating counts towards the provider's record; once the requester has rated every completed
    /// provider, the need is rated.
    public static Feedback Rate(Need need, Match match, Resource provider, IEnumerable<Match> siblings, FeedbackSource source, int rating,
        string? comment, ActorRef by, DateTimeOffset at)
    {
        Pair(need, match, provider);
        var feedback = match.Rate(source, rating, comment, by, at);
        provider.RecordRating(feedback.Rating);
        if (source == FeedbackSource.Requester && need.Status == NeedStatus.Completed
            && siblings.Where(m => m != match && m.Status == MatchStatus.Completed).All(m => m.Feedback.Any(f => f.Source == FeedbackSource.Requester)))
            need.MarkRated(by, at);
        return feedback;
    }

    /// Takes what an accepted match holds: a volunteer's task place, an organisation's case this
    /// month, a fund's grant, a project's place. Refused (and nothing taken) when none is left.
    public static void Reserve(Resource provider, Match match, DateTimeOffset at)
    {
        switch (provider)
        {
            case Volunteer v: v.ReserveTask(); break;
            case SocialOrganisation o: o.ReserveCase(at); break;
            case CharitableFund f: f.Reserve(match.Amount ?? throw new DomainException("match.amount", "基金资助匹配必须写明资助金额。")); break;
            case MicroGrantProject p: p.TakePlace(ChinaTime.Today(at)); break;
        }
    }

    public static void Release(Resource provider, Match match, DateTimeOffset at)
    {
        switch (provider)
        {
            case Volunteer v: v.ReleaseTask(); break;
            case SocialOrganisation o: o.ReleaseCase(at); break;
            case CharitableFund f when match.Amount is { } amount: f.Release(amount); break;
            case MicroGrantProject p: p.ReleasePlace(); break;
        }
    }

    private static void RequireJoinable(Need need, string action)
    {
        if (Array.IndexOf(Joinable, need.Status) < 0)
            throw new DomainException("brokerage.need-closed", "需求当前状态为“{0}”，不能再{1}。", Need.StatusName(need.Status), action);
    }

    private static void Pair(Need need, Match match, Resource? provider = null)
    {
        if (match.NeedId != need.Id)
            throw new ArgumentException($"Match {match.Id} belongs to need {match.NeedId}, not {need.Id}.", nameof(match));
        if (provider is not null && (provider.Kind != match.ProviderKind || provider.Id != match.ProviderId))
            throw new ArgumentException($"Match {match.Id} is for {match.Provider}, not {provider.Kind}:{provider.Id}.", nameof(provider));
    }
}
