using System.Globalization;
using System.Net;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Web.Tests.Features.Needs;

/// The needs feature through HTTP as a browser uses it — posting, editing, cancelling, who may see
/// what, the list with its filters, search and pages, and the logged contact reveal — over each
/// database. The tests of one class share a database: each makes its own needs and compares the
/// pages with the database, never with fixed counts.
public abstract class NeedFlowSuite<TFixture>(TFixture fixture) where TFixture : SiteFixture
{
    private const string JianpingTownship = "341821100000"; // worker1's station
    private const string ShiziTownship = "341821101000";    // worker2's station

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;

    // --- posting ------------------------------------------------------------------------------

    [Fact]
    public async Task Post_ResidentForThemself_IsSubmittedInTheirVillageWithOnlineConsent()
    {
        var resident = await UserAsync("resident1");
        var client = await SignedInAsync("resident1");
        var title = NeedForm.UniqueTitle("想请人每周来帮忙买菜");
        var today = ChinaTime.Today(DateTimeOffset.UtcNow);
        var form = NeedForm.Valid(title)
            .Set("Slots", "0", "4") // Monday morning, Tuesday afternoon
            .Set("WindowStart", NeedForm.Day(today.AddDays(3)))
            .Set("WindowEnd", NeedForm.Day(today.AddDays(30)))
            .Set("BeneficiaryName", resident.DisplayName)
            .Set("ContactMobile", resident.PhoneNumber!);

        var id = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create", form.Fields));

        var details = await client.GetStringAsync($"/Needs/Details/{id}", Ct);
        Assert.Contains(title, details);
        Assert.Equal("已提交", NeedHtml.Status(details));
        Assert.Contains("需求已提交", NeedHtml.Flash(details));
        var history = NeedHtml.History(details);
        Assert.Contains("草稿", history);
        Assert.Contains("已提交", history);
        Assert.Contains("周一上午、周二下午", details);
        Assert.Contains(await ListAllAsync(client, "/Needs"), row => row == id);

        var need = await FindNeedAsync(id);
        Assert.Equal(resident.RegionCode, need.VillageCode.Value);
        Assert.Equal(RequesterKind.Resident, need.Requester.Kind);
        Assert.Equal(resident.Id, need.Requester.PostedById);
        Assert.Equal(resident.DisplayName, need.Requester.BeneficiaryName);
        Assert.Equal(resident.PhoneNumber, need.Requester.ContactMobile?.Value);
        Assert.Equal("2025-01", need.Consent.WordingVersion);
        Assert.Equal(ConsentMethod.OnlineCheckbox, need.Consent.Method);
        Assert.Equal(NeedStatus.Submitted, need.Status);
        Assert.Equal(2, need.WeeklySlots.Count);
        Assert.True(need.WeeklySlots.Contains(DayOfWeek.Monday, DayPart.Morning));
        Assert.True(need.WeeklySlots.Contains(DayOfWeek.Tuesday, DayPart.Afternoon));
        Assert.Equal(today.AddDays(3), ChinaTime.Today(need.Window!.Value.Start));
    }

    [Theory]
    [InlineData("elderly.visit", "ElderlyLivingAlone", ConsentMethod.OnlineCheckbox)]
    [InlineData("children.after-school", "LeftBehindChild", ConsentMethod.GuardianOnline)]
    public async Task Post_Resident_AgreesOnlineThemselvesOrAsAChildsGuardian(string service, string group, ConsentMethod expected)
    {
        var client = await SignedInAsync("resident1");
        // A resident cannot claim a staff-recorded consent by adding the field to the form.
        var form = NeedForm.Valid(NeedForm.UniqueTitle("居民在线提交")).Set("ServiceItemCode", service).Set("Groups", group)
            .Set("ConsentMethod", nameof(ConsentMethod.WrittenSigned));

        var id = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create", form.Fields));

        var need = await FindNeedAsync(id);
        Assert.Equal(expected, need.Consent.Method);
        Assert.Equal(RequesterKind.Resident, need.Requester.Kind);
    }

