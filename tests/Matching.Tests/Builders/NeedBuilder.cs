using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Tests.Builders;

/// A valid need by default: a resident asks for meal delivery for an elderly person living alone.
public sealed class NeedBuilder
{
    private string _title = "独居老人每周助餐";
    private string _description = "老人独居，行动不便，希望每周有人送两次午餐。";
    private string _serviceItemCode = "elderly.meal";
    private IReadOnlyCollection<BeneficiaryGroup> _groups = [BeneficiaryGroup.ElderlyLivingAlone];
    private DivisionCode _village = Codes.Village;
    private Quantity _quantity = Quantity.People(1);
    private TimeWindow? _window = new TimeWindow(Fixed.Now.AddDays(1), Fixed.Now.AddDays(30));
    private string? _addressDetail = "建平镇某村 3 组";
    private IReadOnlyCollection<string>? _skills = ["送餐"];
    private RequesterKind _requesterKind = RequesterKind.Resident;
    private ConsentMethod _consentMethod = ConsentMethod.OnlineCheckbox;
    private DateTimeOffset _at = Fixed.Now;

    public NeedBuilder WithTitle(string title) { _title = title; return this; }
    public NeedBuilder WithDescription(string description) { _description = description; return this; }
    public NeedBuilder WithServiceItem(string code) { _serviceItemCode = code; return this; }
    public NeedBuilder WithGroups(params BeneficiaryGroup[] groups) { _groups = groups; return this; }
    public NeedBuilder InVillage(DivisionCode code) { _village = code; return this; }
    public NeedBuilder WithQuantity(Quantity quantity) { _quantity = quantity; return this; }
    public NeedBuilder WithWindow(TimeWindow? window) { _window = window; return this; }
    public NeedBuilder WithAddressDetail(string? detail) { _addressDetail = detail; return this; }
    public NeedBuilder WithSkills(params string[] skills) { _skills = skills; return this; }
    public NeedBuilder PostedBy(RequesterKind kind, ConsentMethod consent)
    {
        _requesterKind = kind;
        _consentMethod = consent;
        return this;
    }
    public NeedBuilder At(DateTimeOffset at) { _at = at; return this; }

    public NeedDetails Details() => new(
        _title, _description, _serviceItemCode, _groups, Urgency.Normal, _village, _quantity,
        Location: new GeoPoint(31.1283, 119.1803), AddressDetail: _addressDetail, Window: _window,
        WeeklySlots: WeeklySlots.Of((DayOfWeek.Tuesday, DayPart.Morning), (DayOfWeek.Friday, DayPart.Morning)),
        RequiredSkills: _skills);

    public Requester Requester() =>
        new(_requesterKind, PosterFor(_requesterKind), "王秀英", MobileNumber.Parse("13800138000"));

    public ConsentRecord Consent() => new("2025-01", _consentMethod, _at);

    public Need Build() => Need.Create(Details(), Requester(), Consent(), _at);

    /// A need brought to <paramref name="status"/> the way the platform gets it there, one hour per step.
    public Need BuildIn(NeedStatus status)
    {
        var need = Build();
        var step = 0;
        DateTimeOffset Next() => _at.AddHours(++step);
        var poster = PosterFor(_requesterKind);

        if (status == NeedStatus.Draft) return need;
        if (status == NeedStatus.Cancelled)
        {
            need.Cancel(poster, Next(), "家人已经安排好了");
            return need;
        }
        need.Submit(poster, Next());
        if (status == NeedStatus.Submitted) return need;
        if (status == NeedStatus.Closed)
        {
            need.Close(Fixed.Worker, Next(), "不属于本站服务范围");
            return need;
        }
        need.StartMatching(Fixed.Worker, Next());
        if (status == NeedStatus.Matching) return need;
        need.MarkMatched(Fixed.Worker, Next());
        if (status == NeedStatus.Matched) return need;
        need.StartService(Fixed.Provider, Next());
        if (status == NeedStatus.InService) return need;
        need.Complete(Fixed.Provider, Next());
        if (status == NeedStatus.Completed) return need;
        need.MarkRated(poster, Next());
        if (status == NeedStatus.Rated) return need;

        throw new NotSupportedException($"NeedBuilder does not know how to reach {status}: add the path.");
    }

    private static ActorRef PosterFor(RequesterKind kind) => kind switch
    {
        RequesterKind.Resident => Fixed.Resident,
        RequesterKind.CommitteeOnBehalf => Fixed.Committee,
        _ => Fixed.Worker,
    };
}
