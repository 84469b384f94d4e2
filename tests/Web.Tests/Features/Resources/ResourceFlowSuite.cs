using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Resources;
using FiveSocieties.Web.Tests.Features.Needs;
using FiveSocieties.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static FiveSocieties.Web.Tests.Features.SiteData;

namespace FiveSocieties.Web.Tests.Features.Resources;

/// The resources feature through HTTP as a browser uses it — registering volunteers,
/// organisations, funds and micro-grant projects, approving them, keeping one's own profile, who
/// may see and do what, the list with its filters, search and pages, and the logged mobile
/// reveal — over each database. The tests of one class share a database: each makes its own
/// records and compares the pages with the database, never with fixed counts.
public abstract class ResourceFlowSuite<TFixture>(TFixture fixture) where TFixture : SiteFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;

    // --- registering volunteers and organisations ------------------------------------------------

    [Fact]
    public async Task CreateVolunteer_ByStationWorker_IsActiveAtOnceInTheChosenVillage()
    {
        var worker = await Site.UserAsync("worker1");
        var village = (await Site.VillagesOfAsync(JianpingTownship))[1];
        var client = await Site.SignedInAsync("worker1");
        var name = Unique("王秀芝");
        var mobile = UniqueMobile();

        var id = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Volunteer/Create", "/Resources/Volunteer/Create",
            ResourceForm.Volunteer(name, mobile, village.Value).Fields), "Volunteer");

        var details = await client.GetStringAsync($"/Resources/Volunteer/{id}", Ct);
        Assert.Equal("已启用", NeedHtml.Status(details));
        Assert.Contains("已保存", NeedHtml.Flash(details));
        var volunteer = await FindAsync<Volunteer>(id);
        Assert.Equal(name, volunteer.Name);
        Assert.Equal(mobile, volunteer.Mobile.Value);
        Assert.Equal(village, volunteer.HomeVillageCode);
        Assert.Equal(ApprovalStatus.Active, volunteer.Status);
        Assert.Equal(worker.DisplayName, volunteer.StatusChangedBy);
        Assert.Equal(["elderly.meal", "elderly.visit"], volunteer.ServiceCodes.Order());
        Assert.Equal(["烹饪", "聊天陪伴"], volunteer.Skills.Order());
    }

    [Fact]
    public async Task CreateOrganisation_ByStationWithAValidCreditCode_IsApprovedByThatStation()
    {
        var worker = await Site.UserAsync("worker1");
        var client = await Site.SignedInAsync("worker1");
        var name = Unique("建平镇邻里互助社");
        var code = ResourceForm.NewCreditCode();

        var id = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Organisation/Create", "/Resources/Organisation/Create",
            ResourceForm.Organisation(name, code, JianpingTownship).Fields), "Organisation");

        var details = await client.GetStringAsync($"/Resources/Organisation/{id}", Ct);
        Assert.Equal("已启用", NeedHtml.Status(details));
        Assert.Contains(code, details);
        var organisation = await FindAsync<SocialOrganisation>(id);
        Assert.Equal(name, organisation.Name);
        Assert.Equal(code, organisation.CreditCode.Value);
        Assert.Equal(JianpingTownship, organisation.HomeRegionCode.Value);
        Assert.Equal([DivisionCode.Parse(JianpingTownship)], organisation.ServiceArea);
        Assert.Equal(ApprovalStatus.Active, organisation.Status);
        Assert.Equal(worker.DisplayName, organisation.StatusChangedBy);
    }

    [Theory]
    [InlineData("duplicate-mobile")]
    [InlineData("unknown-village")]
    [InlineData("other-stations-village")]
    [InlineData("duplicate-credit-code")]
    [InlineData("wrong-check-character")]
    public async Task Create_BadInput_ShowsAChineseMessageBesideTheFieldAndWritesNothing(string mistake)
    {
        var name = Unique("填错的登记");
        var (kind, form, field, message) = await BadInputAsync(mistake, name);
        var client = await Site.SignedInAsync("worker1");
        var before = await CountAsync();

        var response = await client.PostFormAsync($"/Resources/{kind}/Create", $"/Resources/{kind}/Create", form.Fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(message, NeedHtml.FieldMessage(html, field));
        Assert.Equal(before, await CountAsync());
        Assert.False(await Site.QueryAsync(db => db.Volunteers.AnyAsync(v => v.Name == name, Ct)));
        Assert.False(await Site.QueryAsync(db => db.Organisations.AnyAsync(o => o.Name == name, Ct)));
    }

    // --- a volunteer keeps their own profile ------------------------------------------------------

    [Fact]
    public async Task EditOwnProfile_Volunteer_SavesTheChangeAndStaysApproved()
    {
        var id = (await Site.UserAsync("volunteer1")).VolunteerId!.Value;
        var before = await FindAsync<Volunteer>(id);
        var client = await Site.SignedInAsync("volunteer1");
        var edit = await client.GetAsync($"/Resources/Volunteer/{id}/Edit", Ct);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var form = await edit.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"value=\"{before.Mobile.Masked}\"", form); // masked on the form too; sent back unchanged, kept
        Assert.DoesNotContain(before.Mobile.Value, form);
        var description = Unique("周末可以陪老人聊天、写春联");

        var saved = await client.PostFormAsync($"/Resources/Volunteer/{id}/Edit", $"/Resources/Volunteer/{id}/Edit",
            (await FormOfAsync(id)).Set("Description", description).Set("Skills", "聊天陪伴、书法").Fields);

        Assert.Equal(id, await ResourceHtml.DetailsIdAsync(saved, "Volunteer"));
        var details = await client.GetStringAsync($"/Resources/Volunteer/{id}", Ct);
        Assert.Contains(description, details);
        Assert.Equal("已启用", NeedHtml.Status(details));
        var after = await FindAsync<Volunteer>(id);
        Assert.Equal(description, after.Description);
        Assert.Equal(["书法", "聊天陪伴"], after.Skills.Order());
        Assert.Equal(before.Mobile, after.Mobile);
        Assert.Equal(before.HomeVillageCode, after.HomeVillageCode);
        Assert.Equal(ApprovalStatus.Active, after.Status);
    }

    [Fact]
    public async Task PauseAndResume_VolunteerThemself_ChangesTheirStatusButRetiringIsRefused()
    {
        var id = (await Site.UserAsync("volunteer1")).VolunteerId!.Value;
        var name = (await FindAsync<Volunteer>(id)).Name;
        var client = await Site.SignedInAsync("volunteer1");
        var page = $"/Resources/Volunteer/{id}";
        var details = await client.GetStringAsync(page, Ct);
        Assert.Equal("已启用", NeedHtml.Status(details));
        Assert.Equal(["Pause"], ResourceHtml.Actions(details));

        var retire = await client.PostFormAsync($"{page}/Act", page, ("action", "Retire"), ("reason", "不想做了"));
        Assert.Equal(id, await ResourceHtml.DetailsIdAsync(retire, "Volunteer"));
        Assert.Equal("您没有权限对该资源执行“停用”。", NeedHtml.Flash(await client.GetStringAsync(page, Ct)).Trim());
        Assert.Equal(ApprovalStatus.Active, (await FindAsync<Volunteer>(id)).Status);

        var pause = await client.PostFormAsync($"{page}/Act", page, ("action", "Pause"), ("reason", "外出务工两个月"));
        Assert.Equal(id, await ResourceHtml.DetailsIdAsync(pause, "Volunteer"));
        var paused = await client.GetStringAsync(page, Ct);
        Assert.Equal("已暂停", NeedHtml.Status(paused));
        Assert.Equal($"已暂停：{name}", NeedHtml.Flash(paused).Trim());
        Assert.Equal(["Resume"], ResourceHtml.Actions(paused));
        var stored = await FindAsync<Volunteer>(id);
        Assert.Equal(ApprovalStatus.Paused, stored.Status);
        Assert.Equal("外出务工两个月", stored.StatusReason);

        var resume = await client.PostFormAsync($"{page}/Act", page, ("action", "Resume"));
        Assert.Equal(id, await ResourceHtml.DetailsIdAsync(resume, "Volunteer"));
        Assert.Equal("已启用", NeedHtml.Status(await client.GetStringAsync(page, Ct)));
        Assert.Equal(ApprovalStatus.Active, (await FindAsync<Volunteer>(id)).Status);
    }

    [Fact]
    public async Task Act_SelfRegisteredVolunteerApprovingThemself_IsRefusedAndStaysPending()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[2];
        var (client, id, _) = await RegisterVolunteerAsync(village);
        var page = $"/Resources/Volunteer/{id}";
        Assert.DoesNotContain("Approve", ResourceHtml.Actions(await client.GetStringAsync(page, Ct)));

        var response = await client.PostFormAsync($"{page}/Act", page, ("action", "Approve"));

        Assert.Equal(id, await ResourceHtml.DetailsIdAsync(response, "Volunteer"));
        var details = await client.GetStringAsync(page, Ct);
        Assert.Equal("您没有权限对该资源执行“审核通过”。", NeedHtml.Flash(details).Trim());
        Assert.Equal("待审核", NeedHtml.Status(details));
        Assert.Equal(ApprovalStatus.Pending, (await FindAsync<Volunteer>(id)).Status);
    }

    [Fact]
    public async Task Act_WithoutAnAction_IsABadRequestAndApprovesNothing()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[3];
        var (_, id, _) = await RegisterVolunteerAsync(village);
        var worker = await Site.SignedInAsync("worker1");
        var page = $"/Resources/Volunteer/{id}";

        var missing = await worker.PostFormAsync($"{page}/Act", page, ("reason", "无"));
        var unknown = await worker.PostFormAsync($"{page}/Act", page, ("action", "Bless"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(ApprovalStatus.Pending, (await FindAsync<Volunteer>(id)).Status);
    }

    // --- who sees what ------------------------------------------------------------------------------

    [Fact]
    public async Task Scope_WorkerOpeningAVolunteerOfAnotherStation_FindsNothingAndChangesNothing()
    {
        var shiziVillage = (await Site.VillagesOfAsync(ShiziTownship))[0];
        var name = Unique("十字镇志愿者");
        var mobile = UniqueMobile();
        var owner = await Site.SignedInAsync("worker2");
        var id = await ResourceHtml.DetailsIdAsync(await owner.PostFormAsync("/Resources/Volunteer/Create", "/Resources/Volunteer/Create",
            ResourceForm.Volunteer(name, mobile, shiziVillage.Value).Fields), "Volunteer");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Resources/Volunteer/{id}", Ct)).StatusCode);
        var client = await Site.SignedInAsync("worker1");
        const string formPage = "/Resources/Volunteer/Create";

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Resources/Volunteer/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Resources/Volunteer/{id}/Edit", Ct)).StatusCode);
        var ownVillage = (await Site.VillagesOfAsync(JianpingTownship))[0].Value;
        var edit = await client.PostFormAsync($"/Resources/Volunteer/{id}/Edit", formPage,
            ResourceForm.Volunteer("被别的站改掉", mobile, ownVillage).Fields);
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        var pause = await client.PostFormAsync($"/Resources/Volunteer/{id}/Act", formPage, ("action", "Pause"), ("reason", "别的站暂停"));
        Assert.Equal(HttpStatusCode.NotFound, pause.StatusCode);
        var reveal = await client.PostFormAsync($"/Resources/Volunteer/{id}/RevealMobile", formPage, ("reason", "联系服务对象"));
        Assert.Equal(HttpStatusCode.NotFound, reveal.StatusCode);
        Assert.DoesNotContain(mobile, await reveal.Content.ReadAsStringAsync(Ct));
        var search = await ResourceHtml.WalkAsync(client, $"/Resources?Kind=Volunteer&Q={Uri.EscapeDataString(name)}");
        Assert.DoesNotContain(id, search.Ids);

        var after = await FindAsync<Volunteer>(id);
        Assert.Equal(name, after.Name);
        Assert.Equal(shiziVillage, after.HomeVillageCode);
        Assert.Equal(ApprovalStatus.Active, after.Status);
        Assert.Equal(0, await RevealsOfAsync(id));
    }

    [Fact]
    public async Task List_Committee_SeesExactlyTheVolunteersOfItsVillage()
    {
        var village = DivisionCode.Parse((await Site.UserAsync("committee1")).RegionCode!);
        var client = await Site.SignedInAsync("committee1");

        var list = await ResourceHtml.WalkAsync(client, "/Resources?Kind=Volunteer&Size=100");

        var volunteers = await AllAsync<Volunteer>();
        var expected = volunteers.Where(v => v.HomeVillageCode == village).Select(v => v.Id).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, list.Total);
        Assert.True(expected.SetEquals(list.Ids), "every listed volunteer lives in the village, and every volunteer of the village is listed");
        var neighbour = volunteers.First(v => v.HomeVillageCode != village && v.HomeVillageCode.IsWithin(DivisionCode.Parse(JianpingTownship)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Resources/Volunteer/{neighbour.Id}", Ct)).StatusCode);
    }

    // --- approvals ------------------------------------------------------------------------------------

    [Fact]
    public async Task Approvals_WorkerApprovesASelfRegisteredVolunteer_WhoLeavesTheQueueActive()
    {
        var worker = await Site.UserAsync("worker1");
        var village = (await Site.VillagesOfAsync(JianpingTownship))[3];
        var (_, id, name) = await RegisterVolunteerAsync(village);
        Assert.Equal(ApprovalStatus.Pending, (await FindAsync<Volunteer>(id)).Status);
        var client = await Site.SignedInAsync("worker1");
        var pending = $"data-testid=\"pending-Volunteer-{id}\"";
        Assert.Contains(pending, ResourceHtml.Queue(await client.GetStringAsync("/Approvals", Ct), "Volunteer"));
        var otherStation = await Site.SignedInAsync("worker2");
        Assert.DoesNotContain(pending, await otherStation.GetStringAsync("/Approvals", Ct));

        var response = await client.PostFormAsync($"/Resources/Volunteer/{id}/Act", "/Approvals", ("action", "Approve"), ("returnUrl", "/Approvals"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Approvals", response.Headers.Location?.OriginalString);
        var queue = await client.GetStringAsync("/Approvals", Ct);
        Assert.Equal($"已审核通过：{name}", NeedHtml.Flash(queue).Trim());
        Assert.DoesNotContain(pending, queue);
        var volunteer = await FindAsync<Volunteer>(id);
        Assert.Equal(ApprovalStatus.Active, volunteer.Status);
        Assert.Equal(worker.DisplayName, volunteer.StatusChangedBy);
        Assert.Equal("已启用", NeedHtml.Status(await client.GetStringAsync($"/Resources/Volunteer/{id}", Ct)));
    }

    [Fact]
    public async Task Approvals_RejectWithoutAReason_IsRefusedAndWithOneRetiresTheVolunteer()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[4];
        var (_, id, _) = await RegisterVolunteerAsync(village);
        var client = await Site.SignedInAsync("worker1");
        var pending = $"data-testid=\"pending-Volunteer-{id}\"";

        var refused = await client.PostFormAsync($"/Resources/Volunteer/{id}/Act", "/Approvals", ("action", "Reject"), ("reason", "  "), ("returnUrl", "/Approvals"));

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var queue = await client.GetStringAsync("/Approvals", Ct);
        Assert.Contains("alert-danger", queue);
        Assert.Equal("原因不能为空。", NeedHtml.Flash(queue).Trim());
        Assert.Contains(pending, ResourceHtml.Queue(queue, "Volunteer"));
        Assert.Equal(ApprovalStatus.Pending, (await FindAsync<Volunteer>(id)).Status);

        await client.PostFormAsync($"/Resources/Volunteer/{id}/Act", "/Approvals", ("action", "Reject"), ("reason", "未能核实身份"), ("returnUrl", "/Approvals"));

        Assert.DoesNotContain(pending, await client.GetStringAsync("/Approvals", Ct));
        var volunteer = await FindAsync<Volunteer>(id);
        Assert.Equal(ApprovalStatus.Retired, volunteer.Status);
        Assert.Equal("未能核实身份", volunteer.StatusReason);
    }

    // --- funds and micro-grant projects ----------------------------------------------------------------

    [Fact]
    public async Task Fund_CreatedByOrganisationStaff_WaitsForTheCountyWhichAloneApprovesIt()
    {
        var organisation = await OrganisationOfAsync("org1");
        var county = await Site.UserAsync("county");
        var client = await Site.SignedInAsync("org1");
        var name = Unique("邻里助老基金");

        var id = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Fund/Create", "/Resources/Fund/Create",
            ResourceForm.Fund(name, organisation.HomeRegionCode.Value, 10_000, 2_000).Fields), "Fund");

        var page = $"/Resources/Fund/{id}";
        var details = await client.GetStringAsync(page, Ct);
        Assert.Equal("待审核", NeedHtml.Status(details));
        Assert.Equal("¥10,000.00", ResourceHtml.Remaining(details));
        Assert.DoesNotContain("Approve", ResourceHtml.Actions(details));
        var fund = await FindAsync<CharitableFund>(id);
        Assert.Equal(ApprovalStatus.Pending, fund.Status);
        Assert.Equal(organisation.Id, fund.ManagerOrganisationId);
        Assert.Equal(Money.FromYuan(10_000), fund.TotalBudget);
        Assert.Equal(Money.FromYuan(2_000), fund.MaxPerGrant);

        var selfApproval = await client.PostFormAsync($"{page}/Act", page, ("action", "Approve"));
        Assert.Equal(id, await ResourceHtml.DetailsIdAsync(selfApproval, "Fund"));
        Assert.Equal("您没有权限对该资源执行“审核通过”。", NeedHtml.Flash(await client.GetStringAsync(page, Ct)).Trim());
        Assert.Equal(ApprovalStatus.Pending, (await FindAsync<CharitableFund>(id)).Status);

        var worker = await Site.SignedInAsync("worker1"); // stations approve volunteers and organisations, not funds
        Assert.DoesNotContain("queue-Fund", await worker.GetStringAsync("/Approvals", Ct));

        var countyClient = await Site.SignedInAsync("county");
        var pending = $"data-testid=\"pending-Fund-{id}\"";
        Assert.Contains(pending, ResourceHtml.Queue(await countyClient.GetStringAsync("/Approvals", Ct), "Fund"));
        var approved = await countyClient.PostFormAsync($"{page}/Act", "/Approvals", ("action", "Approve"), ("returnUrl", "/Approvals"));
        Assert.Equal("/Approvals", approved.Headers.Location?.OriginalString);
        Assert.DoesNotContain(pending, await countyClient.GetStringAsync("/Approvals", Ct));
        fund = await FindAsync<CharitableFund>(id);
        Assert.Equal(ApprovalStatus.Active, fund.Status);
        Assert.Equal(county.DisplayName, fund.StatusChangedBy);
    }

    [Fact]
    public async Task Fund_EditedByTheCounty_KeepsItsManagingOrganisation()
    {
        var organisation = await OrganisationOfAsync("org1");
        var client = await Site.SignedInAsync("org1");
        var name = Unique("邻里互助基金");
        var id = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Fund/Create", "/Resources/Fund/Create",
            ResourceForm.Fund(name, organisation.HomeRegionCode.Value, 10_000, 2_000).Fields), "Fund");
        var page = $"/Resources/Fund/{id}";

        // The edit form offers no manager: the field is simply not posted.
        var edited = await (await Site.SignedInAsync("county")).PostFormAsync($"{page}/Edit", $"{page}/Edit",
            ResourceForm.Fund(name + "（修订）", organisation.HomeRegionCode.Value, 10_000, 3_000).Fields);

        Assert.Equal(id, await ResourceHtml.DetailsIdAsync(edited, "Fund"));
        var fund = await FindAsync<CharitableFund>(id);
        Assert.Equal(Money.FromYuan(3_000), fund.MaxPerGrant);
        Assert.Equal(organisation.Id, fund.ManagerOrganisationId);
    }

    [Fact]
    public async Task Fund_TopUpByItsOrganisation_RaisesTheRemainingBudgetAndTheTotal()
    {
        var organisation = await OrganisationOfAsync("org1");
        var client = await Site.SignedInAsync("org1");
        var id = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Fund/Create", "/Resources/Fund/Create",
            ResourceForm.Fund(Unique("困境儿童关爱基金"), organisation.HomeRegionCode.Value, 8_000, 1_000).Fields), "Fund");
        var page = $"/Resources/Fund/{id}";

        var zero = await client.PostFormAsync($"{page}/TopUp", page, ("amount", "0"));
        Assert.Equal(id, await ResourceHtml.DetailsIdAsync(zero, "Fund"));
        var refused = await client.GetStringAsync(page, Ct);
        Assert.Equal("金额应大于 0 且不超过 1 亿元。", NeedHtml.Flash(refused).Trim());
        Assert.Equal("¥8,000.00", ResourceHtml.Remaining(refused));

        var response = await client.PostFormAsync($"{page}/TopUp", page, ("amount", "2500.50"));

        Assert.Equal(id, await ResourceHtml.DetailsIdAsync(response, "Fund"));
        var details = await client.GetStringAsync(page, Ct);
        Assert.Equal("已追加资金，当前余额 ¥10,500.50。", NeedHtml.Flash(details).Trim());
        Assert.Equal("¥10,500.50", ResourceHtml.Remaining(details));
        var fund = await FindAsync<CharitableFund>(id);
        Assert.Equal(Money.FromYuan(10_500.50m), fund.RemainingBudget);
        Assert.Equal(Money.FromYuan(10_500.50m), fund.TotalBudget);
    }

    [Fact]
    public async Task Fund_MaxPerGrantAboveTheTotal_IsRefusedAndNothingIsWritten()
    {
        var organisation = await OrganisationOfAsync("org1");
        var client = await Site.SignedInAsync("org1");
        var name = Unique("上限过高的基金");
        var before = await Site.QueryAsync(db => db.Funds.CountAsync(Ct));

        var response = await client.PostFormAsync("/Resources/Fund/Create", "/Resources/Fund/Create",
            ResourceForm.Fund(name, organisation.HomeRegionCode.Value, 1_000, 5_000).Fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("单笔资助上限不能超过基金总额。", NeedHtml.FieldMessage(html, "Fund.MaxPerGrantYuan"));
        Assert.Equal("", NeedHtml.FieldMessage(html, "Fund.TotalYuan"));
        Assert.Equal(before, await Site.QueryAsync(db => db.Funds.CountAsync(Ct)));
        Assert.False(await Site.QueryAsync(db => db.Funds.AnyAsync(f => f.Name == name, Ct)));
    }

    [Fact]
    public async Task MicroGrant_EndingBeforeItStarts_IsRefused_AndOnceCorrectedWaitsInTheCountysQueue()
    {
        var organisation = await OrganisationOfAsync("org1");
        var client = await Site.SignedInAsync("org1");
        var name = Unique("暑期儿童托管微创投");
        var today = ChinaTime.Today(DateTimeOffset.UtcNow);
        var before = await Site.QueryAsync(db => db.MicroGrantProjects.CountAsync(Ct));

        var response = await client.PostFormAsync("/Resources/MicroGrant/Create", "/Resources/MicroGrant/Create",
            ResourceForm.MicroGrant(name, organisation.HomeRegionCode.Value, today.AddDays(30), today.AddDays(10)).Fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("结束日期不能早于开始日期。", NeedHtml.FieldMessage(await response.Content.ReadAsStringAsync(Ct), "MicroGrant.EndsOn"));
        Assert.Equal(before, await Site.QueryAsync(db => db.MicroGrantProjects.CountAsync(Ct)));

        var id = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/MicroGrant/Create", "/Resources/MicroGrant/Create",
            ResourceForm.MicroGrant(name, organisation.HomeRegionCode.Value, today.AddDays(10), today.AddDays(30)).Fields), "MicroGrant");

        var project = await FindAsync<MicroGrantProject>(id);
        Assert.Equal(ApprovalStatus.Pending, project.Status);
        Assert.Equal(organisation.Id, project.OwnerOrganisationId);
        Assert.Equal(today.AddDays(30), project.EndsOn);
        var county = await Site.SignedInAsync("county");
        Assert.Contains($"data-testid=\"pending-MicroGrant-{id}\"", ResourceHtml.Queue(await county.GetStringAsync("/Approvals", Ct), "MicroGrant"));
    }

    // --- the list -----------------------------------------------------------------------------------

    [Theory]
    [InlineData(ApprovalStatus.Pending)]
    [InlineData(ApprovalStatus.Paused)]
    public async Task List_StatusFilter_ShowsEveryVolunteerOfTheStationWithThatStatusAndNoOther(ApprovalStatus status)
    {
        var client = await Site.SignedInAsync("worker1");

        var list = await ResourceHtml.WalkAsync(client, $"/Resources?Kind=Volunteer&Status={status}&Size=100");

        var expected = (await StationVolunteersAsync()).Where(v => v.Status == status).Select(v => v.Id).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, list.Total);
        Assert.True(expected.SetEquals(list.Ids));
    }

    [Fact]
    public async Task List_ServiceFilter_ShowsVolunteersOfferingTheItemOrItsWholeArea()
    {
        const string item = "children.after-school";
        var client = await Site.SignedInAsync("worker1");

        var list = await ResourceHtml.WalkAsync(client, $"/Resources?Kind=Volunteer&Service={item}&Size=100");

        var offering = (await StationVolunteersAsync()).Where(v => v.ServiceCodes.Contains(item) || v.ServiceCodes.Contains("children")).ToList();
        Assert.Contains(offering, v => v.ServiceCodes.Contains(item));
        Assert.Contains(offering, v => v.ServiceCodes.Contains("children") && !v.ServiceCodes.Contains(item));
        Assert.Equal(offering.Count, list.Total);
        Assert.True(offering.Select(v => v.Id).ToHashSet().SetEquals(list.Ids));
    }

    [Fact]
    public async Task List_RegionFilter_ShowsTheVolunteersOfThatVillage_AndNothingOutsideTheStation()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[5];
        var client = await Site.SignedInAsync("worker1");

        var list = await ResourceHtml.WalkAsync(client, $"/Resources?Kind=Volunteer&Region={village.Value}&Size=100");

        var expected = (await StationVolunteersAsync()).Where(v => v.HomeVillageCode == village).Select(v => v.Id).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, list.Total);
        Assert.True(expected.SetEquals(list.Ids));

        var outside = await ResourceHtml.WalkAsync(client, $"/Resources?Kind=Volunteer&Region={ShiziTownship}&Size=100");
        Assert.Equal(0, outside.Total);
        Assert.Empty(outside.Ids);
    }

    [Fact]
    public async Task List_ChineseSearch_FindsEveryVolunteerOfTheStationWithTheWordAndNoOther()
    {
        const string word = "书法";
        var village = (await Site.VillagesOfAsync(JianpingTownship))[0].Value;
        var client = await Site.SignedInAsync("worker1");
        var calligrapher = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Volunteer/Create", "/Resources/Volunteer/Create",
            ResourceForm.Volunteer(Unique("李墨"), UniqueMobile(), village).Set("Skills", "书法、剪纸").Fields), "Volunteer");
        var cook = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Volunteer/Create", "/Resources/Volunteer/Create",
            ResourceForm.Volunteer(Unique("张厨"), UniqueMobile(), village).Set("Skills", "烹饪").Fields), "Volunteer");

        var hits = await ResourceHtml.WalkAsync(client, $"/Resources?Kind=Volunteer&Q={Uri.EscapeDataString(word)}&Size=100");

        Assert.Contains(calligrapher, hits.Ids);
        Assert.DoesNotContain(cook, hits.Ids);
        var expected = (await StationVolunteersAsync())
            .Where(v => v.Name.Contains(word, StringComparison.Ordinal) || (v.Description ?? "").Contains(word, StringComparison.Ordinal)
                        || v.Skills.Any(s => s.Contains(word, StringComparison.Ordinal)))
            .Select(v => v.Id).ToHashSet();
        Assert.True(expected.Count > 1, "demo volunteers of the station write calligraphy too");
        Assert.Equal(expected.Count, hits.Total);
        Assert.True(expected.SetEquals(hits.Ids), $"missing: {string.Join(", ", expected.Except(hits.Ids))}; extra: {string.Join(", ", hits.Ids.Except(expected))}");
    }

    [Fact]
    public async Task List_KeysetPagesOfFive_ShowEveryVolunteerOfTheStationOnceNewestFirst()
    {
        const int size = 5;
        var client = await Site.SignedInAsync("worker1");

        var list = await ResourceHtml.WalkAsync(client, $"/Resources?Kind=Volunteer&Size={size}");

        Assert.True(list.PageSizes.Count > 3, "the station's volunteers fill several pages");
        Assert.All(list.PageSizes.SkipLast(1), rows => Assert.Equal(size, rows));
        Assert.InRange(list.PageSizes[^1], 1, size);
        Assert.Equal(list.Ids.Count, list.Ids.Distinct().Count());
        Assert.Equal(list.Total, list.Ids.Count);
        var expected = (await StationVolunteersAsync()).OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).Select(v => v.Id);
        Assert.Equal(expected, list.Ids);
    }

    [Fact]
    public async Task List_ShowsEveryMobileMasked()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[0].Value;
        var name = Unique("赵晓梅");
        var mobile = UniqueMobile();
        var client = await Site.SignedInAsync("worker1");
        var id = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Volunteer/Create", "/Resources/Volunteer/Create",
            ResourceForm.Volunteer(name, mobile, village).Fields), "Volunteer");

        var html = await client.GetStringAsync("/Resources?Kind=Volunteer", Ct);

        var row = ResourceHtml.Row(html, id);
        Assert.NotNull(row); // the newest volunteer is on the first page
        Assert.Contains($"{mobile[..3]}****{mobile[7..]}", row);
        Assert.DoesNotContain(mobile, html);
        var rows = ResourceHtml.ResourceIds(html).Select(r => ResourceHtml.Row(html, r)!).ToList();
        Assert.Equal(20, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Matches("1[3-9][0-9]\\*{4}[0-9]{4}", r);
            Assert.DoesNotMatch("[0-9]{11}", r);
        });
    }

    // --- revealing a mobile number ---------------------------------------------------------------------

    [Fact]
    public async Task RevealMobile_WorkerGivingAReason_SeesTheNumberAndLeavesOneLogRow()
    {
        var worker = await Site.UserAsync("worker1");
        var village = (await Site.VillagesOfAsync(JianpingTownship))[0];
        var name = Unique("孙建国");
        var mobile = UniqueMobile();
        var client = await Site.SignedInAsync("worker1");
        var id = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Volunteer/Create", "/Resources/Volunteer/Create",
            ResourceForm.Volunteer(name, mobile, village.Value).Fields), "Volunteer");
        var page = $"/Resources/Volunteer/{id}";
        var masked = await client.GetStringAsync(page, Ct);
        Assert.Equal($"{mobile[..3]}****{mobile[7..]}", ResourceHtml.Mobile(masked));
        Assert.DoesNotContain(mobile, masked);
        const string reason = "联系志愿者确认服务时间";

        var response = await client.PostFormAsync($"{page}/RevealMobile", page, ("reason", reason));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mobile, ResourceHtml.Mobile(await response.Content.ReadAsStringAsync(Ct)));
        Assert.DoesNotContain(mobile, await client.GetStringAsync(page, Ct)); // shown once, not kept on the page
        var subject = id.ToString(CultureInfo.InvariantCulture);
        var rows = await Site.QueryAsync(db => db.PersonalDataAccessLog.AsNoTracking()
            .Where(a => a.Subject == PersonalDataSubject.Volunteer && a.SubjectId == subject).ToListAsync(Ct));
        var row = Assert.Single(rows);
        Assert.Equal(reason, row.Reason);
        Assert.Equal(worker.Id, row.ViewerId);
        Assert.Equal(worker.DisplayName, row.ViewerName);
        Assert.Equal("StationWorker", row.ViewerRole);
        Assert.Equal(name, row.SubjectName);
        Assert.Equal(PersonalDataField.Mobile, row.Field);
        Assert.Equal(village, row.SubjectRegion);
    }

    [Fact]
    public async Task RevealMobile_WithoutAReason_SaysSoShowsNoNumberAndLogsNothing()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[0].Value;
        var mobile = UniqueMobile();
        var client = await Site.SignedInAsync("worker1");
        var id = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Volunteer/Create", "/Resources/Volunteer/Create",
            ResourceForm.Volunteer(Unique("钱多多"), mobile, village).Fields), "Volunteer");
        var page = $"/Resources/Volunteer/{id}";

        var response = await client.PostFormAsync($"{page}/RevealMobile", page, ("reason", " "));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("请说明查看完整号码的原因（至少 2 个字）。", NeedHtml.FieldMessage(html, "Reason"));
        Assert.DoesNotContain(mobile, html);
        Assert.Equal(0, await RevealsOfAsync(id));
    }

    [Fact]
    public async Task RevealMobile_VolunteerOrOrganisationStaff_CannotRevealAndLogsNothing()
    {
        var id = (await Site.UserAsync("volunteer1")).VolunteerId!.Value;
        var mobile = (await FindAsync<Volunteer>(id)).Mobile.Value;
        var client = await Site.SignedInAsync("volunteer1");
        var page = $"/Resources/Volunteer/{id}";
        Assert.DoesNotContain("RevealMobile", await client.GetStringAsync(page, Ct));

        var response = await client.PostFormAsync($"{page}/RevealMobile", page, ("reason", "核对登记信息"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(mobile, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, await RevealsOfAsync(id));
    }

    // --- helpers ------------------------------------------------------------------------------------

    /// A registration by worker1 with one mistake: which form, the field the message belongs to, the message.
    private async Task<(string Kind, ResourceForm Form, string Field, string Message)> BadInputAsync(string mistake, string name)
    {
        var ownVillage = (await Site.VillagesOfAsync(JianpingTownship))[0].Value;
        switch (mistake)
        {
            case "duplicate-mobile":
                // Typed with spaces, and the volunteer belongs to another station: still the same person.
                var other = await OtherStationsVolunteerAsync();
                return ("Volunteer", ResourceForm.Volunteer(name, Spaced(other.Mobile.Value), ownVillage), "Volunteer.Mobile",
                    $"手机号 {other.Mobile.Masked} 已登记为志愿者。");
            case "unknown-village":
                const string unknown = "341821100999";
                Assert.False(await Site.QueryAsync(db => db.Regions.AnyAsync(r => r.Code == DivisionCode.Parse(unknown), Ct)), "the code must not exist for this test");
                return ("Volunteer", ResourceForm.Volunteer(name, UniqueMobile(), unknown), "Volunteer.Village",
                    $"没有找到“{unknown}”，请填写正确的村（社区）、乡镇或区划代码。");
            case "other-stations-village":
                var shizi = (await Site.VillagesOfAsync(ShiziTownship))[0];
                var village = await Site.QueryAsync(db => db.Regions.AsNoTracking().SingleAsync(r => r.Code == shizi, Ct));
                return ("Volunteer", ResourceForm.Volunteer(name, UniqueMobile(), shizi.Value), "Volunteer.Village",
                    $"“{village.Name}”不在您的管理范围内。");
            case "duplicate-credit-code":
                // Typed in lower case: still the same code.
                var taken = await Site.QueryAsync(db => db.Organisations.AsNoTracking().OrderBy(o => o.Id).FirstAsync(Ct));
                return ("Organisation", ResourceForm.Organisation(name, taken.CreditCode.Value.ToLowerInvariant(), JianpingTownship),
                    "Organisation.CreditCode", $"统一社会信用代码 {taken.CreditCode.Value} 已登记。");
            case "wrong-check-character":
                return ("Organisation", ResourceForm.Organisation(name, ResourceForm.WithWrongCheck(ResourceForm.NewCreditCode()), JianpingTownship),
                    "Organisation.CreditCode", "统一社会信用代码校验位不正确，请核对。");
            default:
                throw new ArgumentOutOfRangeException(nameof(mistake));
        }
    }

    /// A volunteer signs themself up on the public page, then signs in: the profile is pending.
    private async Task<(HttpClient Client, long Id, string Name)> RegisterVolunteerAsync(DivisionCode village)
    {
        var name = Unique("自己报名的志愿者");
        var mobile = UniqueMobile();
        var form = ResourceForm.Volunteer(name, mobile, village.Value)
            .With("Account.Password", "zhiyuan2025").With("Account.ConfirmPassword", "zhiyuan2025").With("Account.Consent", "true");
        var registered = await Site.NewClient().PostFormAsync("/Account/RegisterVolunteer", "/Account/RegisterVolunteer", form.Fields);
        Assert.True(registered.StatusCode == HttpStatusCode.Redirect, $"not registered: {await ResourceHtml.MessagesAsync(registered)}");
        var client = await Site.SignedInAsync(mobile, "zhiyuan2025");
        return (client, (await Site.UserAsync(mobile)).VolunteerId!.Value, name);
    }

    /// The form of a volunteer's profile as the edit page fills it in.
    private async Task<ResourceForm> FormOfAsync(long id)
    {
        var volunteer = await FindAsync<Volunteer>(id);
        var input = VolunteerInput.From(volunteer, await Site.Services.GetRequiredService<RegionDirectory>().GetAsync(Ct));
        var form = ResourceForm.Volunteer(input.Name, input.Mobile, input.Village)
            .Set("Services", [.. input.Services])
            .Set("Skills", input.Skills ?? "")
            .Set("Slots", [.. input.Slots.Select(s => s.ToString(CultureInfo.InvariantCulture))])
            .Set("RadiusKm", input.RadiusKm.ToString(CultureInfo.InvariantCulture))
            .Set("MaxTasks", input.MaxTasks.ToString(CultureInfo.InvariantCulture))
            .Set("MemberCount", input.MemberCount.ToString(CultureInfo.InvariantCulture))
            .Set("Description", input.Description ?? "")
            .Set("IdNumber", input.IdNumber ?? "")
            .Set("BackgroundCheckNumber", input.BackgroundCheckNumber ?? "");
        return input.BackgroundCheckIssuedOn is { } issued ? form.Set("BackgroundCheckIssuedOn", ResourceForm.Day(issued)) : form;
    }

    private static string Spaced(string mobile) => $"{mobile[..3]} {mobile[3..7]} {mobile[7..]}";

    private Task<T> FindAsync<T>(long id) where T : Resource =>
        Site.QueryAsync(db => db.Set<T>().AsNoTracking().SingleAsync(r => r.Id == id, Ct));

    private Task<List<T>> AllAsync<T>() where T : Resource => Site.QueryAsync(db => db.Set<T>().AsNoTracking().ToListAsync(Ct));

    private async Task<List<Volunteer>> StationVolunteersAsync()
    {
        var township = DivisionCode.Parse(JianpingTownship);
        return (await AllAsync<Volunteer>()).Where(v => v.HomeVillageCode.IsWithin(township)).ToList();
    }

    private async Task<SocialOrganisation> OrganisationOfAsync(string userName) =>
        await FindAsync<SocialOrganisation>((await Site.UserAsync(userName)).OrganisationId!.Value);

    private async Task<Volunteer> OtherStationsVolunteerAsync()
    {
        var township = DivisionCode.Parse(ShiziTownship);
        return (await AllAsync<Volunteer>()).Where(v => v.HomeVillageCode.IsWithin(township)).OrderBy(v => v.Id).First();
    }

    private Task<(int Volunteers, int Organisations)> CountAsync() =>
        Site.QueryAsync(async db => (await db.Volunteers.CountAsync(Ct), await db.Organisations.CountAsync(Ct)));

    private Task<int> RevealsOfAsync(long volunteerId)
    {
        var subject = volunteerId.ToString(CultureInfo.InvariantCulture);
        return Site.QueryAsync(db => db.PersonalDataAccessLog.CountAsync(a => a.Subject == PersonalDataSubject.Volunteer && a.SubjectId == subject, Ct));
    }
}

public sealed class SqliteResourceFlowTests(SqliteSite fixture) : ResourceFlowSuite<SqliteSite>(fixture), IClassFixture<SqliteSite>;

public sealed class PostgresResourceFlowTests(PostgresSite fixture) : ResourceFlowSuite<PostgresSite>(fixture), IClassFixture<PostgresSite>;
