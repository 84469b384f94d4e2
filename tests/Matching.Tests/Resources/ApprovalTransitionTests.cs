using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Resources;

/// Every (status, action) pair of the approval machine, for every kind of resource. A resource
/// keeps its latest change (when, by whom, why) rather than a history list.
public class ApprovalTransitionTests
{
    private const string Reason = "连续三个月未参加服务";

    private static readonly Dictionary<(ApprovalStatus From, ApprovalAction Action), ApprovalStatus> Allowed = new()
    {
        [(ApprovalStatus.Pending, ApprovalAction.Approve)] = ApprovalStatus.Active,
        [(ApprovalStatus.Pending, ApprovalAction.Reject)] = ApprovalStatus.Retired,
        [(ApprovalStatus.Active, ApprovalAction.Pause)] = ApprovalStatus.Paused,
        [(ApprovalStatus.Paused, ApprovalAction.Resume)] = ApprovalStatus.Active,
        [(ApprovalStatus.Active, ApprovalAction.Retire)] = ApprovalStatus.Retired,
        [(ApprovalStatus.Paused, ApprovalAction.Retire)] = ApprovalStatus.Retired,
    };

    /// Actions whose method takes a reason; Reject and Retire require one, Pause does not.
    private static readonly HashSet<ApprovalAction> TakesReason = [ApprovalAction.Reject, ApprovalAction.Pause, ApprovalAction.Retire];

    public static TheoryData<ResourceKind, ApprovalStatus, ApprovalAction> EveryMove()
    {
        var data = new TheoryData<ResourceKind, ApprovalStatus, ApprovalAction>();
        foreach (var kind in Enum.GetValues<ResourceKind>())
            foreach (var status in Enum.GetValues<ApprovalStatus>())
                foreach (var action in Enum.GetValues<ApprovalAction>())
                    data.Add(kind, status, action);
        return data;
    }

    public static TheoryData<ResourceKind, ApprovalStatus> EveryKindAndStatus()
    {
        var data = new TheoryData<ResourceKind, ApprovalStatus>();
        foreach (var kind in Enum.GetValues<ResourceKind>())
            foreach (var status in Enum.GetValues<ApprovalStatus>())
                data.Add(kind, status);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryKindAndStatus))]
    public void InStatus_EveryKindAndStatus_ReachesThatStatus(ResourceKind kind, ApprovalStatus status)
    {
        var resource = ResourceBuilder.InStatus(kind, status);

        Assert.Equal(kind, resource.Kind);
        Assert.Equal(status, resource.Status);
        Assert.Equal(status == ApprovalStatus.Active, resource.IsMatchable);
    }

    [Theory]
    [MemberData(nameof(EveryMove))]
    public void Move_FromEveryStatus_IsAppliedOrRefusedAsTheTableSays(ResourceKind kind, ApprovalStatus from, ApprovalAction action)
    {
        var resource = ResourceBuilder.InStatus(kind, from);
        var changedAt = resource.StatusChangedAt;
        var changedBy = resource.StatusChangedBy;
        var reason = resource.StatusReason;

        if (Allowed.TryGetValue((from, action), out var to))
        {
            Perform(resource, action, Fixed.Admin, Fixed.Later, Reason);

            Assert.Equal(to, resource.Status);
            Assert.Equal(Fixed.Later, resource.StatusChangedAt);
            Assert.Equal(Fixed.Admin.Name, resource.StatusChangedBy);
            Assert.Equal(TakesReason.Contains(action) ? Reason : null, resource.StatusReason);
        }
        else
        {
            var refused = Assert.Throws<InvalidTransitionException>(() => Perform(resource, action, Fixed.Admin, Fixed.Later, Reason));

            Assert.Equal<Enum>(from, refused.From);
            Assert.Equal<Enum>(action, refused.Action);
            Assert.Equal(from, resource.Status);
            Assert.Equal(changedAt, resource.StatusChangedAt);
            Assert.Equal(changedBy, resource.StatusChangedBy);
            Assert.Equal(reason, resource.StatusReason);
        }
    }

    [Theory]
    [InlineData(ApprovalStatus.Pending, ApprovalAction.Reject)]
    [InlineData(ApprovalStatus.Active, ApprovalAction.Retire)]
    [InlineData(ApprovalStatus.Paused, ApprovalAction.Retire)]
    public void Move_ThatRequiresAReason_WithBlankReason_IsRefusedAndChangesNothing(ApprovalStatus from, ApprovalAction action)
    {
        foreach (var blank in new[] { "", "   ", null })
        {
            var resource = ResourceBuilder.InStatus(ResourceKind.Volunteer, from);
            var changedAt = resource.StatusChangedAt;

            var refused = Assert.Throws<DomainException>(() => resource.Perform(action, Fixed.Admin, Fixed.Later, blank));

            Assert.Equal("field.required", refused.Code);
            Assert.Equal(from, resource.Status);
            Assert.Equal(changedAt, resource.StatusChangedAt);
        }
    }

    [Fact]
    public void Pause_WithoutReason_IsAccepted()
    {
        var volunteer = new VolunteerBuilder().BuildActive();

        volunteer.Pause(Fixed.Worker, Fixed.Later);

        Assert.Equal(ApprovalStatus.Paused, volunteer.Status);
        Assert.Null(volunteer.StatusReason);
    }

    [Fact]
    public void Approve_WithoutAnActor_IsRefused()
    {
        var volunteer = new VolunteerBuilder().Build();

        var refused = Assert.Throws<DomainException>(() => volunteer.Approve(default, Fixed.Later));

        Assert.Equal("actor.required", refused.Code);
        Assert.Equal(ApprovalStatus.Pending, volunteer.Status);
    }

    [Fact]
    public void Refusal_NamesTheKindOfResourceInChinese()
    {
        var fund = new FundBuilder().Build();

        var refused = Assert.Throws<InvalidTransitionException>(() => fund.Resume(Fixed.Worker, Fixed.Later));

        Assert.Equal("慈善基金当前状态为“待审核”，不能执行“恢复”。", refused.Message);
    }

    private static void Perform(Resource resource, ApprovalAction action, ActorRef by, DateTimeOffset at, string reason)
    {
        switch (action)
        {
            case ApprovalAction.Approve: resource.Approve(by, at); break;
            case ApprovalAction.Reject: resource.Reject(by, at, reason); break;
            case ApprovalAction.Pause: resource.Pause(by, at, reason); break;
            case ApprovalAction.Resume: resource.Resume(by, at); break;
            case ApprovalAction.Retire: resource.Retire(by, at, reason); break;
            default: throw new NotSupportedException($"Add {action} to {nameof(Perform)}.");
        }
    }
}
