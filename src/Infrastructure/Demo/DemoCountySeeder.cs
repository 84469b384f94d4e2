using System.Globalization;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Demo;

/// Seeds a demo county modelled on Langxi (郎溪县, 341821) into an empty database: villages with
/// coordinates, volunteers, organisations, funds, micro-grant projects, one account per role and
/// needs in every status. Deterministic for a given seed; dates are relative to the clock.
public sealed partial class DemoCountySeeder(
    FiveSocietiesDbContext db,
    UserManager<AppUser> users,
    IOptions<DemoOptions> options,
    TimeProvider clock,
    ILogger<DemoCountySeeder> logger)
{
    // Approximate centres of Langxi's townships and streets; villages are scattered around them.
    private static readonly Dictionary<string, (double Lat, double Lon)> TownshipCentres = new()
    {
        ["341821001000"] = (31.140, 119.170), // 郎步街道
        ["341821002000"] = (31.118, 119.192), // 郎川街道
        ["341821003000"] = (31.103, 119.160), // 钟桥街道
        ["341821100000"] = (31.128, 119.215), // 建平镇
        ["341821101000"] = (31.200, 119.050), // 十字镇
        ["341821102000"] = (31.040, 119.232), // 新发镇
        ["341821103000"] = (31.000, 119.130), // 涛城镇
        ["341821105000"] = (31.232, 119.270), // 梅渚镇
        ["341821107000"] = (31.160, 119.322), // 毕桥镇
        ["341821108000"] = (31.262, 119.120), // 飞鲤镇
        ["341821109000"] = (31.060, 119.048), // 凌笪镇
        ["341821110000"] = (31.082, 119.335), // 姚村镇
    };

    private const string ConsentVersion = "2025-01";

    public async Task SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await db.Volunteers.AnyAsync(ct) || await db.Needs.AnyAsync(ct) || await db.Users.AnyAsync(ct))
        {
            LogSkipped(logger);
            return;
        }
        var started = clock.GetTimestamp();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var county = await SeedAsync(ct);
        await transaction.CommitAsync(ct);
        LogSeeded(logger, county, clock.GetElapsedTime(started).TotalSeconds);
    }

    private async Task<string> SeedAsync(CancellationToken ct)
    {
        var o = options.Value;
        var texts = DemoTexts.Load();
        var rng = new DemoRandom(o.RandomSeed);
        var now = clock.GetUtcNow();
        var catalogue = await db.ServiceItems.Where(i => i.IsActive).OrderBy(i => i.SortOrder).ToListAsync(ct);

        var county = await db.Regions.Where(r => r.Level == RegionLevel.County).OrderBy(r => r.Code).FirstAsync(ct);
        county.MoveTo(new GeoPoint(31.126, 119.180));
        var townships = await db.Regions.Where(r => r.ParentCode == county.Code).OrderBy(r => r.Code).ToListAsync(ct);
        var stations = await db.Stations.ToDictionaryAsync(s => s.RegionCode, ct);
        var places = new DemoPlaces(county, townships, CreateVillages(townships, o.Villages, texts, rng));
        db.Regions.AddRange(places.Villages);
        await db.SaveChangesAsync(ct);

        var staff = await CreateStaffAsync(places, stations, rng, texts, now);
        var organisations = CreateOrganisations(places, staff, texts, rng, now, o.Organisations);
        db.Organisations.AddRange(organisations);
        await db.SaveChangesAsync(ct);

        var funds = CreateFunds(places, organisations, staff, texts, rng, now, o.Funds);
        var grants = CreateMicroGrants(places, organisations, staff, texts, rng, now, o.MicroGrants);
        var volunteers = CreateVolunteers(places, staff, catalogue, texts, rng, now, o.Volunteers);
        db.Funds.AddRange(funds);
        db.MicroGrantProjects.AddRange(grants);
        db.Volunteers.AddRange(volunteers);
        await db.SaveChangesAsync(ct);

        await CreateProviderAccountsAsync(staff, volunteers, organisations, now);

        var providers = new List<Resource>();
        providers.AddRange(volunteers);
        providers.AddRange(organisations);
        providers.AddRange(funds);
        providers.AddRange(grants);
        await new DemoNeeds(db, places, staff, catalogue, providers, texts, rng, now).SeedAsync(o.Needs, ct);
        return county.Name;
    }

    private static List<Region> CreateVillages(IReadOnlyList<Region> townships, int total, DemoTexts texts, DemoRandom rng)
    {
        // Streets (街道) are mostly urban communities; towns (镇) mostly villages.
        var weights = townships.Select(t => IsStreet(t) ? 8.0 : 14.0).ToList();
        var villages = new List<Region>();
        var usedNames = new HashSet<string>();
        for (var i = 0; i < townships.Count; i++)
        {
            var township = townships[i];
            var centre = TownshipCentres.TryGetValue(township.Code.Value, out var c)
                ? new GeoPoint(c.Lat, c.Lon)
                : rng.Near(new GeoPoint(31.126, 119.180), 20);
            township.MoveTo(centre);
            var count = Math.Max(2, (int)Math.Round(total * weights[i] / weights.Sum()));
            var communities = IsStreet(township) ? count * 3 / 4 : 1;
            for (var k = 0; k < count; k++)
            {
                var isCommunity = k < communities;
                var stems = isCommunity ? texts.CommunityStems : texts.VillageStems;
                string name;
                do name = rng.Pick(stems) + (isCommunity ? "社区" : "村");
                while (!usedNames.Add(name));
                var serial = isCommunity ? k + 1 : 200 + (k - communities) + 1;
                var code = DivisionCode.Parse(township.Code.Prefix + serial.ToString("D3", CultureInfo.InvariantCulture));
                villages.Add(new Region(code, name, township.Code, rng.Near(centre, IsStreet(township) ? 2.5 : 7)));
            }
        }
        return villages;
    }

    private async Task<DemoStaff> CreateStaffAsync(DemoPlaces places, Dictionary<DivisionCode, Station> stations,
        DemoRandom rng, DemoTexts texts, DateTimeOffset now)
    {
        var admin = await CreateAccountAsync("admin", "系统管理员", AppRoles.SystemAdmin, now, _ => { });
        var countyStation = stations[places.County.Code];
        var countyAdmin = await CreateAccountAsync("county", rng.PersonName(texts), AppRoles.CountyAdmin, now, u =>
        {
            u.RegionCode = places.County.Code.Value;
            u.StationId = countyStation.Id;
        });

        // worker1 serves 建平镇, worker2 十字镇 (seed 002's county seat and a rural town); the other
        // stations get worker3, worker4, … so every station has someone to broker its needs.
        var ordered = places.Townships
            .OrderBy(t => t.Code.Value == "341821100000" ? 0 : t.Code.Value == "341821101000" ? 1 : 2)
            .ThenBy(t => t.Code)
            .ToList();
        var workers = new Dictionary<DivisionCode, ActorRef>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var station = stations[ordered[i].Code];
            var user = await CreateAccountAsync($"worker{i + 1}", rng.PersonName(texts), AppRoles.StationWorker, now, u =>
            {
                u.StationId = station.Id;
                u.RegionCode = station.RegionCode.Value;
            });
            workers[ordered[i].Code] = new ActorRef(user.Id, user.DisplayName);
        }

        var homeVillage = places.VillagesOf(ordered[0].Code).First(v => !v.IsUrbanCommunity);
        var committee = await CreateAccountAsync("committee1", $"{homeVillage.Name}村委会", AppRoles.CommitteeStaff, now,
            u => u.RegionCode = homeVillage.Code.Value);
        var residentName = rng.PersonName(texts);
        var residentMobile = rng.Mobile();
        var resident = await CreateAccountAsync("resident1", residentName, AppRoles.Resident, now, u =>
        {
            u.RegionCode = homeVillage.Code.Value;
            u.PhoneNumber = residentMobile.Value;
        });
        return new DemoStaff(
            new ActorRef(admin.Id, admin.DisplayName),
            new ActorRef(countyAdmin.Id, countyAdmin.DisplayName),
            workers,
            homeVillage,
            new ActorRef(committee.Id, committee.DisplayName),
            new ActorRef(resident.Id, resident.DisplayName),
            residentMobile);
    }

    private async Task CreateProviderAccountsAsync(DemoStaff staff, List<Volunteer> volunteers,
        List<SocialOrganisation> organisations, DateTimeOffset now)
    {
        var volunteer = volunteers.First(v => v.HomeVillageCode == staff.HomeVillage.Code && v.IsMatchable);
        await CreateAccountAsync("volunteer1", volunteer.Name, AppRoles.Volunteer, now, u =>
        {
            u.VolunteerId = volunteer.Id;
            u.RegionCode = volunteer.HomeVillageCode.Value;
            u.PhoneNumber = volunteer.Mobile.Value;
        });
        // org1 works for an approved organisation that serves the demo resident's village.
        var organisation = organisations
            .Where(o => o.IsMatchable && o.ServesRegion(staff.HomeVillage.Code))
            .OrderBy(o => o.OrganisationType == OrganisationType.SocialWorkAgency ? 0 : 1)
            .First();
        await CreateAccountAsync("org1", organisation.ContactName, AppRoles.OrganisationStaff, now, u =>
        {
            u.OrganisationId = organisation.Id;
            u.RegionCode = organisation.HomeRegionCode.Value;
            u.PhoneNumber = organisation.ContactMobile.Value;
        });
    }

    private async Task<AppUser> CreateAccountAsync(string userName, string displayName, string role, DateTimeOffset now, Action<AppUser> scope)
    {
        var user = new AppUser { UserName = userName, DisplayName = displayName, CreatedAt = now, EmailConfirmed = true };
        scope(user);
        Check(await users.CreateAsync(user, options.Value.Password), userName);
        Check(await users.AddToRoleAsync(user, role), userName);
        return user;
    }

    private static void Check(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(
                $"Demo account {userName}: {string.Join("; ", result.Errors.Select(e => e.Description))} (check Demo:Password).");
    }

    private static List<SocialOrganisation> CreateOrganisations(DemoPlaces places, DemoStaff staff, DemoTexts texts,
        DemoRandom rng, DateTimeOffset now, int count)
    {
        var list = new List<SocialOrganisation>();
        var usedCodes = new HashSet<string>();
        foreach (var (text, i) in texts.Organisations.Take(count).Select((t, i) => (t, i)))
        {
            var type = Enum.Parse<OrganisationType>(text.Type);
            var township = places.Townships.FirstOrDefault(t => text.Name.Contains(t.Name, StringComparison.Ordinal));
            Region home;
            List<DivisionCode> area;
            if (text.Name.StartsWith(places.County.Name, StringComparison.Ordinal) || (township is null && type != OrganisationType.CommunityOrganisation))
            {
                home = township ?? rng.Pick(places.Townships.Where(t => IsStreet(t)).ToList());
                area = [places.County.Code];
            }
            else if (type == OrganisationType.CommunityOrganisation)
            {
                township ??= rng.Pick(places.Townships);
                home = rng.Pick(places.VillagesOf(township.Code));
                area = [township.Code];
            }
            else
            {
                home = township!;
                area = [township!.Code];
                if (rng.Chance(0.3)) area.Add(rng.Pick(places.Townships).Code);
            }
            var (capacityMin, capacityMax) = type switch
            {
                OrganisationType.SocialWorkAgency => (20, 60),
                OrganisationType.CommunityOrganisation => (4, 15),
                OrganisationType.CharityOrganisation => (10, 30),
                _ => (10, 40),
            };
            var organisation = new SocialOrganisation(new OrganisationProfile(
                text.Name,
                CreditCode(type, rng, usedCodes),
                type,
                home.Code,
                text.Services,
                area,
                rng.Int(capacityMin, capacityMax),
                type == OrganisationType.SocialWorkAgency ? rng.Int(5, 15) : rng.Int(0, 3),
                rng.PersonName(texts),
                rng.Mobile(),
                $"{places.AddressOf(home)}{rng.Int(1, 99)}号",
                rng.Near(home.Location ?? places.County.Location!.Value, 0.8),
                text.Description), now.AddDays(-rng.Int(200, 900)));
            SetApproval(organisation, i, staff.WorkerFor(places.TownshipOf(home.Code)), now, rng);
            list.Add(organisation);
        }
        return list;
    }

    private static UnifiedSocialCreditCode CreditCode(OrganisationType type, DemoRandom rng, HashSet<string> used)
    {
        // 5 = registered with civil affairs; 1 social group, 2 social service agency, 3 foundation.
        var category = type switch
        {
            OrganisationType.VolunteerAssociation => '1',
            OrganisationType.CharityOrganisation => '3',
            _ => '2',
        };
        while (true)
        {
            var code = UnifiedSocialCreditCode.Complete($"5{category}341821MJ{rng.Int(0, 9_999_999):D7}");
            if (used.Add(code.Value)) return code;
        }
    }

    private static List<CharitableFund> CreateFunds(DemoPlaces places, List<SocialOrganisation> organisations, DemoStaff staff,
        DemoTexts texts, DemoRandom rng, DateTimeOffset now, int count)
    {
        var charities = organisations.Where(o => o.OrganisationType == OrganisationType.CharityOrganisation).ToList();
        var list = new List<CharitableFund>();
        foreach (var (text, i) in texts.Funds.Take(count).Select((t, i) => (t, i)))
        {
            var township = places.Townships.FirstOrDefault(t => text.Name.Contains(t.Name, StringComparison.Ordinal));
            var home = township ?? places.County;
            var total = Money.FromYuan(rng.Int(10, 100) * 5_000);
            var maxPerGrant = Money.FromYuan(Math.Min(total.Yuan, rng.Int(4, 40) * 500));
            var fund = new CharitableFund(new FundProfile(
                text.Name,
                Enum.Parse<FundKind>(text.Kind),
                home.Code,
                text.Services,
                text.Groups.Select(Enum.Parse<BeneficiaryGroup>).ToList(),
                [home.Code],
                maxPerGrant,
                charities.Count > 0 && rng.Chance(0.6) ? rng.Pick(charities).Id : null,
                text.Description), total, now.AddDays(-rng.Int(120, 600)));
            SetApproval(fund, i, staff.CountyAdmin, now, rng);
            list.Add(fund);
        }
        return list;
    }

    private static List<MicroGrantProject> CreateMicroGrants(DemoPlaces places, List<SocialOrganisation> organisations,
        DemoStaff staff, DemoTexts texts, DemoRandom rng, DateTimeOffset now, int count)
    {
        var owners = organisations
            .Where(o => o.IsMatchable && o.OrganisationType is OrganisationType.SocialWorkAgency or OrganisationType.CommunityOrganisation)
            .ToList();
        var today = ChinaTime.Today(now);
        var list = new List<MicroGrantProject>();
        foreach (var (text, i) in texts.MicroGrants.Take(count).Select((t, i) => (t, i)))
        {
            var owner = rng.Pick(owners);
            var start = today.AddDays(-rng.Int(10, 150));
            var project = new MicroGrantProject(new MicroGrantProfile(
                text.Name,
                owner.Id,
                places.TownshipOf(owner.HomeRegionCode).Code,
                text.Services,
                text.Groups.Select(Enum.Parse<BeneficiaryGroup>).ToList(),
                owner.ServiceArea,
                start,
                start.AddDays(rng.Int(180, 365)),
                Money.FromYuan(rng.Int(10, 100) * 1_000),
                text.Description), rng.Int(10, 60), ChinaTime.StartOf(start).AddDays(-20));
            SetApproval(project, i, staff.CountyAdmin, now, rng);
            list.Add(project);
        }
        return list;
    }

    private static List<Volunteer> CreateVolunteers(DemoPlaces places, DemoStaff staff, List<ServiceItem> catalogue,
        DemoTexts texts, DemoRandom rng, DateTimeOffset now, int count)
    {
        var volunteerItems = catalogue.Where(i => i.UsualResourceKinds.Contains(ResourceKind.Volunteer)).ToList();
        var volunteerAreas = volunteerItems.Select(i => i.AreaCode).Distinct().ToList();
        var villageWeights = places.Villages.Select(v => v.IsUrbanCommunity ? 2.0 : 1.0).ToList();
        var today = ChinaTime.Today(now);
        var list = new List<Volunteer>();
        for (var i = 0; i < count; i++)
        {
            // The first volunteer of the demo resident's village is volunteer1: approved, checked.
            var forAccount = i == 0;
            var village = forAccount ? staff.HomeVillage : rng.Weighted(places.Villages, villageWeights);
            var isTeam = !forAccount && rng.Chance(0.04);
            var codes = Enumerable.Range(0, rng.Int(1, 3))
                .Select(_ => rng.Chance(0.35) ? rng.Pick(volunteerAreas) : rng.Pick(volunteerItems).Code)
                .Distinct().ToList();
            if (forAccount) codes = ["elderly", "children.after-school"];
            var certifications = new List<Certification>();
            if (forAccount || rng.Chance(0.4))
                certifications.Add(new Certification(CertificationKind.BackgroundCheck,
                    today.AddDays(forAccount ? -30 : -rng.Int(0, 500)), number: $"郎公证字{rng.Int(10000, 99999)}号"));
            if (rng.Chance(0.15))
                certifications.Add(new Certification(rng.Pick(new[] { CertificationKind.FirstAid, CertificationKind.ElderlyCare, CertificationKind.Teacher, CertificationKind.Counsellor, CertificationKind.Medical, CertificationKind.SocialWorker }),
                    today.AddDays(-rng.Int(30, 2000))));
            var name = isTeam ? $"{village.Name}{rng.Pick(new[] { "志愿服务队", "巾帼志愿队", "党员志愿服务队", "青年志愿者服务队" })}" : rng.PersonName(texts);
            var volunteer = new Volunteer(new VolunteerProfile(
                name,
                rng.Mobile(),
                village.Code,
                codes,
                rng.Sample(texts.Skills, rng.Int(1, 4)),
                rng.Slots(rng.Int(2, 8), weekendBias: rng.Chance(0.5)),
                Math.Round(rng.Double(2, 15) * 2) / 2,
                isTeam ? rng.Int(2, 5) : rng.Int(1, 3),
                rng.Near(village.Location!.Value, 1),
                certifications,
                rng.Chance(0.3) ? rng.IdNumber(1955, 2005) : null,
                isTeam ? rng.Int(5, 30) : 1,
                rng.Pick(texts.VolunteerBios)), now.AddDays(-rng.Int(20, 700)));
            SetApproval(volunteer, forAccount ? 0 : i, staff.WorkerFor(places.TownshipOf(village.Code)), now, rng);
            list.Add(volunteer);
        }
        return list;
    }

    /// Most providers are approved; a few wait for approval, are paused or were retired, so the
    /// approval queues of the demo are not empty.
    private static void SetApproval(Resource resource, int index, ActorRef approver, DateTimeOffset now, DemoRandom rng)
    {
        var roll = index == 0 ? 0.5 : rng.Double(0, 1);
        if (roll < 0.06) return; // pending
        var approvedAt = resource.CreatedAt.AddDays(rng.Int(1, 5));
        if (approvedAt > now) approvedAt = now.AddHours(-1);
        resource.Approve(approver, approvedAt);
        if (roll > 0.97) resource.Retire(approver, approvedAt.AddDays(10) < now ? approvedAt.AddDays(10) : now, "已不在本地居住或解散");
        else if (roll > 0.93) resource.Pause(approver, approvedAt.AddDays(5) < now ? approvedAt.AddDays(5) : now, "暂时外出，暂停接单");
    }

    internal static bool IsStreet(Region township) => township.Name.EndsWith("街道", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data present or database in use: demo seeding skipped.")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo county {County} seeded in {Seconds:0.0} s.")]
    private static partial void LogSeeded(ILogger logger, string county, double seconds);
}

