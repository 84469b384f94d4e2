using Microsoft.Extensions.DependencyInjection;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Tests.Support;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Infrastructure.Tests.Matching;

/// A small world of one test's own: two new villages under a township of the reference county,
/// placed about 55 km from any other plot. Volunteers live in it with small radii; organisations,
/// funds and projects serve only its villages; so the tests of a class share one database and one
/// candidate index without ever seeing each other's providers or needs.
public sealed class Plot
{
    private static int _plots;
    private static int _serial;

    private static readonly string[] Townships =
    [
        "341821001", "341821002", "341821003", "341821100", "341821101", "341821102",
        "341821103", "341821105", "341821107", "341821108", "341821109", "341821110",
    ];

    private Plot(int number, DivisionCode township, DivisionCode village, DivisionCode otherVillage, GeoPoint centre, DateTimeOffset now)
    {
        Number = number;
        Township = township;
        Village = village;
        OtherVillage = otherVillage;
        Centre = centre;
        Now = now;
    }

    public int Number { get; }
    public DivisionCode Township { get; }

    /// Where the plot's needs are posted, unless a test says otherwise.
    public DivisionCode Village { get; }

    /// A neighbouring village 3 km north, for providers that serve the wrong place.
    public DivisionCode OtherVillage { get; }

    public GeoPoint Centre { get; }
    public DateTimeOffset Now { get; }

    public static async Task<Plot> CreateAsync(InfrastructureHost host, DateTimeOffset now)
    {
        var number = Interlocked.Increment(ref _plots);
        var township = DivisionCode.Parse(Townships[number % Townships.Length]);
        var centre = new GeoPoint(20 + number % 120 * 0.5, 100 + number / 120 * 2);
        var village = DivisionCode.Parse($"{township.Value[..9]}{200 + 2 * number:D3}");
        var other = DivisionCode.Parse($"{township.Value[..9]}{201 + 2 * number:D3}");
        var plot = new Plot(number, township, village, other, centre, now);
        await host.WithDb(async db =>
        {
            db.Regions.Add(new Region(village, $"配对{number}甲村", township, centre));
            db.Regions.Add(new Region(other, $"配对{number}乙村", township, plot.North(3)));
            await db.SaveChangesAsync();
        });
        // Whoever writes regions tells the cached region tree (as the app's region writers do).
        host.Services.GetRequiredService<FiveSocieties.Infrastructure.Regions.RegionDirectory>().Invalidate();
        return plot;
    }

    /// A point <paramref name="km"/> north of the plot's centre.
    public GeoPoint North(double km) => new(Centre.Latitude + km / 111.2, Centre.Longitude);

    private static int Next() => Interlocked.Increment(ref _serial);

    public static readonly WeeklySlots WeekendDays = WeeklySlots.Of(
        (DayOfWeek.Saturday, DayPart.Morning), (DayOfWeek.Saturday, DayPart.Afternoon),
        (DayOfWeek.Sunday, DayPart.Morning), (DayOfWeek.Sunday, DayPart.Afternoon));

    public static readonly WeeklySlots Weekdays = WeeklySlots.Of(
        (DayOfWeek.Monday, DayPart.Morning), (DayOfWeek.Tuesday, DayPart.Morning), (DayOfWeek.Wednesday, DayPart.Morning));

    /// An approved volunteer near the plot's centre (pass <paramref name="approved"/>: false for a pending one).
    public Volunteer Volunteer(string name = "志愿者", double northKm = 0.5, double radiusKm = 5, string[]? services = null,
        string[]? skills = null, WeeklySlots? availability = null, int maxTasks = 3, bool backgroundCheck = false,
        DivisionCode? home = null, string? description = null, bool approved = true)
    {
        var serial = Next();
        var volunteer = new Volunteer(new VolunteerProfile(
            $"{name}{serial}", MobileNumber.Parse($"139{serial % 100_000_000:D8}"), home ?? Village, services ?? ["elderly"],
            skills ?? [], availability ?? WeekendDays, radiusKm, maxTasks, North(northKm),
            backgroundCheck ? [new Certification(CertificationKind.BackgroundCheck, new DateOnly(2026, 6, 1), number: $"郎公证字{serial}号")] : null,
            Description: description), Now);
        if (approved) volunteer.Approve(Builders.Worker, Now);
        return volunteer;
    }

