using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Resources;

/// What every kind of provider shares: a name, the catalogue codes it serves, an approval
/// status (only active providers are ever proposed) and its service record.
public abstract class Resource
{
    protected List<string> _serviceCodes = [];

    protected Resource() { Name = ""; } // for EF Core

    protected Resource(string name, string? description, IEnumerable<string> serviceCodes, DivisionCode homeRegion, DateTimeOffset at)
    {
        Name = "";
        Rename(name, description);
        SetServiceCodes(serviceCodes);
        HomeRegionCode = homeRegion;
        CreatedAt = at;
        StatusChangedAt = at;
        Status = ApprovalStatus.Pending;
    }

    public long Id { get; protected set; }
    public abstract ResourceKind Kind { get; }
    public string Name { get; private set; }
    public string? Description { get; private set; }

    /// Catalogue areas or items served; an area code covers all its items.
    public IReadOnlyList<string> ServiceCodes => _serviceCodes;

    /// Where the provider belongs, for the approving station's scope (a volunteer's village,
    /// an organisation's township or county).
    public DivisionCode HomeRegionCode { get; protected set; }

    /// An id in a source system (a roster spreadsheet, another platform), so re-imports update
    /// rather than duplicate.
    public string? ExternalId { get; private set; }

    public ApprovalStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset StatusChangedAt { get; private set; }
    public string? StatusChangedBy { get; private set; }
    public string? StatusReason { get; private set; }

    public int CompletedServices { get; private set; }
    public int RatingCount { get; private set; }
    public int RatingSum { get; private set; }

    public bool IsMatchable => Status == ApprovalStatus.Active;
    public double? AverageRating => RatingCount == 0 ? null : (double)RatingSum / RatingCount;
    public bool Serves(string itemCode) => ServiceCode.Serves(_serviceCodes, itemCode);

    public void Approve(ActorRef by, DateTimeOffset at) => Move(ApprovalAction.Approve, by, at, null);
    public void Reject(ActorRef by, DateTimeOffset at, string reason) => Move(ApprovalAction.Reject, by, at, reason);
    public void Pause(ActorRef by, DateTimeOffset at, string? reason = null) => Move(ApprovalAction.Pause, by, at, reason);
    public void Resume(ActorRef by, DateTimeOffset at) => Move(ApprovalAction.Resume, by, at, null);
    public void Retire(ActorRef by, DateTimeOffset at, string reason) => Move(ApprovalAction.Retire, by, at, reason);

    public void Perform(ApprovalAction action, ActorRef by, DateTimeOffset at, string? reason = null) =>
        Move(action, by, at, reason);

    public void RecordCompletion() => CompletedServices++;

    public void RecordRating(int rating)
    {
        Guard.Range(rating, "评分", 1, 5);
        RatingCount++;
        RatingSum += rating;
    }

    public void LinkExternalId(string? externalId) => ExternalId = Guard.OptionalText(externalId, "外部编号", 64);

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(Name))]
    public void Rename(string name, string? description)
    {
        Name = Guard.Text(name, "名称", 64);
        Description = Guard.OptionalText(description, "简介", 1000, multiline: true);
    }

    public void SetServiceCodes(IEnumerable<string> codes)
    {
        var list = ServiceCode.RequireList(codes, "服务范围");
        if (list.Count == 0)
            throw new DomainException("resource.services", "请至少选择一项可提供的服务。");
        _serviceCodes = list;
    }

    /// The fields every kind shares, checked but not yet applied: a profile update checks everything
    /// first and changes nothing when any field is refused.
    protected readonly record struct CommonFields(string Name, string? Description, List<string> ServiceCodes);

    protected static CommonFields Check(string name, string? description, IEnumerable<string> serviceCodes)
    {
        var codes = ServiceCode.RequireList(serviceCodes, "服务范围");
        if (codes.Count == 0)
            throw new DomainException("resource.services", "请至少选择一项可提供的服务。");
        return new CommonFields(Guard.Text(name, "名称", 64), Guard.OptionalText(description, "简介", 1000, multiline: true), codes);
    }

    protected void Apply(CommonFields fields, DivisionCode home)
    {
        Name = fields.Name;
        Description = fields.Description;
        _serviceCodes = fields.ServiceCodes;
        HomeRegionCode = home;
    }

    private void Move(ApprovalAction action, ActorRef by, DateTimeOffset at, string? reason)
    {
        var next = ApprovalStateMachine.Next(Status, action)
                   ?? throw new InvalidTransitionException(KindName, Status, action,
                       ApprovalStateMachine.StatusName(Status), ApprovalStateMachine.ActionName(action));
        Guard.Actor(by.Id);
        StatusReason = ApprovalStateMachine.RequiresReason(action)
            ? Guard.Text(reason, "原因", 200, multiline: true)
            : Guard.OptionalText(reason, "原因", 200, multiline: true);
        Status = next;
        StatusChangedAt = at;
        StatusChangedBy = by.Name;
    }

    private string KindName => Kind switch
    {
        ResourceKind.Volunteer => "志愿者",
        ResourceKind.Organisation => "社会组织",
        ResourceKind.Fund => "慈善基金",
        _ => "微创投项目",
    };

    protected static List<DivisionCode> RequireRegions(IEnumerable<DivisionCode> regions, string field)
    {
        var list = regions.Distinct().ToList();
        if (list.Count == 0)
            throw new DomainException("resource.regions", "请至少选择一个{0}。", field);
        if (list.Count > 200)
            throw new DomainException("field.too-many", "{0}最多 {1} 项。", field, 200);
        return list;
    }
}
