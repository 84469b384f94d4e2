using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Needs;

/// Every (status, action) pair of a need: the allowed ones move and leave a history line,
/// the others are refused and change nothing. The table is written out here by hand, so a change
/// to the state machine must be made twice, on purpose.
public class NeedTransitionTests
{
    private const string Reason = "服务对象已搬到县城居住";

    private static readonly Dictionary<(NeedStatus From, NeedAction Action), NeedStatus> Allowed = new()
    {
        [(NeedStatus.Draft, NeedAction.Submit)] = NeedStatus.Submitted,
        [(NeedStatus.Submitted, NeedAction.StartMatching)] = NeedStatus.Matching,
        [(NeedStatus.Matching, NeedAction.MarkMatched)] = NeedStatus.Matched,
        [(NeedStatus.Matched, NeedAction.ReopenMatching)] = NeedStatus.Matching,
        [(NeedStatus.Matched, NeedAction.StartService)] = NeedStatus.InService,
        [(NeedStatus.InService, NeedAction.Complete)] = NeedStatus.Completed,
        [(NeedStatus.Completed, NeedAction.Rate)] = NeedStatus.Rated,
        [(NeedStatus.Draft, NeedAction.Cancel)] = NeedStatus.Cancelled,
        [(NeedStatus.Submitted, NeedAction.Cancel)] = NeedStatus.Cancelled,
        [(NeedStatus.Matching, NeedAction.Cancel)] = NeedStatus.Cancelled,
        [(NeedStatus.Matched, NeedAction.Cancel)] = NeedStatus.Cancelled,
        [(NeedStatus.Submitted, NeedAction.Close)] = NeedStatus.Closed,
        [(NeedStatus.Matching, NeedAction.Close)] = NeedStatus.Closed,
        [(NeedStatus.Matched, NeedAction.Close)] = NeedStatus.Closed,
        [(NeedStatus.InService, NeedAction.Close)] = NeedStatus.Closed,
        [(NeedStatus.Completed, NeedAction.Close)] = NeedStatus.Closed,
    };

    private static readonly HashSet<NeedAction> ReasonRequired = [NeedAction.Cancel, NeedAction.Close, NeedAction.ReopenMatching];
    private static readonly HashSet<NeedStatus> Editable = [NeedStatus.Draft, NeedStatus.Submitted, NeedStatus.Matching];

    public static TheoryData<NeedStatus, NeedAction> EveryMove()
    {
        var data = new TheoryData<NeedStatus, NeedAction>();
        foreach (var status in Enum.GetValues<NeedStatus>())
            foreach (var action in Enum.GetValues<NeedAction>())
                if (action != NeedAction.Revise) // not a move: see Revise_InEveryStatus_…
                    data.Add(status, action);
        return data;
    }

    public static TheoryData<NeedStatus> EveryStatus() => new(Enum.GetValues<NeedStatus>());

