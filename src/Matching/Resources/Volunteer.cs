using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Resources;

/// An individual volunteer, or a volunteer team (<see cref="MemberCount"/> &gt; 1).
public class Volunteer : Resource
{
    public const double MaxRadiusKm = 100;

    private List<string> _skills = [];
    private List<Certification> _certifications = [];
    private double? _latitude;
    private double? _longitude;

    private Volunteer() { } // for EF Core

    public Volunteer(VolunteerProfile profile, DateTimeOffset at)
        : base(profile.Name, profile.Description, profile.ServiceCodes, profile.HomeVillageCode, at)
    {
        UpdateProfile(profile);
    }

    public override ResourceKind Kind => ResourceKind.Volunteer;
    public MobileNumber Mobile { get; private set; }
    public ResidentIdNumber? IdNumber { get; private set; }
    public DivisionCode HomeVillageCode => HomeRegionCode;
    public GeoPoint? Location => GeoPoint.FromNullable(_latitude, _longitude);
    public IReadOnlyList<string> Skills => _skills;
    public IReadOnlyList<Certification> Certifications => _certifications;
    public WeeklySlots Availability { get; private set; }
    public double ServiceRadiusKm { get; private set; }
    public int MaxConcurrentTasks { get; private set; }
    public int ActiveTasks { get; private set; }
    public int MemberCount { get; private set; }
    public long ServedMinutes { get; private set; }

    public decimal HoursServed => ServedMinutes / 60m;
    public int FreeTaskSlots => Math.Max(0, MaxConcurrentTasks - ActiveTasks);

    public bool HasValid(CertificationKind kind, DateOnly day) =>
        _certifications.Any(c => c.Kind == kind && c.IsValidOn(day));

    /// Work with children requires a current background check (无犯罪记录证明).
    public bool CanWorkWithChildren(DateOnly day) => HasValid(CertificationKind.BackgroundCheck, day);

    /// The profile as it stands, in the form UpdateProfile takes.
    public VolunteerProfile Profile => new(Name, Mobile, HomeVillageCode, ServiceCodes.ToList(), _skills.ToList(), Availability,
        ServiceRadiusKm, MaxConcurrentTasks, Location, _certifications.ToList(), IdNumber, MemberCount, Description);

    public void UpdateProfile(VolunteerProfile p)
    {
        if (p.HomeVillageCode.Value is null || p.HomeVillageCode.Level != RegionLevel.Village)
            throw new DomainException("volunteer.village", "请选择志愿者所在的村（社区）。");
        var common = Check(p.Name, p.Description, p.ServiceCodes);
        var skills = Guard.Tags(p.Skills, "技能", 30, 16);
        var radius = Guard.Range(p.ServiceRadiusKm, "服务半径（公里）", 0.5, MaxRadiusKm);
        var maxTasks = Guard.Range(p.MaxConcurrentTasks, "同时承接任务数", 1, 20);
        var members = Guard.Range(p.MemberCount, "队伍人数", 1, 500);

        Apply(common, p.HomeVillageCode);
        Mobile = p.Mobile;
        IdNumber = p.IdNumber;
        _latitude = p.Location?.Latitude;
        _longitude = p.Location?.Longitude;
        _skills = skills;
        _certifications = p.Certifications?.ToList() ?? [];
        Availability = p.Availability;
        ServiceRadiusKm = radius;
        MaxConcurrentTasks = maxTasks;
        MemberCount = members;
    }

    /// Takes one of the volunteer's concurrent-task places; refused when all are taken.
    public void ReserveTask()
    {
        if (!IsMatchable)
            throw new DomainException("volunteer.inactive", "该志愿者当前不可接单。");
        if (ActiveTasks >= MaxConcurrentTasks)
            throw new DomainException("volunteer.full", "该志愿者同时承接的任务已满（{0} 项）。", MaxConcurrentTasks);
        ActiveTasks++;
    }

    public void ReleaseTask()
    {
        if (ActiveTasks == 0)
            throw new DomainException("volunteer.release", "该志愿者没有进行中的任务。");
        ActiveTasks--;
    }

    public void LogService(int minutes)
    {
        Guard.Range(minutes, "服务时长（分钟）", 1, 24 * 60);
        ServedMinutes += minutes;
    }
}

public sealed record VolunteerProfile(
    string Name,
    MobileNumber Mobile,
    DivisionCode HomeVillageCode,
    IReadOnlyCollection<string> ServiceCodes,
    IReadOnlyCollection<string> Skills,
    WeeklySlots Availability,
    double ServiceRadiusKm,
    int MaxConcurrentTasks = 1,
    GeoPoint? Location = null,
    IReadOnlyCollection<Certification>? Certifications = null,
    ResidentIdNumber? IdNumber = null,
    int MemberCount = 1,
    string? Description = null);