    [Fact]
    public async Task Post_CommitteeForAResidentWithoutAPhone_IsRecordedOnTheirBehalfWithVerbalConsent()
    {
        var committee = await UserAsync("committee1");
        var client = await SignedInAsync("committee1");
        var title = NeedForm.UniqueTitle("代王桂英登记上门探访");
        var form = NeedForm.Valid(title).Set("BeneficiaryName", "王桂英").Set("ConsentMethod", nameof(ConsentMethod.VerbalRecordedByStaff));

        var id = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create", form.Fields));

        var need = await FindNeedAsync(id);
        Assert.Equal(RequesterKind.CommitteeOnBehalf, need.Requester.Kind);
        Assert.Equal(committee.Id, need.Requester.PostedById);
        Assert.Equal("王桂英", need.Requester.BeneficiaryName);
        Assert.Null(need.Requester.ContactMobile);
        Assert.Equal(committee.RegionCode, need.VillageCode.Value);
        Assert.Equal(ConsentMethod.VerbalRecordedByStaff, need.Consent.Method);
        Assert.Equal("2025-01", need.Consent.WordingVersion);

        var details = await client.GetStringAsync($"/Needs/Details/{id}", Ct);
        Assert.Equal("已提交", NeedHtml.Status(details));
        Assert.Contains("未留", NeedHtml.Contact(details));
    }

    [Fact]
    public async Task Post_CommitteeWithoutAConsentMethod_IsRefusedAndNothingIsWritten()
    {
        var client = await SignedInAsync("committee1");
        var title = NeedForm.UniqueTitle("未记录同意方式");
        var before = await CountNeedsAsync();

        var response = await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            NeedForm.Valid(title).Set("BeneficiaryName", "王桂英").Fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("请选择服务对象表示同意的方式", NeedHtml.FieldMessage(html, "Input.ConsentMethod"));
        await AssertNothingWrittenAsync(before, title);
    }

    [Fact]
    public async Task Post_WorkerAfterAHomeVisit_IsAWorkerVisitInTheChosenVillageOfTheStation()
    {
        var worker = await UserAsync("worker1");
        var village = (await VillagesOfAsync(JianpingTownship)).Last();
        var client = await SignedInAsync("worker1");
        var form = NeedForm.Valid(NeedForm.UniqueTitle("走访发现需要助浴")).Set("VillageCode", village.Value)
            .Set("BeneficiaryName", "李德明").Set("ContactMobile", "139 1234 5678")
            .Set("ConsentMethod", nameof(ConsentMethod.WrittenSigned));

        var id = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create", form.Fields));

        var need = await FindNeedAsync(id);
        Assert.Equal(RequesterKind.WorkerVisit, need.Requester.Kind);
        Assert.Equal(worker.Id, need.Requester.PostedById);
        Assert.Equal(village, need.VillageCode);
        Assert.Equal("13912345678", need.Requester.ContactMobile?.Value);
        Assert.Equal(ConsentMethod.WrittenSigned, need.Consent.Method);
        Assert.Equal(NeedStatus.Submitted, need.Status);
    }