    public static TheoryData<NeedStatus, NeedAction> MovesThatRequireAReason()
    {
        var data = new TheoryData<NeedStatus, NeedAction>();
        foreach (var ((from, action), _) in Allowed)
            if (ReasonRequired.Contains(action)) data.Add(from, action);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void BuildIn_EveryStatus_ReachesThatStatus(NeedStatus status)
    {
        var need = new NeedBuilder().BuildIn(status);

        Assert.Equal(status, need.Status);
        Assert.Equal(status, need.History[^1].To);
    }

    [Theory]
    [MemberData(nameof(EveryMove))]
    public void Move_FromEveryStatus_IsAppliedOrRefusedAsTheTableSays(NeedStatus from, NeedAction action)
    {
        var need = new NeedBuilder().BuildIn(from);
        var historyBefore = need.History.Count;
        var updatedBefore = need.UpdatedAt;

        if (Allowed.TryGetValue((from, action), out var to))
        {
            Perform(need, action, Fixed.Worker, Fixed.Later, Reason);

            Assert.Equal(to, need.Status);
            Assert.Equal(historyBefore + 1, need.History.Count);
            var line = need.History[^1];
            Assert.Equal(from, line.From);
            Assert.Equal(to, line.To);
            Assert.Equal(Fixed.Worker.Id, line.ActorId);
            Assert.Equal(Fixed.Worker.Name, line.ActorName);
            Assert.Equal(Fixed.Later, line.At);
            Assert.Equal(ReasonRequired.Contains(action) ? Reason : null, line.Reason);
            Assert.Equal(Fixed.Later, need.UpdatedAt);
        }
        else
        {
            var refused = Assert.Throws<InvalidTransitionException>(() => Perform(need, action, Fixed.Worker, Fixed.Later, Reason));

            Assert.Equal("transition.refused", refused.Code);
            Assert.Equal<Enum>(from, refused.From);
            Assert.Equal<Enum>(action, refused.Action);
            Assert.Equal(from, need.Status);
            Assert.Equal(historyBefore, need.History.Count);
            Assert.Equal(updatedBefore, need.UpdatedAt);
        }
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Revise_InEveryStatus_IsAllowedOnlyBeforeTheNeedIsMatched(NeedStatus status)
    {
        var need = new NeedBuilder().BuildIn(status);
        var historyBefore = need.History.Count;
        var revised = new NeedBuilder().WithTitle("独居老人每周助餐（改为每周三次）").Details();

        if (Editable.Contains(status))
        {
            need.Revise(revised, Fixed.Resident, Fixed.Later);

            Assert.Equal("独居老人每周助餐（改为每周三次）", need.Title);
            Assert.Equal(status, need.Status);
            Assert.Equal(historyBefore, need.History.Count);
            Assert.Equal(Fixed.Later, need.UpdatedAt);
            Assert.True(need.IsEditable);
        }
        else
        {
            var refused = Assert.Throws<InvalidTransitionException>(() => need.Revise(revised, Fixed.Resident, Fixed.Later));

            Assert.Equal<Enum>(NeedAction.Revise, refused.Action);
            Assert.Equal("独居老人每周助餐", need.Title);
            Assert.Equal(status, need.Status);
            Assert.Equal(historyBefore, need.History.Count);
            Assert.False(need.IsEditable);
        }
    }

    [Fact]
    public void Revise_OnceMatched_IsRefusedWithTheStatusNamedInChinese()
    {
        var need = new NeedBuilder().BuildIn(NeedStatus.Matched);

        var refused = Assert.Throws<InvalidTransitionException>(
            () => need.Revise(new NeedBuilder().WithTitle("改个标题").Details(), Fixed.Resident, Fixed.Later));

        Assert.Equal("需求当前状态为“已匹配”，不能执行“修改”。", refused.Message);
        Assert.Equal("独居老人每周助餐", need.Title);
    }

    [Theory]
    [MemberData(nameof(MovesThatRequireAReason))]
    public void Move_ThatRequiresAReason_WithBlankReason_IsRefusedAndChangesNothing(NeedStatus from, NeedAction action)
    {
        foreach (var blank in new[] { "", "   ", null })
        {
            var need = new NeedBuilder().BuildIn(from);
            var historyBefore = need.History.Count;

            var refused = Assert.Throws<DomainException>(() => Perform(need, action, Fixed.Worker, Fixed.Later, blank));

            Assert.Equal("field.required", refused.Code);
            Assert.Equal(from, need.Status);
            Assert.Equal(historyBefore, need.History.Count);
        }
    }

    [Fact]
    public void Cancel_WithReasonOver200Characters_IsRefused()
    {
        var need = new NeedBuilder().BuildIn(NeedStatus.Submitted);

        var refused = Assert.Throws<DomainException>(() => need.Cancel(Fixed.Resident, Fixed.Later, new string('长', 201)));

        Assert.Equal("field.too-long", refused.Code);
        Assert.Equal(NeedStatus.Submitted, need.Status);
    }

    [Fact]
    public void Cancel_ReasonWithSurroundingSpaces_IsRecordedTrimmed()
    {
        var need = new NeedBuilder().BuildIn(NeedStatus.Submitted);

        need.Cancel(Fixed.Resident, Fixed.Later, "  已找到亲戚帮忙  ");

        Assert.Equal("已找到亲戚帮忙", need.History[^1].Reason);
    }

    [Fact]
    public void Submit_WithoutAnActor_IsRefusedAndChangesNothing()
    {
        var need = new NeedBuilder().Build();

        var refused = Assert.Throws<DomainException>(() => need.Submit(default, Fixed.Later));

        Assert.Equal("actor.required", refused.Code);
        Assert.Equal(NeedStatus.Draft, need.Status);
        Assert.Single(need.History);
        Assert.Null(need.SubmittedAt);
    }

    [Fact]
    public void Submit_RecordsWhenTheNeedWasSubmitted()
    {
        var need = new NeedBuilder().Build();

        need.Submit(Fixed.Resident, Fixed.Later);

        Assert.Equal(Fixed.Later, need.SubmittedAt);
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void StatusSets_ListTheExpectedStatuses(NeedStatus status)
    {
        NeedStatus[] open = [NeedStatus.Submitted, NeedStatus.Matching, NeedStatus.Matched, NeedStatus.InService];
        NeedStatus[] final = [NeedStatus.Rated, NeedStatus.Cancelled, NeedStatus.Closed];

        Assert.Equal(open.Contains(status), NeedStateMachine.Open.Contains(status));
        Assert.Equal(final.Contains(status), NeedStateMachine.IsFinal(status));
        Assert.Equal(Editable.Contains(status), NeedStateMachine.Editable.Contains(status));
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void FinalStatus_AllowsNoFurtherMove(NeedStatus status)
    {
        var movesOut = Enum.GetValues<NeedAction>().Count(a => NeedStateMachine.Next(status, a) is not null);

        Assert.Equal(NeedStateMachine.IsFinal(status), movesOut == 0);
    }

    private static void Perform(Need need, NeedAction action, ActorRef by, DateTimeOffset at, string? reason)
    {
        switch (action)
        {
            case NeedAction.Submit: need.Submit(by, at); break;
            case NeedAction.StartMatching: need.StartMatching(by, at); break;
            case NeedAction.MarkMatched: need.MarkMatched(by, at); break;
            case NeedAction.ReopenMatching: need.ReopenMatching(by, at, reason!); break;
            case NeedAction.StartService: need.StartService(by, at); break;
            case NeedAction.Complete: need.Complete(by, at); break;
            case NeedAction.Rate: need.MarkRated(by, at); break;
            case NeedAction.Cancel: need.Cancel(by, at, reason!); break;
            case NeedAction.Close: need.Close(by, at, reason!); break;
            default: throw new NotSupportedException($"Add {action} to {nameof(Perform)}.");
        }
    }
}
