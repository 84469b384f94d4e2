using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Infrastructure.Tests.Support;

/// Test data with sensible defaults in the reference county (郎溪县 建平镇).
public static class Builders
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    public static readonly DivisionCode County = DivisionCode.Parse("341821");
    public static readonly DivisionCode Township = DivisionCode.Parse("341821100");
    public static readonly ActorRef Worker = new("worker-test", "测试社工");

    /// A village under 建平镇, created if missing (reference data holds townships only).
    public static async Task<DivisionCode> VillageAsync(FiveSocieties.Infrastructure.Persistence.FiveSocietiesDbContext db, int serial = 201)
    {
        var code = DivisionCode.Parse($"341821100{serial:D3}");
        if (await db.Regions.FindAsync(code) is null)
        {
            db.Regions.Add(new Region(code, $"测试{serial}村", Township, new GeoPoint(31.13, 119.21)));
            await db.SaveChangesAsync();
        }
        return code;
    }

    public static Need Need(DivisionCode village, string item = "elderly.meal", string title = "独居老人助餐",
        IReadOnlyCollection<BeneficiaryGroup>? groups = null, Quantity? quantity = null, DateTimeOffset? at = null,
        string description = "王奶奶今年八十二岁，独自居住，希望每天中午有人送饭。")
    {
        var when = at ?? Now;
        var requester = new Requester(RequesterKind.CommitteeOnBehalf, new ActorRef("committee-test", "测试村委会"), "王秀英",
            MobileNumber.Parse("13812345678"));
        return FiveSocieties.Matching.Needs.Need.Create(new NeedDetails(
                title, description, item,
                groups ?? [BeneficiaryGroup.ElderlyLivingAlone], Urgency.Urgent, village,
                quantity ?? Quantity.People(1), new GeoPoint(31.131, 119.212), "3组12号",
                new TimeWindow(when.AddDays(1), when.AddDays(30)),
                WeeklySlots.Of((DayOfWeek.Monday, DayPart.Morning), (DayOfWeek.Saturday, DayPart.Afternoon)),
                ["烹饪"]),
            requester, new ConsentRecord("2025-01", ConsentMethod.VerbalRecordedByStaff, when), when);
    }

    public static Volunteer Volunteer(DivisionCode village, string mobile = "13900001111", DateTimeOffset? at = null) =>
        new(new VolunteerProfile("李志强", MobileNumber.Parse(mobile), village, ["elderly", "children.after-school"],
            ["烹饪", "驾驶"], WeeklySlots.Of((DayOfWeek.Saturday, DayPart.Afternoon)), 8, 2, new GeoPoint(31.13, 119.21),
            [new Certification(CertificationKind.BackgroundCheck, new DateOnly(2026, 6, 1), number: "郎公证字12345号")],
            ResidentIdNumber.Parse("11010519491231002X"), 1, "退休教师"), at ?? Now);

    public static SocialOrganisation Organisation(string creditFirst17 = "52341821MJ0000001") =>
        new(new OrganisationProfile("郎溪县益众社会工作服务中心", UnifiedSocialCreditCode.Complete(creditFirst17),
            OrganisationType.SocialWorkAgency, Township, ["elderly"], [Township], 10, 6, "陈敏",
            MobileNumber.Parse("13700002222"), "建平镇人民路 8 号", new GeoPoint(31.128, 119.215)), Now);

    public static CharitableFund Fund(long totalYuan = 10_000, long maxPerGrantYuan = 5_000) =>
        new(new FundProfile("郎溪县慈善会助老专项基金", FundKind.FoundationProgram, County, ["elderly.retrofit"],
            [BeneficiaryGroup.ElderlyLivingAlone], [County], Money.FromYuan(maxPerGrantYuan)), Money.FromYuan(totalYuan), Now);
}