    [Fact]
    public async Task Post_VillageOutsideTheStation_IsRefusedAndNothingIsWritten()
    {
        var otherStationsVillage = (await VillagesOfAsync(ShiziTownship)).First();
        var client = await SignedInAsync("worker1");
        var title = NeedForm.UniqueTitle("别的镇的村");
        var before = await CountNeedsAsync();

        var response = await client.PostFormAsync("/Needs/Create", "/Needs/Create", WorkerForm(title, otherStationsVillage).Fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("所选村（社区）不在您的服务范围内", NeedHtml.FieldMessage(html, "Input.VillageCode"));
        await AssertNothingWrittenAsync(before, title);
    }

    [Fact]
    public async Task Post_UnknownVillage_IsRefusedAndNothingIsWritten()
    {
        var unknown = DivisionCode.Parse("341821100999");
        Assert.False(await QueryAsync(db => db.Regions.AnyAsync(r => r.Code == unknown, Ct)), "the code must not exist for this test");
        var client = await SignedInAsync("worker1");
        var title = NeedForm.UniqueTitle("没有的村");
        var before = await CountNeedsAsync();

        var response = await client.PostFormAsync("/Needs/Create", "/Needs/Create", WorkerForm(title, unknown).Fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("没有这个村（社区）", NeedHtml.FieldMessage(html, "Input.VillageCode"));
        await AssertNothingWrittenAsync(before, title);
    }

    [Theory]
    [InlineData("end-before-start", "Input.WindowEnd", "结束日期不能早于开始日期")]
    [InlineData("negative-quantity", "Input.QuantityAmount", "数量必须大于 0")]
    [InlineData("long-title", "Input.Title", "标题不能超过 60 个字")]
    [InlineData("no-consent", "Input.ConsentGiven", "须经服务对象同意处理个人信息，才能提交需求")]
    [InlineData("no-group", "Input.Groups", "请至少选择一类服务对象")]
    [InlineData("short-mobile", "Input.ContactMobile", "请输入 11 位中国大陆手机号（以 13–19 开头）")]
    [InlineData("letters-in-mobile", "Input.ContactMobile", "手机号只能包含数字")]
    public async Task Post_BadInput_ShowsItsMessageBesideTheFieldAndNothingIsWritten(string mistake, string field, string message)
    {
        var client = await SignedInAsync("resident1");
        var title = NeedForm.UniqueTitle("填错的需求");
        var today = ChinaTime.Today(DateTimeOffset.UtcNow);
        var form = NeedForm.Valid(title);
        _ = mistake switch
        {
            "end-before-start" => form.Set("WindowStart", NeedForm.Day(today.AddDays(10))).Set("WindowEnd", NeedForm.Day(today.AddDays(3))),
            "negative-quantity" => form.Set("QuantityAmount", "-3"),
            "long-title" => form.Set("Title", title = new string('帮', 61)),
            "no-consent" => form.Without("ConsentGiven"),
            "no-group" => form.Without("Groups"),
            "short-mobile" => form.Set("ContactMobile", "1381234567"),
            "letters-in-mobile" => form.Set("ContactMobile", "138abcd5678"),
            _ => throw new ArgumentOutOfRangeException(nameof(mistake)),
        };
        var before = await CountNeedsAsync();

        var response = await client.PostFormAsync("/Needs/Create", "/Needs/Create", form.Fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains(message, NeedHtml.FieldMessage(html, field));
        await AssertNothingWrittenAsync(before, title);
    }

    [Fact]
    public async Task Post_ScriptInTheTitle_IsKeptAsTextAndShownInert()
    {
        const string script = "<script>alert(1)</script>";
        var client = await SignedInAsync("resident1");

        var id = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create", NeedForm.Valid(script).Fields));

        Assert.Equal(script, (await FindNeedAsync(id)).Title);
        foreach (var page in new[] { $"/Needs/Details/{id}", "/Needs" })
        {
            var html = await client.GetStringAsync(page, Ct);
            Assert.DoesNotContain("<script>alert(1)", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        }
    }

    // --- editing ------------------------------------------------------------------------------

    [Fact]
    public async Task Edit_PosterChangesASubmittedNeed_SavesTheNewTitle()
    {
        var client = await SignedInAsync("resident1");
        var title = NeedForm.UniqueTitle("原来的标题");
        var id = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            NeedForm.Valid(title).Set("Slots", "4").Fields));

        var edit = await client.GetAsync($"/Needs/Edit/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var form = await edit.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"value=\"{title}\"", form);
        Assert.Matches("name=\"Input.Slots\" value=\"4\"[^>]*checked", form); // the grid shows the saved slot

        var newTitle = NeedForm.UniqueTitle("改过的标题");
        var saved = await client.PostFormAsync($"/Needs/Edit/{id}", $"/Needs/Edit/{id}", NeedForm.Valid(newTitle).Set("Slots", "4").Fields);

        Assert.Equal(id, NeedHtml.DetailsId(saved));
        var details = await client.GetStringAsync($"/Needs/Details/{id}", Ct);
        Assert.Contains(newTitle, details);
        Assert.DoesNotContain(title, details);
        Assert.Equal("已提交", NeedHtml.Status(details));
        var need = await FindNeedAsync(id);
        Assert.Equal(newTitle, need.Title);
        Assert.Equal(NeedStatus.Submitted, need.Status);
    }

    [Fact]
    public async Task Edit_WorkerOnAMatchedNeed_IsRefusedAndTheNeedIsUnchanged()
    {
        var township = DivisionCode.Parse(JianpingTownship);
        var matched = (await AllNeedsAsync())
            .Where(n => n.Status == NeedStatus.Matched && n.VillageCode.IsWithin(township)).OrderBy(n => n.Id).FirstOrDefault();
        Assert.NotNull(matched); // the demo county has matched needs in 建平镇
        var client = await SignedInAsync("worker1");

        var edit = await client.GetAsync($"/Needs/Edit/{matched.Id}", Ct);
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Equal($"/Needs/Details/{matched.Id}", edit.Headers.Location?.OriginalString);
        var details = await client.GetStringAsync($"/Needs/Details/{matched.Id}", Ct);
        Assert.Contains("已不能修改", NeedHtml.Flash(details));
        Assert.DoesNotContain($"href=\"/Needs/Edit/{matched.Id}\"", details);

        var response = await client.PostFormAsync($"/Needs/Edit/{matched.Id}", "/Needs/Create",
            WorkerForm(NeedForm.UniqueTitle("不该保存的标题"), matched.VillageCode).Fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("已不能修改", await response.Content.ReadAsStringAsync(Ct));
        var after = await FindNeedAsync(matched.Id);
        Assert.Equal(matched.Title, after.Title);
        Assert.Equal(matched.UpdatedAt, after.UpdatedAt);
        Assert.Equal(NeedStatus.Matched, after.Status);
    }

    // --- cancelling ---------------------------------------------------------------------------

    [Fact]
    public async Task Cancel_WithAReason_CancelsAndKeepsTheReasonInTheHistory()
    {
        var client = await SignedInAsync("resident1");
        var id = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            NeedForm.Valid(NeedForm.UniqueTitle("要取消的需求")).Fields));
        const string reason = "家人已经回来照顾了";

        var response = await client.PostFormAsync($"/Needs/Cancel/{id}", $"/Needs/Details/{id}", ("reason", reason));

        Assert.Equal(id, NeedHtml.DetailsId(response));
        var details = await client.GetStringAsync($"/Needs/Details/{id}", Ct);
        Assert.Equal("已取消", NeedHtml.Status(details));
        Assert.Contains("已取消", NeedHtml.History(details));
        Assert.Contains(reason, NeedHtml.History(details));
        var need = await FindNeedAsync(id);
        Assert.Equal(NeedStatus.Cancelled, need.Status);
        Assert.Equal(reason, need.History[^1].Reason);
    }

    [Fact]
    public async Task Cancel_WithoutAReason_SaysSoAndLeavesTheStatus()
    {
        var client = await SignedInAsync("worker1");
        var village = (await VillagesOfAsync(JianpingTownship)).First();
        // No contact number: the page has no reveal form, so the message must stand on its own.
        var id = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            WorkerForm(NeedForm.UniqueTitle("取消时没写原因"), village).Fields));

