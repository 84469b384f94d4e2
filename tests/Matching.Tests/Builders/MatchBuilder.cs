using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;

namespace FiveSocieties.Matching.Tests.Builders;

/// A match proposed by a worker between need 1 and volunteer 7.
public sealed class MatchBuilder
{
    public static readonly TimeSpan OfferValidity = TimeSpan.FromDays(3);

    private long _needId = 1;
    private ProviderRef _provider = new(ResourceKind.Volunteer, 7);
    private double _score = 0.82;
    private Money? _amount;

    public MatchBuilder ForNeed(long needId) { _needId = needId; return this; }
    public MatchBuilder WithProvider(ResourceKind kind, long id) { _provider = new ProviderRef(kind, id); return this; }
    public MatchBuilder WithScore(double score) { _score = score; return this; }
    public MatchBuilder WithAmount(Money? amount) { _amount = amount; return this; }

    public Match Build() => Match.Propose(_needId, _provider, _score,
        [new ScoreFactor(MatchFactor.CatalogueFit, 0.5, "服务项目完全契合"), new ScoreFactor(MatchFactor.Distance, 0.32, "相距 1.2 公里")],
        Fixed.Worker, Fixed.Now, _amount);

    /// A match brought to <paramref name="status"/> the way the platform gets it there.
    public Match BuildIn(MatchStatus status)
    {
        var match = Build();
        if (status == MatchStatus.Proposed) return match;
        if (status == MatchStatus.Withdrawn)
        {
            match.Withdraw(Fixed.Worker, Fixed.Now.AddHours(1), "需求已由他人满足");
            return match;
        }
        var offeredAt = Fixed.Now.AddHours(1);
        match.Offer(Fixed.Worker, offeredAt, offeredAt + OfferValidity);
        if (status == MatchStatus.Offered) return match;
        if (status == MatchStatus.Declined)
        {
            match.Decline(Fixed.Provider, Fixed.Now.AddHours(2), DeclineReason.NoTime);
            return match;
        }
        if (status == MatchStatus.Expired)
        {
            match.Expire(offeredAt + OfferValidity);
            return match;
        }
        match.Accept(Fixed.Provider, Fixed.Now.AddHours(2));
        if (status == MatchStatus.Accepted) return match;
        match.RecordService(Fixed.Today.AddDays(1), 90, 1, "首次上门送餐", Fixed.Provider, Fixed.Now.AddDays(1));
        if (status == MatchStatus.InService) return match;
        match.Complete(Fixed.Provider, Fixed.Now.AddDays(2));
        if (status == MatchStatus.Completed) return match;

        throw new NotSupportedException($"MatchBuilder does not know how to reach {status}: add the path.");
    }
}
