using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Needs;

/// A request for help from a resident (or recorded for one). It moves through an explicit
/// state machine (<see cref="NeedStateMachine"/>) and keeps the history of every move.
public class Need
{
    public const int TitleMaxLength = 60;
    public const int DescriptionMaxLength = 2000;

    private List<BeneficiaryGroup> _beneficiaryGroups = [];
    private List<string> _requiredSkills = [];
    private readonly List<StatusChange<NeedStatus>> _history = [];
    private double? _latitude;
    private double? _longitude;
    private DateTimeOffset? _windowStart;
    private DateTimeOffset? _windowEnd;

    private Need() // for EF Core
    {
        Title = "";
        Description = "";
        ServiceItemCode = "";
        Requester = null!;
        Consent = null!;
    }

    private Need(Requester requester, ConsentRecord consent, DateTimeOffset at)
    {
        Title = "";
        Description = "";
        ServiceItemCode = "";
        Requester = requester;
        Consent = consent;
        CreatedAt = at;
        UpdatedAt = at;
    }

    public long Id { get; private set; }
    public string Title { get; private set; }
    public string Description { get; private set; }
    public string ServiceItemCode { get; private set; }
    public string ServiceAreaCode => ServiceCode.AreaOf(ServiceItemCode);
    public IReadOnlyList<BeneficiaryGroup> BeneficiaryGroups => _beneficiaryGroups;
    public Urgency Urgency { get; private set; }
    public DivisionCode VillageCode { get; private set; }
    public GeoPoint? Location => GeoPoint.FromNullable(_latitude, _longitude);
    public string? AddressDetail { get; private set; }
    public TimeWindow? Window => TimeWindow.FromNullable(_windowStart, _windowEnd);
    public WeeklySlots WeeklySlots { get; private set; }
    public Quantity Quantity { get; private set; }
    public IReadOnlyList<string> RequiredSkills => _requiredSkills;

    /// An id in a source system (a visit register kept in Excel), so a re-import updates rather
    /// than duplicates.
    public string? ExternalId { get; private set; }
    public Requester Requester { get; private set; }
    public ConsentRecord Consent { get; private set; }
    public NeedStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    /// Oldest first, whatever order the database returned the lines in.
    public IReadOnlyList<StatusChange<NeedStatus>> History => _history.Chronological();

    /// Data about minors, health or subsistence status: shown and logged with care (PIPL).
    public bool IsSensitive => _beneficiaryGroups.Any(g => g.IsSensitive());

    /// Work with children: only volunteers with a background check may be proposed.
    public bool InvolvesChildren =>
        _beneficiaryGroups.Any(g => g.IsChildren()) || ServiceAreaCode == "children";

    public bool IsEditable => NeedStateMachine.Editable.Contains(Status);

    public static Need Create(NeedDetails details, Requester requester, ConsentRecord consent, DateTimeOffset at)
    {
        CheckConsentFits(requester, consent);
        var need = new Need(requester, consent, at);
        need.Apply(details, at);
        need._history.Add(new StatusChange<NeedStatus>(null, NeedStatus.Draft, at, requester.PostedBy, null));
        return need;
    }

    /// Create and submit in one step, as the posting forms do.
    public static Need Post(NeedDetails details, Requester requester, ConsentRecord consent, DateTimeOffset at)
    {
        var need = Create(details, requester, consent, at);
        need.Submit(requester.PostedBy, at);
        return need;
    }

    /// <param name="contact">The beneficiary's name and number as corrected on the form; null keeps them.</param>
    public void Revise(NeedDetails details, ActorRef by, DateTimeOffset at, (string BeneficiaryName, MobileNumber? Mobile)? contact = null)
    {
        if (!IsEditable)
            throw new InvalidTransitionException("需求", Status, NeedAction.Revise, StatusName(Status), ActionName(NeedAction.Revise));
        Guard.Actor(by.Id);
        // Checked before anything changes, so a refused revision leaves the need as it was.
        var requester = contact is { } c ? Requester.Corrected(c.BeneficiaryName, c.Mobile) : Requester;
        Apply(details, at);
        Requester = requester;
    }

    public void LinkExternalId(string? externalId) => ExternalId = Guard.OptionalText(externalId, "外部编号", 64);

    public void Submit(ActorRef by, DateTimeOffset at)
    {
        Move(NeedAction.Submit, by, at, null);
        SubmittedAt = at;
    }

