using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Resources;

public enum OrganisationType
{
    SocialWorkAgency,       // 社工机构
    CommunityOrganisation,  // 社区社会组织
    CharityOrganisation,    // 慈善组织
    VolunteerAssociation,   // 志愿服务组织
}

/// A registered organisation that delivers services, within a service area and a monthly
/// caseload it can handle.
public class SocialOrganisation : Resource
{
    private List<DivisionCode> _serviceArea = [];
    private double? _latitude;
    private double? _longitude;

    private SocialOrganisation() { ContactName = ""; } // for EF Core

    public SocialOrganisation(OrganisationProfile profile, DateTimeOffset at)
        : base(profile.Name, profile.Description, profile.ServiceCodes, profile.HomeRegionCode, at)
    {
        ContactName = "";
        UpdateProfile(profile);
    }

    public override ResourceKind Kind => ResourceKind.Organisation;
    public UnifiedSocialCreditCode CreditCode { get; private set; }
    public OrganisationType OrganisationType { get; private set; }
    public IReadOnlyList<DivisionCode> ServiceArea => _serviceArea;
    public int MonthlyCapacity { get; private set; }
    public int CertifiedSocialWorkers { get; private set; }
    public string ContactName { get; private set; }
    public MobileNumber ContactMobile { get; private set; }
    public string? Address { get; private set; }
    public GeoPoint? Location => GeoPoint.FromNullable(_latitude, _longitude);

    /// The month (yyyyMM) <see cref="CasesThisMonth"/> counts for; a new month starts from zero.
    public int CapacityMonth { get; private set; }
    public int CasesThisMonth { get; private set; }

    public bool ServesRegion(DivisionCode code) => _serviceArea.Any(code.IsWithin);

    public int RemainingCapacity(DateTimeOffset at) =>
        MonthlyCapacity - (MonthKey(at) == CapacityMonth ? CasesThisMonth : 0);

    public void ReserveCase(DateTimeOffset at)
    {
        if (!IsMatchable)
            throw new DomainException("organisation.inactive", "该组织当前不可承接服务。");
        var month = MonthKey(at);
        if (month != CapacityMonth)
        {
            CapacityMonth = month;
            CasesThisMonth = 0;
        }
        if (CasesThisMonth >= MonthlyCapacity)
            throw new DomainException("organisation.full", "该组织本月服务容量已满（{0} 件）。", MonthlyCapacity);
        CasesThisMonth++;
    }

    /// Gives a case back, if it was counted in the current month.
    public void ReleaseCase(DateTimeOffset at)
    {
        if (MonthKey(at) == CapacityMonth && CasesThisMonth > 0) CasesThisMonth--;
    }

    /// The profile as it stands, in the form UpdateProfile takes.
    public OrganisationProfile Profile => new(Name, CreditCode, OrganisationType, HomeRegionCode, ServiceCodes.ToList(), _serviceArea.ToList(),
        MonthlyCapacity, CertifiedSocialWorkers, ContactName, ContactMobile, Address, Location, Description);

    public void UpdateProfile(OrganisationProfile p)
    {
        if (p.HomeRegionCode.Value is null || p.HomeRegionCode.Level is not (RegionLevel.County or RegionLevel.Township or RegionLevel.Village))
            throw new DomainException("organisation.region", "请选择组织登记所在的县、乡镇或村（社区）。");
        var common = Check(p.Name, p.Description, p.ServiceCodes);
        var area = RequireRegions(p.ServiceArea, "服务区域");
        var capacity = Guard.Range(p.MonthlyCapacity, "每月服务容量", 1, 10_000);
        var socialWorkers = Guard.Range(p.CertifiedSocialWorkers, "持证社工人数", 0, 10_000);
        var contact = Guard.Text(p.ContactName, "联系人", 32);
        var address = Guard.OptionalText(p.Address, "地址", 128);
        var type = Guard.Defined(p.OrganisationType, "组织类型");

        Apply(common, p.HomeRegionCode);
        CreditCode = p.CreditCode;
        OrganisationType = type;
        _serviceArea = area;
        MonthlyCapacity = capacity;
        CertifiedSocialWorkers = socialWorkers;
        ContactName = contact;
        ContactMobile = p.ContactMobile;
        Address = address;
        _latitude = p.Location?.Latitude;
        _longitude = p.Location?.Longitude;
    }

    private static int MonthKey(DateTimeOffset at)
    {
        var china = ChinaTime.ToChina(at);
        return china.Year * 100 + china.Month;
    }
}

public sealed record OrganisationProfile(
    string Name,
    UnifiedSocialCreditCode CreditCode,
    OrganisationType OrganisationType,
    DivisionCode HomeRegionCode,
    IReadOnlyCollection<string> ServiceCodes,
    IReadOnlyCollection<DivisionCode> ServiceArea,
    int MonthlyCapacity,
    int CertifiedSocialWorkers,
    string ContactName,
    MobileNumber ContactMobile,
    string? Address = null,
    GeoPoint? Location = null,
    string? Description = null);
