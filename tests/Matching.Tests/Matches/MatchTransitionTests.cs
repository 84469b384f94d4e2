using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Matches;

/// Every (status, action) pair of a match, against a table written out by hand.
public class MatchTransitionTests
{
    private const string Reason = "服务对象改由家人照顾";

    private static readonly Dictionary<(MatchStatus From, MatchAction Action), MatchStatus> Allowed = new()
    {
        [(MatchStatus.Proposed, MatchAction.Offer)] = MatchStatus.Offered,
        [(MatchStatus.Offered, MatchAction.Accept)] = MatchStatus.Accepted,
        [(MatchStatus.Offered, MatchAction.Decline)] = MatchStatus.Declined,
        [(MatchStatus.Offered, MatchAction.Expire)] = MatchStatus.Expired,
        [(MatchStatus.Proposed, MatchAction.Withdraw)] = MatchStatus.Withdrawn,
        [(MatchStatus.Offered, MatchAction.Withdraw)] = MatchStatus.Withdrawn,
        [(MatchStatus.Accepted, MatchAction.Withdraw)] = MatchStatus.Withdrawn,
        [(MatchStatus.InService, MatchAction.Withdraw)] = MatchStatus.Withdrawn,
        [(MatchStatus.Accepted, MatchAction.StartService)] = MatchStatus.InService,
        [(MatchStatus.InService, MatchAction.Complete)] = MatchStatus.Completed,
    };

    public static TheoryData<MatchStatus, MatchAction> EveryMove()
    {
        var data = new TheoryData<MatchStatus, MatchAction>();
        foreach (var status in Enum.GetValues<MatchStatus>())
            foreach (var action in Enum.GetValues<MatchAction>())
                data.Add(status, action);
        return data;
    }

    public static TheoryData<MatchStatus> EveryStatus() => new(Enum.GetValues<MatchStatus>());

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void BuildIn_EveryStatus_ReachesThatStatus(MatchStatus status)
    {
        var match = new MatchBuilder().BuildIn(status);

        Assert.Equal(status, match.Status);
        Assert.Equal(status, match.History[^1].To);
    }

    [Theory]
    [MemberData(nameof(EveryMove))]
    public void Move_FromEveryStatus_IsAppliedOrRefusedAsTheTableSays(MatchStatus from, MatchAction action)
    {
        var match = new MatchBuilder().BuildIn(from);
        var historyBefore = match.History.Count;
        var updatedBefore = match.UpdatedAt;

        if (Allowed.TryGetValue((from, action), out var to))
        {
            // An offer is accepted within its answer period; every other move happens later.
            var at = action == MatchAction.Accept ? Fixed.Now.AddDays(1) : Fixed.Later;
            Perform(match, action, Fixed.Worker, at, Reason);

            Assert.Equal(to, match.Status);
            Assert.Equal(historyBefore + 1, match.History.Count);
            var line = match.History[^1];
            var expectedActor = action == MatchAction.Expire ? ActorRef.System : Fixed.Worker;
            Assert.Equal(from, line.From);
            Assert.Equal(to, line.To);
            Assert.Equal(expectedActor.Id, line.ActorId);
            Assert.Equal(expectedActor.Name, line.ActorName);
            Assert.Equal(at, line.At);
            Assert.Equal(action is MatchAction.Withdraw or MatchAction.Decline ? Reason : null, line.Reason);
            Assert.Equal(at, match.UpdatedAt);
        }
        else
        {
            var refused = Assert.Throws<InvalidTransitionException>(() => Perform(match, action, Fixed.Worker, Fixed.Later, Reason));

            Assert.Equal<Enum>(from, refused.From);
            Assert.Equal<Enum>(action, refused.Action);
            Assert.Equal(from, match.Status);
            Assert.Equal(historyBefore, match.History.Count);
            Assert.Equal(updatedBefore, match.UpdatedAt);
        }
    }

    [Theory]
    [InlineData(MatchStatus.Proposed)]
    [InlineData(MatchStatus.Offered)]
    [InlineData(MatchStatus.Accepted)]
    [InlineData(MatchStatus.InService)]
    public void Withdraw_WithBlankReason_IsRefusedAndChangesNothing(MatchStatus from)
    {
        foreach (var blank in new[] { "", "  ", null })
        {
            var match = new MatchBuilder().BuildIn(from);
            var historyBefore = match.History.Count;

            var refused = Assert.Throws<DomainException>(() => match.Withdraw(Fixed.Worker, Fixed.Later, blank!));

            Assert.Equal("field.required", refused.Code);
            Assert.Equal(from, match.Status);
            Assert.Equal(historyBefore, match.History.Count);
        }
    }