    /// An approved social-work agency of the township that serves the plot's first village.
    public SocialOrganisation Organisation(string name = "社工服务中心", string[]? services = null, DivisionCode[]? area = null,
        int monthlyCapacity = 10, double northKm = 1, string? description = null, bool approved = true)
    {
        var serial = Next();
        var organisation = new SocialOrganisation(new OrganisationProfile(
            $"{name}{serial}", UnifiedSocialCreditCode.Complete($"52341821MJ{serial % 10_000_000:D7}"), OrganisationType.SocialWorkAgency,
            Township, services ?? ["elderly"], area ?? [Village], monthlyCapacity, 2, "陈敏",
            MobileNumber.Parse($"137{serial % 100_000_000:D8}"), "人民路 8 号", North(northKm), description), Now);
        if (approved) organisation.Approve(Builders.Worker, Now);
        return organisation;
    }

    /// An approved fund for home retrofits of elderly people living alone in the plot's first village.
    public CharitableFund Fund(string name = "助老专项基金", long totalYuan = 10_000, long maxPerGrantYuan = 5_000,
        string[]? services = null, BeneficiaryGroup[]? groups = null, bool approved = true)
    {
        var fund = new CharitableFund(new FundProfile(
            $"{name}{Next()}", FundKind.CommunityFund, Township, services ?? ["elderly.retrofit"],
            groups ?? [BeneficiaryGroup.ElderlyLivingAlone], [Village], Money.FromYuan(maxPerGrantYuan)), Money.FromYuan(totalYuan), Now);
        if (approved) fund.Approve(Builders.Worker, Now);
        return fund;
    }

    /// An approved holiday-class project of <paramref name="owner"/> running through 2026 and 2027.
    public MicroGrantProject MicroGrant(SocialOrganisation owner, string name = "假期兴趣班项目", int places = 10, bool approved = true)
    {
        var project = new MicroGrantProject(new MicroGrantProfile(
            $"{name}{Next()}", owner.Id, Township, ["children.holiday-class"], [BeneficiaryGroup.LeftBehindChild], [Village],
            new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31), Money.FromYuan(20_000)), places, Now);
        if (approved) project.Approve(Builders.Worker, Now);
        return project;
    }

    /// A need of the plot's first village, submitted by the committee on the resident's behalf
    /// (pass <paramref name="submitted"/>: false for a draft).
    public Need Need(string item = "elderly.meal", Quantity? quantity = null, BeneficiaryGroup[]? groups = null,
        WeeklySlots? slots = null, string[]? skills = null, GeoPoint? location = null, bool ownLocation = true,
        DivisionCode? village = null, string title = "独居老人助餐", string description = "王奶奶八十二岁，独自居住，希望每天中午有人送饭。",
        bool submitted = true)
    {
        var requester = new Requester(RequesterKind.CommitteeOnBehalf, new ActorRef("committee-test", "测试村委会"), "王秀英", null);
        var need = global::FiveSocieties.Matching.Needs.Need.Create(new NeedDetails(
                title, description, item, groups ?? [BeneficiaryGroup.ElderlyLivingAlone], Urgency.Normal, village ?? Village,
                quantity ?? Quantity.People(1), ownLocation ? location ?? Centre : null, null, null, slots ?? WeekendDays, skills ?? []),
            requester, new ConsentRecord("2025-01", ConsentMethod.VerbalRecordedByStaff, Now), Now);
        if (submitted) need.Submit(requester.PostedBy, Now);
        return need;
    }

    /// Saves new entities of any kind in one unit of work.
    public static Task SaveAsync(InfrastructureHost host, params object[] entities) =>
        host.WithDb(async db =>
        {
            foreach (var entity in entities) db.Add(entity);
            await db.SaveChangesAsync();
        });
}