    public void StartMatching(ActorRef by, DateTimeOffset at) => Move(NeedAction.StartMatching, by, at, null);
    public void MarkMatched(ActorRef by, DateTimeOffset at) => Move(NeedAction.MarkMatched, by, at, null);
    public void ReopenMatching(ActorRef by, DateTimeOffset at, string reason) => Move(NeedAction.ReopenMatching, by, at, reason);
    public void StartService(ActorRef by, DateTimeOffset at) => Move(NeedAction.StartService, by, at, null);
    public void Complete(ActorRef by, DateTimeOffset at) => Move(NeedAction.Complete, by, at, null);
    public void MarkRated(ActorRef by, DateTimeOffset at) => Move(NeedAction.Rate, by, at, null);
    public void Cancel(ActorRef by, DateTimeOffset at, string reason) => Move(NeedAction.Cancel, by, at, reason);
    public void Close(ActorRef by, DateTimeOffset at, string reason) => Move(NeedAction.Close, by, at, reason);

    private void Move(NeedAction action, ActorRef by, DateTimeOffset at, string? reason)
    {
        var next = NeedStateMachine.Next(Status, action)
                   ?? throw new InvalidTransitionException("需求", Status, action, StatusName(Status), ActionName(action));
        Guard.Actor(by.Id);
        var why = NeedStateMachine.RequiresReason(action)
            ? Guard.Text(reason, "原因", 200, multiline: true)
            : Guard.OptionalText(reason, "原因", 200, multiline: true);
        _history.Add(new StatusChange<NeedStatus>(Status, next, at, by, why));
        Status = next;
        UpdatedAt = at;
    }

    private void Apply(NeedDetails d, DateTimeOffset at)
    {
        var itemCode = ServiceCode.RequireItem(d.ServiceItemCode);
        if (d.VillageCode.Value is null || d.VillageCode.Level != RegionLevel.Village)
            throw new DomainException("need.village", "请选择需求所在的村（社区）。");
        var groups = Guard.Defined(d.BeneficiaryGroups.Distinct(), "服务对象类别").ToList();
        if (groups.Count == 0)
            throw new DomainException("need.groups", "请至少选择一类服务对象。");
        if (d.Window is { } window && window.End <= at)
            throw new DomainException("need.window-past", "服务时间段已经过去，请重新选择。");
        if (d.Quantity.Amount <= 0)
            throw new DomainException("quantity.positive", "数量必须大于 0。");

        // Every check before the first assignment, so a refused revision leaves the need as it was.
        var title = Guard.Text(d.Title, "标题", TitleMaxLength);
        var description = Guard.Text(d.Description, "需求描述", DescriptionMaxLength, multiline: true);
        var urgency = Guard.Defined(d.Urgency, "紧急程度");
        var addressDetail = Guard.OptionalText(d.AddressDetail, "详细地址", 128);
        var requiredSkills = Guard.Tags(d.RequiredSkills, "所需技能", 10, 16);

        Title = title;
        Description = description;
        ServiceItemCode = itemCode;
        _beneficiaryGroups = groups;
        Urgency = urgency;
        VillageCode = d.VillageCode;
        _latitude = d.Location?.Latitude;
        _longitude = d.Location?.Longitude;
        AddressDetail = addressDetail;
        _windowStart = d.Window?.Start;
        _windowEnd = d.Window?.End;
        WeeklySlots = d.WeeklySlots;
        Quantity = d.Quantity;
        _requiredSkills = requiredSkills;
        UpdatedAt = at;
    }

    private static void CheckConsentFits(Requester requester, ConsentRecord consent)
    {
        var online = consent.Method is ConsentMethod.OnlineCheckbox or ConsentMethod.GuardianOnline;
        if (requester.Kind == RequesterKind.Resident && !online)
            throw new DomainException("need.consent", "居民本人提交时须在线勾选同意。");
        if (requester.Kind != RequesterKind.Resident && online)
            throw new DomainException("need.consent", "代为登记时须记录服务对象的口头或书面同意。");
    }

    public static string StatusName(NeedStatus status) => status switch
    {
        NeedStatus.Draft => "草稿",
        NeedStatus.Submitted => "已提交",
        NeedStatus.Matching => "匹配中",
        NeedStatus.Matched => "已匹配",
        NeedStatus.InService => "服务中",
        NeedStatus.Completed => "已完成",
        NeedStatus.Rated => "已评价",
        NeedStatus.Cancelled => "已取消",
        NeedStatus.Closed => "已关闭",
        _ => "未知",
    };

    private static string ActionName(NeedAction action) => action switch
    {
        NeedAction.Submit => "提交",
        NeedAction.StartMatching => "开始匹配",
        NeedAction.MarkMatched => "确认匹配",
        NeedAction.ReopenMatching => "重新匹配",
        NeedAction.StartService => "开始服务",
        NeedAction.Complete => "完成服务",
        NeedAction.Rate => "评价",
        NeedAction.Cancel => "取消",
        NeedAction.Revise => "修改",
        _ => "关闭",
    };
}