internal sealed class DemoPlaces(Region county, List<Region> townships, List<Region> villages)
{
    private readonly Dictionary<DivisionCode, Region> _byCode =
        townships.Concat(villages).Append(county).ToDictionary(r => r.Code);

    public Region County { get; } = county;
    public List<Region> Townships { get; } = townships;
    public List<Region> Villages { get; } = villages;

    public Region this[DivisionCode code] => _byCode[code];

    public IReadOnlyList<Region> VillagesOf(DivisionCode township) =>
        Villages.Where(v => v.ParentCode == township).ToList();

    public Region TownshipOf(DivisionCode code) =>
        code.Level switch
        {
            RegionLevel.Village => _byCode[code.Parent!.Value],
            RegionLevel.Township => _byCode[code],
            _ => Townships[0],
        };

    /// "郎溪县建平镇东夏村", for addresses.
    public string AddressOf(Region region) => region.Level switch
    {
        RegionLevel.Village => County.Name + TownshipOf(region.Code).Name + region.Name,
        RegionLevel.Township => County.Name + region.Name,
        _ => County.Name,
    };
}

internal sealed record DemoStaff(
    ActorRef Admin,
    ActorRef CountyAdmin,
    Dictionary<DivisionCode, ActorRef> Workers,
    Region HomeVillage,
    ActorRef Committee,
    ActorRef Resident,
    MobileNumber ResidentMobile)
{
    public ActorRef WorkerFor(Region township) => Workers[township.Code];
}
