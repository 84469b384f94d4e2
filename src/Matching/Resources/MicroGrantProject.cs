using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Resources;

/// A micro-grant project (微创投/公益创投) run by an organisation for a period, with a number of
/// places for beneficiaries and a budget.
public class MicroGrantProject : Resource
{
    private List<BeneficiaryGroup> _targetGroups = [];
    private List<DivisionCode> _regionScope = [];

    private MicroGrantProject() { } // for EF Core

    public MicroGrantProject(MicroGrantProfile profile, int places, DateTimeOffset at)
        : base(profile.Name, profile.Description, profile.ServiceCodes, profile.HomeRegionCode, at)
    {
        PlacesTotal = Guard.Range(places, "名额", 1, 100_000);
        PlacesLeft = PlacesTotal;
        UpdateProfile(profile);
    }

    public override ResourceKind Kind => ResourceKind.MicroGrant;
    public long OwnerOrganisationId { get; private set; }
    public IReadOnlyList<BeneficiaryGroup> TargetGroups => _targetGroups;
    public IReadOnlyList<DivisionCode> RegionScope => _regionScope;
    public DateOnly StartsOn { get; private set; }
    public DateOnly EndsOn { get; private set; }
    public int PlacesTotal { get; private set; }
    public int PlacesLeft { get; private set; }
    public Money Budget { get; private set; }

    public bool IsRunningOn(DateOnly day) => StartsOn <= day && day <= EndsOn;
    public bool CoversRegion(DivisionCode code) => _regionScope.Any(code.IsWithin);

    public bool Targets(IEnumerable<BeneficiaryGroup> groups) =>
        _targetGroups.Count == 0 || groups.Any(_targetGroups.Contains);

    public void TakePlace(DateOnly day)
    {
        if (!IsMatchable)
            throw new DomainException("microgrant.inactive", "该项目当前不可报名。");
        if (!IsRunningOn(day))
            throw new DomainException("microgrant.period", "该项目不在执行期内（{0:yyyy-MM-dd} 至 {1:yyyy-MM-dd}）。", StartsOn, EndsOn);
        if (PlacesLeft == 0)
            throw new DomainException("microgrant.full", "该项目名额已满。");
        PlacesLeft--;
    }

    public void ReleasePlace()
    {
        if (PlacesLeft >= PlacesTotal)
            throw new DomainException("microgrant.release", "该项目没有已占用的名额。");
        PlacesLeft++;
    }

    /// The profile as it stands, in the form UpdateProfile takes.
    public MicroGrantProfile Profile => new(Name, OwnerOrganisationId, HomeRegionCode, ServiceCodes.ToList(), _targetGroups.ToList(),
        _regionScope.ToList(), StartsOn, EndsOn, Budget, Description);

    public void UpdateProfile(MicroGrantProfile p)
    {
        if (p.EndsOn < p.StartsOn)
            throw new DomainException("window.order", "结束日期不能早于开始日期。");
        if (p.OwnerOrganisationId <= 0)
            throw new DomainException("microgrant.owner", "请选择承接项目的组织。");
        if (!p.Budget.IsPositive)
            throw new DomainException("microgrant.budget", "项目预算必须大于 0。");
        var common = Check(p.Name, p.Description, p.ServiceCodes);
        var scope = RequireRegions(p.RegionScope, "项目区域");
        var groups = Guard.Defined(p.TargetGroups.Distinct(), "服务人群").ToList();

        Apply(common, p.HomeRegionCode);
        OwnerOrganisationId = p.OwnerOrganisationId;
        _targetGroups = groups;
        _regionScope = scope;
        StartsOn = p.StartsOn;
        EndsOn = p.EndsOn;
        Budget = p.Budget;
    }
}

public sealed record MicroGrantProfile(
    string Name,
    long OwnerOrganisationId,
    DivisionCode HomeRegionCode,
    IReadOnlyCollection<string> ServiceCodes,
    IReadOnlyCollection<BeneficiaryGroup> TargetGroups,
    IReadOnlyCollection<DivisionCode> RegionScope,
    DateOnly StartsOn,
    DateOnly EndsOn,
    Money Budget,
    string? Description = null);