    [Fact]
    public void Decline_WithoutNote_IsAcceptedAndKeepsTheReasonCode()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Offered);

        match.Decline(Fixed.Provider, Fixed.Later, DeclineReason.TooFar);

        Assert.Equal(MatchStatus.Declined, match.Status);
        Assert.Equal(DeclineReason.TooFar, match.DeclineReason);
        Assert.Equal(Fixed.Later, match.RespondedAt);
        Assert.Null(match.History[^1].Reason);
    }

    [Fact]
    public void Accept_RecordsWhenTheProviderResponded()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Offered);

        match.Accept(Fixed.Provider, Fixed.Now.AddDays(1));

        Assert.Equal(Fixed.Now.AddDays(1), match.RespondedAt);
        Assert.Null(match.DeclineReason);
    }

    [Fact]
    public void Offer_RecordsTheOfferAndItsDeadline()
    {
        var match = new MatchBuilder().Build();
        var deadline = Fixed.Now.AddDays(2);

        match.Offer(Fixed.Worker, Fixed.Now.AddHours(1), deadline);

        Assert.Equal(Fixed.Now.AddHours(1), match.OfferedAt);
        Assert.Equal(deadline, match.OfferExpiresAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Offer_DeadlineNotAfterNow_IsRefusedAndChangesNothing(int hoursAfterNow)
    {
        var match = new MatchBuilder().Build();

        var refused = Assert.Throws<DomainException>(() => match.Offer(Fixed.Worker, Fixed.Later, Fixed.Later.AddHours(hoursAfterNow)));

        Assert.Equal("match.expiry", refused.Code);
        Assert.Equal(MatchStatus.Proposed, match.Status);
        Assert.Null(match.OfferedAt);
    }

    [Fact]
    public void Expire_BeforeTheDeadline_IsRefused()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Offered);
        var deadline = match.OfferExpiresAt!.Value;

        var refused = Assert.Throws<DomainException>(() => match.Expire(deadline.AddMinutes(-1)));

        Assert.Equal("match.not-expired", refused.Code);
        Assert.Equal(MatchStatus.Offered, match.Status);
    }

    [Fact]
    public void Expire_ExactlyAtTheDeadline_ExpiresTheOffer()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Offered);

        match.Expire(match.OfferExpiresAt!.Value);

        Assert.Equal(MatchStatus.Expired, match.Status);
        Assert.Equal(ActorRef.System.Id, match.History[^1].ActorId);
    }

    [Fact]
    public void Propose_StartsAsProposedWithOneHistoryLine()
    {
        var match = new MatchBuilder().Build();

        Assert.Equal(MatchStatus.Proposed, match.Status);
        var line = Assert.Single(match.History);
        Assert.Null(line.From);
        Assert.Equal(MatchStatus.Proposed, line.To);
        Assert.Equal(Fixed.Worker.Id, line.ActorId);
        Assert.Equal(2, match.Factors.Count);
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void StatusSets_ListTheExpectedStatuses(MatchStatus status)
    {
        MatchStatus[] holding = [MatchStatus.Accepted, MatchStatus.InService];
        MatchStatus[] live = [MatchStatus.Proposed, MatchStatus.Offered, MatchStatus.Accepted, MatchStatus.InService];

        Assert.Equal(holding.Contains(status), MatchStateMachine.HoldsCapacity(status));
        Assert.Equal(live.Contains(status), MatchStateMachine.IsLive(status));
    }

    private static void Perform(Match match, MatchAction action, ActorRef by, DateTimeOffset at, string reason)
    {
        switch (action)
        {
            case MatchAction.Offer: match.Offer(by, at, at.AddDays(3)); break;
            case MatchAction.Accept: match.Accept(by, at); break;
            case MatchAction.Decline: match.Decline(by, at, DeclineReason.Other, reason); break;
            case MatchAction.Expire: match.Expire(at); break;
            case MatchAction.Withdraw: match.Withdraw(by, at, reason); break;
            case MatchAction.StartService: match.StartService(by, at); break;
            case MatchAction.Complete: match.Complete(by, at); break;
            default: throw new NotSupportedException($"Add {action} to {nameof(Perform)}.");
        }
    }
}
