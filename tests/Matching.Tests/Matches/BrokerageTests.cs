using System.Reflection;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Matches;

/// How a match's steps move its need and its provider.
public class BrokerageTests
{
    private static readonly DateTimeOffset At = Fixed.Now.AddHours(1);

    [Fact]
    public void Accept_TakesTheVolunteersPlace_AndMatchesTheNeed()
    {
        var (need, match, volunteer) = Offered(new VolunteerBuilder().WithMaxConcurrentTasks(1).BuildActive());

        Brokerage.Accept(need, match, volunteer, Fixed.Provider, At);

        Assert.Equal((MatchStatus.Accepted, NeedStatus.Matched, 1), (match.Status, need.Status, volunteer.ActiveTasks));
    }

    [Fact]
    public void Accept_WhenTheVolunteerIsFull_IsRefused_AndNothingChanges()
    {
        var volunteer = new VolunteerBuilder().WithMaxConcurrentTasks(1).BuildActive();
        volunteer.ReserveTask();
        var (need, match, _) = Offered(volunteer);

        Assert.Throws<DomainException>(() => Brokerage.Accept(need, match, volunteer, Fixed.Provider, At));

        // The match moved before the check failed in memory; the service discards the unit of work, so
        // what counts is that the volunteer was never over-allocated.
        Assert.Equal(1, volunteer.ActiveTasks);
    }

    [Fact]
    public void Withdraw_AnAcceptedProvider_GivesThePlaceBack_AndReopensMatching()
    {
        var (need, match, volunteer) = Offered(new VolunteerBuilder().BuildActive());
        Brokerage.Accept(need, match, volunteer, Fixed.Provider, At);

        Brokerage.Withdraw(need, match, volunteer, [match], Fixed.Worker, At.AddHours(1), "服务方临时有事");

        Assert.Equal((MatchStatus.Withdrawn, NeedStatus.Matching, 0), (match.Status, need.Status, volunteer.ActiveTasks));
    }

    [Fact]
    public void Complete_TheLastProvider_CompletesTheNeed_AndCountsTowardsItsRecord()
    {
        var (need, match, volunteer) = Offered(new VolunteerBuilder().BuildActive());
        Brokerage.Accept(need, match, volunteer, Fixed.Provider, At);
        Brokerage.RecordService(need, match, volunteer, Fixed.Today, 120, 1, "助浴", Fixed.Provider, At.AddHours(1));
        Assert.Equal(NeedStatus.InService, need.Status);

        Brokerage.Complete(need, match, volunteer, [match], Fixed.Provider, At.AddHours(2));

        Assert.Equal((NeedStatus.Completed, 1, 0, 120L), (need.Status, volunteer.CompletedServices, volunteer.ActiveTasks, volunteer.ServedMinutes));
    }

    [Fact]
    public void Complete_WhileAFundGrantStillHolds_LeavesTheNeedInService()
    {
        var (need, match, volunteer) = Offered(new VolunteerBuilder().BuildActive());
        var grant = Propose(need, new FundBuilder().BuildActive(), amount: Money.FromYuan(100));
        grant.Offer(Fixed.Worker, At, At.AddHours(2));
        grant.Accept(Fixed.Provider, At);
        Brokerage.Accept(need, match, volunteer, Fixed.Provider, At);
        Brokerage.RecordService(need, match, volunteer, Fixed.Today, 60, 1, null, Fixed.Provider, At.AddHours(1));

        Brokerage.Complete(need, match, volunteer, [match, grant], Fixed.Provider, At.AddHours(2));

        Assert.Equal(NeedStatus.InService, need.Status);
    }

    [Fact]
    public void Rate_ByTheRequester_FeedsTheRecord_AndRatesTheNeedOnceEveryProviderIsRated()
    {
        var (need, match, volunteer) = Offered(new VolunteerBuilder().BuildActive());
        Brokerage.Accept(need, match, volunteer, Fixed.Provider, At);
        Brokerage.RecordService(need, match, volunteer, Fixed.Today, 60, 1, null, Fixed.Provider, At.AddHours(1));
        Brokerage.Complete(need, match, volunteer, [match], Fixed.Provider, At.AddHours(2));

        Brokerage.Rate(need, match, volunteer, [match], FeedbackSource.Requester, 4, "很满意", Fixed.Worker, At.AddHours(3));

        Assert.Equal((NeedStatus.Rated, 1, 4), (need.Status, volunteer.RatingCount, volunteer.RatingSum));
    }

    [Fact]
    public void RecordService_OnAFundGrant_IsRefused()
    {
        var need = new NeedBuilder().BuildIn(NeedStatus.Submitted);
        SetId(need, 1);
        var fund = new FundBuilder().BuildActive();
        var grant = Propose(need, fund, amount: Money.FromYuan(100));
        grant.Offer(Fixed.Worker, At, At.AddHours(2));
        Brokerage.Accept(need, grant, fund, Fixed.Provider, At);

        var refusal = Assert.Throws<DomainException>(() => Brokerage.RecordService(need, grant, fund, Fixed.Today, 60, 1, null, Fixed.Provider, At));
        Assert.Equal("brokerage.grant-record", refusal.Code);
    }

    private static (Need, Match, Volunteer) Offered(Volunteer volunteer)
    {
        var need = new NeedBuilder().BuildIn(NeedStatus.Submitted);
        SetId(need, 1);
        var match = Propose(need, volunteer);
        Brokerage.Offer(need, match, Fixed.Worker, At, At.AddHours(2));
        return (need, match, volunteer);
    }

    private static long _nextId = 100;

    private static Match Propose(Need need, Resource provider, Money? amount = null)
    {
        if (provider.Id == 0) SetId(provider, Interlocked.Increment(ref _nextId));
        return Match.Propose(need.Id, new ProviderRef(provider.Kind, provider.Id), 50, [], Fixed.Worker, Fixed.Now, amount);
    }

    /// Ids are the database's to give; these tests have none.
    private static void SetId(object entity, long id) =>
        entity.GetType().GetProperty("Id", BindingFlags.Public | BindingFlags.Instance)!.SetValue(entity, id);
}