        var response = await client.PostFormAsync($"/Needs/Cancel/{id}", $"/Needs/Details/{id}", ("reason", "  "));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var form = NeedHtml.OpenForm(html, $"/Needs/Cancel/{id}");
        Assert.True(form is not null, "the cancel form is shown open again");
        Assert.Contains("请填写取消原因", form);
        Assert.Equal("已提交", NeedHtml.Status(html));
        Assert.Equal(NeedStatus.Submitted, (await FindNeedAsync(id)).Status);
    }

    // --- who sees what ------------------------------------------------------------------------

    [Fact]
    public async Task Scope_WorkerOpeningANeedOfAnotherStation_FindsNothingAndChangesNothing()
    {
        var otherStationsVillage = (await VillagesOfAsync(ShiziTownship)).First();
        var owner = await SignedInAsync("worker2");
        var id = NeedHtml.DetailsId(await owner.PostFormAsync("/Needs/Create", "/Needs/Create",
            WorkerForm(NeedForm.UniqueTitle("十字镇的需求"), otherStationsVillage).Set("ContactMobile", "13700001111").Fields));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Needs/Details/{id}", Ct)).StatusCode);
        var client = await SignedInAsync("worker1");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Needs/Details/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Needs/Edit/{id}", Ct)).StatusCode);
        var edit = await client.PostFormAsync($"/Needs/Edit/{id}", "/Needs/Create", WorkerForm("被别的站改掉", otherStationsVillage).Fields);
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        var cancel = await client.PostFormAsync($"/Needs/Cancel/{id}", "/Needs/Create", ("reason", "别的站取消"));
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        var reveal = await client.PostFormAsync($"/Needs/RevealContact/{id}", "/Needs/Create", ("reason", "联系服务对象"));
        Assert.Equal(HttpStatusCode.NotFound, reveal.StatusCode);
        Assert.DoesNotContain("13700001111", await reveal.Content.ReadAsStringAsync(Ct));

        var need = await FindNeedAsync(id);
        Assert.Equal(NeedStatus.Submitted, need.Status);
        Assert.NotEqual("被别的站改掉", need.Title);
        Assert.Equal(0, await LogRowsAsync(id));
    }

    [Fact]
    public async Task Scope_ResidentOpeningANeedPostedBySomeoneElseInTheirVillage_FindsNothing()
    {
        var committee = await SignedInAsync("committee1");
        var id = NeedHtml.DetailsId(await committee.PostFormAsync("/Needs/Create", "/Needs/Create",
            NeedForm.Valid(NeedForm.UniqueTitle("村委会代邻居登记")).Set("BeneficiaryName", "赵秀兰")
                .Set("ConsentMethod", nameof(ConsentMethod.VerbalRecordedByStaff)).Fields));
        Assert.Equal(HttpStatusCode.OK, (await committee.GetAsync($"/Needs/Details/{id}", Ct)).StatusCode);
        var resident = await SignedInAsync("resident1");

        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/Needs/Details/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/Needs/Edit/{id}", Ct)).StatusCode);
        var cancel = await resident.PostFormAsync($"/Needs/Cancel/{id}", "/Needs/Create", ("reason", "不是我的"));
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.DoesNotContain(await ListAllAsync(resident, "/Needs"), row => row == id);
        Assert.Equal(NeedStatus.Submitted, (await FindNeedAsync(id)).Status);
    }

    [Fact]
    public async Task Scope_CommitteeOpeningANeedOfAnotherVillage_FindsNothing()
    {
        var committeeVillage = (await UserAsync("committee1")).RegionCode;
        var otherVillage = (await VillagesOfAsync(JianpingTownship)).First(v => v.Value != committeeVillage);
        var worker = await SignedInAsync("worker1");
        var id = NeedHtml.DetailsId(await worker.PostFormAsync("/Needs/Create", "/Needs/Create",
            WorkerForm(NeedForm.UniqueTitle("邻村的需求"), otherVillage).Fields));
        var committee = await SignedInAsync("committee1");

        Assert.Equal(HttpStatusCode.NotFound, (await committee.GetAsync($"/Needs/Details/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await committee.GetAsync($"/Needs/Edit/{id}", Ct)).StatusCode);
        var cancel = await committee.PostFormAsync($"/Needs/Cancel/{id}", "/Needs/Create", ("reason", "不是本村的"));
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(NeedStatus.Submitted, (await FindNeedAsync(id)).Status);
    }

    [Fact]
    public async Task Scope_County_OpensANeedOfEveryTownship()
    {
        var county = DivisionCode.Parse((await UserAsync("county")).RegionCode);
        var needs = await AllNeedsAsync();
        var onePerTownship = needs.Where(n => n.VillageCode.IsWithin(county))
            .GroupBy(n => n.VillageCode.AtLevel(RegionLevel.Township)).Select(g => g.Min(n => n.Id)).ToList();
        Assert.True(onePerTownship.Count >= 12, "the demo county has needs in each of its townships");
        var client = await SignedInAsync("county");

        foreach (var id in onePerTownship)
        {
            var response = await client.GetAsync($"/Needs/Details/{id}", Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"need {id}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("volunteer1")]
    [InlineData("org1")]
    public async Task Scope_VolunteerOrOrganisation_IsRefusedTheNeedsPages(string userName)
    {
        var anyNeed = await QueryAsync(db => db.Needs.MinAsync(n => n.Id, Ct));
        var client = await SignedInAsync(userName);

        foreach (var page in new[] { "/Needs", $"/Needs/Details/{anyNeed}", "/Needs/Create" })
        {
            var response = await client.GetAsync(page, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("http://localhost/Account/AccessDenied", response.Headers.Location?.ToString());
        }
    }

    // --- the list -----------------------------------------------------------------------------

    [Theory]
    [InlineData("worker1")]
    [InlineData("worker2")]
    [InlineData("county")]
    public async Task List_AreaStaff_SeeExactlyTheNeedsOfTheirArea(string userName)
    {
        var area = DivisionCode.Parse((await UserAsync(userName)).RegionCode);
        var client = await SignedInAsync(userName);

        var list = await WalkAsync(client, "/Needs?Size=100");

        var expected = (await AllNeedsAsync()).Where(n => n.VillageCode.IsWithin(area)).Select(n => n.Id).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, list.Total);
        Assert.Equal(expected.Count, list.Ids.Count);
        Assert.True(expected.SetEquals(list.Ids), "every listed need is in the area, and every need of the area is listed");
    }

    [Fact]
    public async Task List_Resident_SeesExactlyTheNeedsTheyPosted()
    {
        var resident = await UserAsync("resident1");
        var client = await SignedInAsync("resident1");
        await client.PostFormAsync("/Needs/Create", "/Needs/Create", NeedForm.Valid(NeedForm.UniqueTitle("我的需求")).Fields);

        var list = await WalkAsync(client, "/Needs?Size=100");

        var expected = (await AllNeedsAsync()).Where(n => n.Requester.PostedById == resident.Id).Select(n => n.Id).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, list.Total);
        Assert.True(expected.SetEquals(list.Ids));
    }

    [Fact]
    public async Task List_ChineseSearch_FindsTheWordAndItsSynonymsOnly()
    {
        var village = (await VillagesOfAsync(JianpingTownship)).First();
        var client = await SignedInAsync("worker1");
        var synonym = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            WorkerForm(NeedForm.UniqueTitle("每天中午给老人送饭"), village).Fields));
        var unrelated = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            WorkerForm(NeedForm.UniqueTitle("屋顶漏雨要补"), village).Set("ServiceItemCode", "elderly.retrofit").Fields));

        var hits = await WalkAsync(client, "/Needs?Q=" + Uri.EscapeDataString("助餐") + "&Size=100");

        Assert.Contains(synonym, hits.Ids);
        Assert.DoesNotContain(unrelated, hits.Ids);
        Assert.Equal(hits.Total, hits.Ids.Count);
        var township = DivisionCode.Parse(JianpingTownship);
        var inArea = (await AllNeedsAsync()).Where(n => n.VillageCode.IsWithin(township)).ToDictionary(n => n.Id);
        string[] words = ["助餐", "送餐", "送饭", "老年食堂", "长者饭堂"];
        foreach (var id in hits.Ids)
        {
            var need = inArea.GetValueOrDefault(id);
            Assert.True(need is not null, $"need {id} is outside the station");
            Assert.True(words.Any(w => SearchedText(need).Contains(w, StringComparison.Ordinal)), $"need {id} “{need.Title}” does not mention 助餐");
        }
        var missed = inArea.Values.Where(n => new[] { "助餐", "送餐", "送饭" }.Any(w => SearchedText(n).Contains(w, StringComparison.Ordinal)))
            .Select(n => n.Id).Except(hits.Ids).ToList();
        Assert.True(missed.Count == 0, $"not found: {string.Join(", ", missed)}");
    }

    [Theory]
    [InlineData(NeedStatus.Matching)]
    [InlineData(NeedStatus.Rated)]
    public async Task List_StatusFilter_ShowsEveryNeedOfThatStatusAndNoOther(NeedStatus status)
    {
        var township = DivisionCode.Parse(JianpingTownship);
        var client = await SignedInAsync("worker1");

        var list = await WalkAsync(client, $"/Needs?Status={status}&Size=100");

        var expected = (await AllNeedsAsync()).Where(n => n.VillageCode.IsWithin(township) && n.Status == status).Select(n => n.Id).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, list.Total);
        Assert.True(expected.SetEquals(list.Ids));
    }

    [Theory]
    [InlineData(BeneficiaryGroup.ElderlyLivingAlone)]
    [InlineData(BeneficiaryGroup.LeftBehindChild)]
    public async Task List_GroupFilter_ShowsEveryNeedForThatGroupAndNoOther(BeneficiaryGroup group)
    {
        var client = await SignedInAsync("county");

        var list = await WalkAsync(client, $"/Needs?Group={group}&Size=100");

        var expected = (await AllNeedsAsync()).Where(n => n.BeneficiaryGroups.Contains(group)).Select(n => n.Id).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, list.Total);
        Assert.True(expected.SetEquals(list.Ids));
    }

    [Fact]
    public async Task List_SortedByUrgency_PutsTheMostUrgentFirst()
    {
        var client = await SignedInAsync("worker1");

        var list = await WalkAsync(client, "/Needs?Sort=Urgency&Size=100");

        var needs = (await AllNeedsAsync()).ToDictionary(n => n.Id);
        var urgencies = list.Ids.Select(id => needs[id].Urgency).ToList();
        Assert.True(urgencies.Distinct().Count() > 1, "the station has needs of several urgencies");
        for (var i = 1; i < urgencies.Count; i++)
            Assert.True(urgencies[i] <= urgencies[i - 1], $"row {i}: {urgencies[i]} after {urgencies[i - 1]}");
    }

    [Theory]
    [InlineData("Newest")]
    [InlineData("Oldest")]
    [InlineData("Urgency")]
    public async Task List_KeysetPages_ShowEveryNeedOnceInOrder(string sort)
    {
        const int size = 7;
        var client = await SignedInAsync("worker1");

        var list = await WalkAsync(client, $"/Needs?Sort={sort}&Size={size}");

        Assert.True(list.PageSizes.Count > 2, "the station's needs fill several pages");
        Assert.All(list.PageSizes.SkipLast(1), rows => Assert.Equal(size, rows));
        Assert.InRange(list.PageSizes[^1], 1, size);
        Assert.Equal(list.Ids.Count, list.Ids.Distinct().Count());
        Assert.Equal(list.Total, list.Ids.Count);
        var township = DivisionCode.Parse(JianpingTownship);
        var inArea = (await AllNeedsAsync()).Where(n => n.VillageCode.IsWithin(township));
        var expected = sort switch
        {
            "Oldest" => inArea.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id),
            "Urgency" => inArea.OrderByDescending(n => n.Urgency).ThenByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id),
            _ => inArea.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id),
        };
        Assert.Equal(expected.Select(n => n.Id), list.Ids);
    }

    // --- revealing a contact number -----------------------------------------------------------

    [Fact]
    public async Task RevealContact_WorkerGivingAReason_SeesTheNumberAndLeavesOneLogLine()
    {
        var worker = await UserAsync("worker1");
        var village = (await VillagesOfAsync(JianpingTownship)).First();
        var client = await SignedInAsync("worker1");
        var id = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            WorkerForm(NeedForm.UniqueTitle("需要电话联系"), village).Set("ContactMobile", "13912345678").Fields));
        var masked = await client.GetStringAsync($"/Needs/Details/{id}", Ct);
        Assert.Contains("139****5678", NeedHtml.Contact(masked));
        Assert.DoesNotContain("13912345678", masked);
        const string reason = "上门服务前核实信息";

        var response = await client.PostFormAsync($"/Needs/RevealContact/{id}", $"/Needs/Details/{id}", ("reason", reason));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("13912345678", NeedHtml.Contact(await response.Content.ReadAsStringAsync(Ct)));
        var subject = id.ToString(CultureInfo.InvariantCulture);
        var rows = await QueryAsync(db => db.PersonalDataAccessLog.AsNoTracking().Where(a => a.SubjectId == subject).ToListAsync(Ct));
        var row = Assert.Single(rows);
        Assert.Equal(reason, row.Reason);
        Assert.Equal(worker.Id, row.ViewerId);
        Assert.Equal(AppRoles.StationWorker, row.ViewerRole);
        Assert.Equal(PersonalDataSubject.Need, row.Subject);
        Assert.Equal(PersonalDataField.Mobile, row.Field);
        Assert.Equal(village, row.SubjectRegion);
    }

    [Fact]
    public async Task RevealContact_WithoutAReason_SaysSoShowsNoNumberAndLogsNothing()
    {
        var village = (await VillagesOfAsync(JianpingTownship)).First();
        var client = await SignedInAsync("worker1");
        var id = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            WorkerForm(NeedForm.UniqueTitle("没说原因就想看电话"), village).Set("ContactMobile", "13922223333").Fields));

        var response = await client.PostFormAsync($"/Needs/RevealContact/{id}", $"/Needs/Details/{id}", ("reason", ""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var form = NeedHtml.OpenForm(html, $"/Needs/RevealContact/{id}");
        Assert.True(form is not null, "the reveal form is shown open again");
        Assert.Contains("请说明查看完整号码的原因", form);
        Assert.Null(NeedHtml.OpenForm(html, $"/Needs/Cancel/{id}")); // and only that form
        Assert.DoesNotContain("13922223333", html);
        Assert.Equal(0, await LogRowsAsync(id));
    }

    [Fact]
    public async Task RevealContact_Resident_FindsNothingAndLogsNothing()
    {
        var client = await SignedInAsync("resident1");
        var id = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            NeedForm.Valid(NeedForm.UniqueTitle("居民自己的需求")).Set("ContactMobile", "13855556666").Fields));

        var response = await client.PostFormAsync($"/Needs/RevealContact/{id}", $"/Needs/Details/{id}", ("reason", "联系服务对象"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("13855556666", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, await LogRowsAsync(id));
    }

    // --- helpers ------------------------------------------------------------------------------

    private sealed record ListWalk(IReadOnlyList<long> Ids, IReadOnlyList<int> PageSizes, int Total);

    /// Every row of a list, page after page, following the 下一页 link as a person would.
    private static async Task<ListWalk> WalkAsync(HttpClient client, string url)
    {
        var ids = new List<long>();
        var sizes = new List<int>();
        int? total = null;
        for (string? next = url; next is not null;)
        {
            Assert.True(sizes.Count < 500, "the pages never end");
            var response = await client.GetAsync(next, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync(Ct);
            var total0 = NeedHtml.Total(html);
            Assert.True(total is null || total == total0, "the total changed between pages");
            total = total0;
            var rows = NeedHtml.NeedIds(html);
            ids.AddRange(rows);
            sizes.Add(rows.Count);
            next = NeedHtml.NextPage(html);
        }
        return new ListWalk(ids, sizes, total!.Value);
    }

    private static async Task<IReadOnlyList<long>> ListAllAsync(HttpClient client, string url) => (await WalkAsync(client, url)).Ids;

    /// The fields a search looks in (as QueryColumns indexes them), joined.
    private static string SearchedText(Need need) =>
        string.Join(" | ", need.Title, need.Description, need.Requester.BeneficiaryName, need.AddressDetail, string.Join(" ", need.RequiredSkills));

    private static NeedForm WorkerForm(string title, DivisionCode village) => NeedForm.Valid(title)
        .Set("VillageCode", village.Value).Set("BeneficiaryName", "陈阿婆").Set("ConsentMethod", nameof(ConsentMethod.VerbalRecordedByStaff));

    private async Task<HttpClient> SignedInAsync(string userName)
    {
        var client = Site.NewClient();
        await client.LoginOrFailAsync(userName);
        return client;
    }

    private async Task<T> QueryAsync<T>(Func<FiveSocietiesDbContext, Task<T>> query)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>());
    }

    private Task<AppUser> UserAsync(string userName) =>
        QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName, Ct));

    private Task<Need> FindNeedAsync(long id) => QueryAsync(db => db.Needs.AsNoTracking().SingleAsync(n => n.Id == id, Ct));

    private Task<List<Need>> AllNeedsAsync() => QueryAsync(db => db.Needs.AsNoTracking().ToListAsync(Ct));

    private Task<int> CountNeedsAsync() => QueryAsync(db => db.Needs.CountAsync(Ct));

    private Task<int> LogRowsAsync(long needId)
    {
        var subject = needId.ToString(CultureInfo.InvariantCulture);
        return QueryAsync(db => db.PersonalDataAccessLog.CountAsync(a => a.Subject == PersonalDataSubject.Need && a.SubjectId == subject, Ct));
    }

    /// The villages of a township, in code order.
    private async Task<List<DivisionCode>> VillagesOfAsync(string township)
    {
        var code = DivisionCode.Parse(township);
        var villages = await QueryAsync(db => db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).Select(r => r.Code).ToListAsync(Ct));
        var within = villages.Where(v => v.IsWithin(code)).Order().ToList();
        Assert.True(within.Count >= 2, $"{township} has villages");
        return within;
    }

    private async Task AssertNothingWrittenAsync(int countBefore, string title)
    {
        Assert.Equal(countBefore, await CountNeedsAsync());
        Assert.False(await QueryAsync(db => db.Needs.AnyAsync(n => n.Title == title, Ct)));
    }
}

public sealed class SqliteNeedFlowTests(SqliteSite fixture) : NeedFlowSuite<SqliteSite>(fixture), IClassFixture<SqliteSite>;

public sealed class PostgresNeedFlowTests(PostgresSite fixture) : NeedFlowSuite<PostgresSite>(fixture), IClassFixture<PostgresSite>;
