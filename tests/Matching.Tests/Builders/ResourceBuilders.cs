using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Matching.Tests.Builders;

/// A volunteer of 建平镇 who delivers meals and visits the elderly on weekend mornings.
public sealed class VolunteerBuilder
{
    private int _maxConcurrentTasks = 2;
    private Certification[] _certifications = [];
    private DivisionCode _home = Codes.Village;
    private double _radiusKm = 5;

    public VolunteerBuilder WithMaxConcurrentTasks(int max) { _maxConcurrentTasks = max; return this; }
    public VolunteerBuilder WithCertifications(params Certification[] certifications) { _certifications = certifications; return this; }
    public VolunteerBuilder LivingIn(DivisionCode home) { _home = home; return this; }
    public VolunteerBuilder WithRadiusKm(double km) { _radiusKm = km; return this; }

    public VolunteerProfile Profile() => new(
        "赵志愿", MobileNumber.Parse("13912345678"), _home, ["elderly", "children.tutoring"], ["送餐", "陪伴"],
        WeeklySlots.Of((DayOfWeek.Saturday, DayPart.Morning), (DayOfWeek.Sunday, DayPart.Morning)), _radiusKm,
        MaxConcurrentTasks: _maxConcurrentTasks, Location: new GeoPoint(31.13, 119.18), Certifications: _certifications);

    public Volunteer Build() => new(Profile(), Fixed.Now);

    public Volunteer BuildActive() => ResourceBuilder.Approved(Build());
}

/// A social-work agency registered in Langxi County, serving two townships.
public sealed class OrganisationBuilder
{
    private int _monthlyCapacity = 3;

    public OrganisationBuilder WithMonthlyCapacity(int capacity) { _monthlyCapacity = capacity; return this; }

    public OrganisationProfile Profile() => new(
        "郎溪县阳光社会工作服务中心", UnifiedSocialCreditCode.Parse("52341821MJ00000000"), OrganisationType.SocialWorkAgency,
        Codes.Langxi, ["elderly", "family"], [Codes.Jianping, Codes.Shizi], _monthlyCapacity, 4,
        "陈主任", MobileNumber.Parse("13655551234"));

    public SocialOrganisation Build() => new(Profile(), Fixed.Now);

    public SocialOrganisation BuildActive() => ResourceBuilder.Approved(Build());
}

/// A community charitable fund of ¥10,000 that grants at most ¥3,000 at a time.
public sealed class FundBuilder
{
    private Money _total = Money.FromYuan(10_000);
    private Money _maxPerGrant = Money.FromYuan(3_000);
    private BeneficiaryGroup[] _groups = [BeneficiaryGroup.ElderlyLivingAlone, BeneficiaryGroup.PersonWithDisability];

    public FundBuilder WithTotal(Money total) { _total = total; return this; }
    public FundBuilder WithMaxPerGrant(Money max) { _maxPerGrant = max; return this; }
    public FundBuilder ForGroups(params BeneficiaryGroup[] groups) { _groups = groups; return this; }

    public FundProfile Profile() => new(
        "建平镇社区公益基金", FundKind.CommunityFund, Codes.Jianping, ["elderly.retrofit", "disability"],
        _groups, [Codes.Jianping], _maxPerGrant);

    public CharitableFund Build() => new(Profile(), _total, Fixed.Now);

    public CharitableFund BuildActive() => ResourceBuilder.Approved(Build());
}

/// A micro-grant project for left-behind children running through 2025, with ten places.
public sealed class MicroGrantBuilder
{
    public static readonly DateOnly DefaultStart = new(2025, 1, 1);
    public static readonly DateOnly DefaultEnd = new(2025, 12, 31);

    private int _places = 10;
    private DateOnly _startsOn = DefaultStart;
    private DateOnly _endsOn = DefaultEnd;

    public MicroGrantBuilder WithPlaces(int places) { _places = places; return this; }
    public MicroGrantBuilder Running(DateOnly startsOn, DateOnly endsOn) { _startsOn = startsOn; _endsOn = endsOn; return this; }

    public MicroGrantProfile Profile() => new(
        "留守儿童四点半课堂", 12, Codes.Langxi, ["children"], [BeneficiaryGroup.LeftBehindChild],
        [Codes.Jianping], _startsOn, _endsOn, Money.FromYuan(50_000));

    public MicroGrantProject Build() => new(Profile(), _places, Fixed.Now);

    public MicroGrantProject BuildActive() => ResourceBuilder.Approved(Build());
}

public static class ResourceBuilder
{
    /// A pending resource of any kind, with the defaults of its builder.
    public static Resource New(ResourceKind kind) => kind switch
    {
        ResourceKind.Volunteer => new VolunteerBuilder().Build(),
        ResourceKind.Organisation => new OrganisationBuilder().Build(),
        ResourceKind.Fund => new FundBuilder().Build(),
        ResourceKind.MicroGrant => new MicroGrantBuilder().Build(),
        _ => throw new NotSupportedException($"ResourceBuilder does not know how to build a {kind}: add it."),
    };

    /// A resource brought to <paramref name="status"/> the way a station gets it there.
    public static Resource InStatus(ResourceKind kind, ApprovalStatus status)
    {
        var resource = New(kind);
        switch (status)
        {
            case ApprovalStatus.Pending:
                break;
            case ApprovalStatus.Active:
                resource.Approve(Fixed.Worker, Fixed.Now.AddHours(1));
                break;
            case ApprovalStatus.Paused:
                resource.Approve(Fixed.Worker, Fixed.Now.AddHours(1));
                resource.Pause(Fixed.Worker, Fixed.Now.AddHours(2), "志愿者外出务工两个月");
                break;
            case ApprovalStatus.Retired:
                resource.Reject(Fixed.Worker, Fixed.Now.AddHours(1), "资料不全");
                break;
            default:
                throw new NotSupportedException($"ResourceBuilder does not know how to reach {status}: add the path.");
        }
        return resource;
    }

    public static T Approved<T>(T resource) where T : Resource
    {
        resource.Approve(Fixed.Worker, Fixed.Now);
        return resource;
    }
}
