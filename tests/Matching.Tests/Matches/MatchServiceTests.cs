using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Matches;

/// Proposing, recording service, completing and rating.
public class MatchServiceTests
{
    [Fact]
    public void RecordService_FirstRecordOnAcceptedMatch_StartsTheService()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Accepted);

        var record = match.RecordService(Fixed.Today, 120, 2, "送餐并陪聊", Fixed.Provider, Fixed.Later);

        Assert.Equal(MatchStatus.InService, match.Status);
        Assert.Equal(MatchStatus.Accepted, match.History[^1].From);
        Assert.Equal(MatchStatus.InService, match.History[^1].To);
        Assert.Same(record, Assert.Single(match.ServiceRecords));
        Assert.Equal(2m, record.Hours);
        Assert.Equal(Fixed.Provider.Name, record.RecordedByName);
    }

    [Fact]
    public void RecordService_SecondRecord_AddsUpWithoutAnotherHistoryLine()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.InService);
        var historyBefore = match.History.Count;

        match.RecordService(Fixed.Today, 45, 1, null, Fixed.Provider, Fixed.Later);

        Assert.Equal(historyBefore, match.History.Count);
        Assert.Equal(90 + 45, match.ServedMinutes);
    }

    [Theory]
    [InlineData(MatchStatus.Proposed)]
    [InlineData(MatchStatus.Offered)]
    [InlineData(MatchStatus.Declined)]
    [InlineData(MatchStatus.Completed)]
    [InlineData(MatchStatus.Expired)]
    [InlineData(MatchStatus.Withdrawn)]
    public void RecordService_BeforeAcceptanceOrAfterTheEnd_IsRefused(MatchStatus status)
    {
        var match = new MatchBuilder().BuildIn(status);
        var recordsBefore = match.ServiceRecords.Count;

        Assert.Throws<InvalidTransitionException>(() => match.RecordService(Fixed.Today, 60, 1, null, Fixed.Provider, Fixed.Later));

        Assert.Equal(status, match.Status);
        Assert.Equal(recordsBefore, match.ServiceRecords.Count);
    }

    [Fact]
    public void RecordService_DateAfterTodayInChina_IsRefused()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Accepted);
        var at = new DateTimeOffset(2025, 3, 20, 10, 0, 0, TimeSpan.Zero); // 18:00 on 20 March in China

        var refused = Assert.Throws<DomainException>(() => match.RecordService(new DateOnly(2025, 3, 21), 60, 1, null, Fixed.Provider, at));

        Assert.Equal("service.future", refused.Code);
        Assert.Equal(MatchStatus.Accepted, match.Status);
        Assert.Empty(match.ServiceRecords);
    }

    [Fact]
    public void RecordService_TodayInChinaWhileStillYesterdayInUtc_IsAccepted()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Accepted);
        var at = new DateTimeOffset(2025, 3, 20, 17, 0, 0, TimeSpan.Zero); // 01:00 on 21 March in China

        match.RecordService(new DateOnly(2025, 3, 21), 60, 1, null, Fixed.Provider, at);

        Assert.Single(match.ServiceRecords);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(24 * 60 + 1)]
    public void RecordService_MinutesOutsideOneToADay_IsRefused(int minutes)
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Accepted);

        var refused = Assert.Throws<DomainException>(() => match.RecordService(Fixed.Today, minutes, 1, null, Fixed.Provider, Fixed.Later));

        Assert.Equal("field.range", refused.Code);
        Assert.Equal(MatchStatus.Accepted, match.Status);
    }

    [Fact]
    public void Complete_InServiceWithoutAnyRecord_IsRefused()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Accepted);
        match.StartService(Fixed.Provider, Fixed.Later);

        var refused = Assert.Throws<DomainException>(() => match.Complete(Fixed.Provider, Fixed.Later.AddHours(1)));

        Assert.Equal("match.no-record", refused.Code);
        Assert.Equal(MatchStatus.InService, match.Status);
    }

    [Fact]
    public void Rate_CompletedMatch_KeepsTheFeedback()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Completed);

        var feedback = match.Rate(FeedbackSource.Requester, 5, "送餐很准时", Fixed.Resident, Fixed.Later);

        Assert.Same(feedback, Assert.Single(match.Feedback));
        Assert.Equal(5, feedback.Rating);
        Assert.Equal(Fixed.Resident.Id, feedback.ById);
        Assert.Equal(MatchStatus.Completed, match.Status);
    }

    [Theory]
    [InlineData(MatchStatus.Proposed)]
    [InlineData(MatchStatus.Accepted)]
    [InlineData(MatchStatus.InService)]
    [InlineData(MatchStatus.Withdrawn)]
    public void Rate_BeforeCompletion_IsRefused(MatchStatus status)
    {
        var match = new MatchBuilder().BuildIn(status);

        var refused = Assert.Throws<DomainException>(() => match.Rate(FeedbackSource.Requester, 4, null, Fixed.Resident, Fixed.Later));

        Assert.Equal("match.rate-status", refused.Code);
        Assert.Empty(match.Feedback);
    }

    [Fact]
    public void Rate_SameSourceTwice_IsRefused()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Completed);
        match.Rate(FeedbackSource.Requester, 4, null, Fixed.Resident, Fixed.Later);

        var refused = Assert.Throws<DomainException>(() => match.Rate(FeedbackSource.Requester, 1, "改评", Fixed.Resident, Fixed.Later));

        Assert.Equal("match.rated", refused.Code);
        Assert.Equal(4, Assert.Single(match.Feedback).Rating);
    }

    [Fact]
    public void Rate_RequesterAndCommittee_EachRateOnce()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Completed);

        match.Rate(FeedbackSource.Requester, 5, null, Fixed.Resident, Fixed.Later);
        match.Rate(FeedbackSource.Committee, 4, "村委会回访确认", Fixed.Committee, Fixed.Later);

        Assert.Equal(2, match.Feedback.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Rate_OutsideOneToFive_IsRefused(int rating)
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Completed);

        var refused = Assert.Throws<DomainException>(() => match.Rate(FeedbackSource.Requester, rating, null, Fixed.Resident, Fixed.Later));

        Assert.Equal("field.range", refused.Code);
        Assert.Empty(match.Feedback);
    }

    [Fact]
    public void Propose_FundWithoutAmount_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new MatchBuilder().WithProvider(ResourceKind.Fund, 3).Build());

        Assert.Equal("match.amount", refused.Code);
    }

    [Fact]
    public void Propose_FundWithAmount_KeepsTheAmount()
    {
        var match = new MatchBuilder().WithProvider(ResourceKind.Fund, 3).WithAmount(Money.FromYuan(2_000)).Build();

        Assert.Equal(Money.FromYuan(2_000), match.Amount);
    }

    [Fact]
    public void Propose_VolunteerWithAmount_DropsTheAmount()
    {
        var match = new MatchBuilder().WithAmount(Money.FromYuan(100)).Build();

        Assert.Null(match.Amount);
    }

    [Fact]
    public void Propose_WithoutNeed_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new MatchBuilder().ForNeed(0).Build());

        Assert.Equal("match.need", refused.Code);
    }

    [Fact]
    public void Propose_WithoutProvider_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new MatchBuilder().WithProvider(ResourceKind.Volunteer, 0).Build());

        Assert.Equal("match.provider", refused.Code);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Propose_ScoreThatIsNotANumber_IsRefused(double score)
    {
        var refused = Assert.Throws<DomainException>(() => new MatchBuilder().WithScore(score).Build());

        Assert.Equal("match.score", refused.Code);
    }

    [Fact]
    public void Accept_AfterTheOfferDeadline_IsRefused()
    {
        var match = new MatchBuilder().BuildIn(MatchStatus.Offered);
        var deadline = match.OfferExpiresAt!.Value;

        var refused = Assert.Throws<DomainException>(() => match.Accept(Fixed.Worker, deadline.AddMinutes(1)));

        Assert.Equal("match.offer-expired", refused.Code);
        Assert.Equal(MatchStatus.Offered, match.Status);
    }
}
