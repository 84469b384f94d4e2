using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using Match = FiveSocieties.Matching.Matches.Match;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Tests.Features.Needs;
using FiveSocieties.Web.Tests.Features.Resources;
using FiveSocieties.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static FiveSocieties.Web.Tests.Features.SiteData;
using static FiveSocieties.Web.Tests.Support.ApiCalls;

namespace FiveSocieties.Web.Tests.Features.Hardening;

/// What an outside attack on the demo site sent and what came back, as regressions: undefined enum
/// numbers, control and direction characters, numbers and dates past every limit, English framework
/// messages, values silently replaced, full numbers in edit forms, reasons made of nothing, a bearer
/// header that skipped the CSRF check — over each database.
public abstract partial class InputHardeningSuite<TFixture>(TFixture fixture) where TFixture : SiteFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;

    // --- enums --------------------------------------------------------------------------------------

    [Theory]
    [InlineData("urgency", "7")]
    [InlineData("urgency", "\"7\"")]
    [InlineData("urgency", "\"Bogus\"")]
    [InlineData("groups", "[99]")]
    [InlineData("groups", "[\"ElderlyLivingAlone\", 99]")]
    [InlineData("quantityUnit", "2")]
    [InlineData("consentMethod", "42")]
    public async Task Api_PostNeed_WithAnUndefinedEnumValue_Is400OnThatField_AndStoresNothing(string field, string json)
    {
        var client = await BearerAsync("worker1");
        var title = Unique("未定义的枚举");
        var body = NeedJson(title, await VillageAsync(), field, json);

        var problem = await ProblemAsync(await client.PostAsync("/api/v1/needs", body, Ct), HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), problem.GetRawText());
        Assert.Contains("应为以下之一", messages[0].GetString());
        Assert.False(errors.TryGetProperty("input", out _), "no made-up \"input\" field");
        AssertChineseOnly(problem);
        Assert.False(await Site.QueryAsync(db => db.Needs.AnyAsync(n => n.Title == title, Ct)));
    }

    [Fact]
    public async Task Console_WithAStoredUndefinedUrgency_StillShowsEveryNeedToTheStationAndTheCounty()
    {
        // A value stored before input was checked (or written by another tool) must not take the console down.
        var id = await PostNeedAsync(Unique("紧急程度异常"));
        await Site.QueryAsync(db => db.Needs.Where(n => n.Id == id).ExecuteUpdateAsync(s => s.SetProperty(n => n.Urgency, (Urgency)7), Ct));

        foreach (var user in new[] { "worker1", "county" })
        {
            var client = await Site.SignedInAsync(user);
            var console = await client.GetAsync("/Brokering", Ct);
            Assert.Equal(HttpStatusCode.OK, console.StatusCode);
            Assert.Contains($"/Needs/Details/{id}\"", await console.Content.ReadAsStringAsync(Ct));
            var card = await client.GetAsync($"/Brokering/Card/{id}", Ct);
            Assert.Equal(HttpStatusCode.OK, card.StatusCode);
            Assert.Contains("未知", await card.Content.ReadAsStringAsync(Ct));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Needs/Details/{id}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Needs", Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task Page_PostNeed_WithAnUndefinedUrgencyNumber_IsRefusedOnTheField()
    {
        var client = await Site.SignedInAsync("worker1");
        var title = NeedForm.UniqueTitle("表单枚举");

        var response = await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            WorkerNeed(title, await VillageAsync()).Set("Urgency", "7").Set("Groups", "ElderlyLivingAlone", "99").Fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-valmsg-for=\"Input.Urgency\"", html);
        Assert.Matches("data-valmsg-for=\"Input.Groups\"[^>]*>[^<]*(无效|不是)", html);
        Assert.False(await Site.QueryAsync(db => db.Needs.AnyAsync(n => n.Title == title, Ct)));
    }

    // --- control and direction characters ------------------------------------------------------------

    [Theory]
    [InlineData("title", "助餐\u0001服务")]
    [InlineData("title", "助餐\u202E服务")]
    [InlineData("title", "助餐\n服务")]
    [InlineData("title", "\u200B\u200B")]
    [InlineData("beneficiaryName", "陈\u0000阿婆")]
    [InlineData("beneficiaryName", "陈\u2066阿婆")]
    [InlineData("description", "需要送餐\u001B[31m")]
    [InlineData("addressDetail", "3组\uFFFF号")]
    public async Task Api_PostNeed_WithControlOrDirectionCharacters_Is400OnThatField(string field, string value)
    {
        var client = await BearerAsync("worker1");
        var title = Unique("控制字符");
        var body = NeedJson(title, await VillageAsync(), field, JsonSerializer.Serialize(value));

        var problem = await ProblemAsync(await client.PostAsync("/api/v1/needs", body, Ct), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        AssertChineseOnly(problem);
        Assert.False(await Site.QueryAsync(db => db.Needs.AnyAsync(n => n.Title == title, Ct)));
    }

    [Theory]
    [InlineData("/Needs?Q=%00")]
    [InlineData("/Brokering?village=%00")]
    [InlineData("/Privacy/Log?viewer=a%00b")]
    [InlineData("/Resources?Region=%00")]
    public async Task Page_WithANulCharacterInTheQuery_IsAChinese400_NotAServerError(string url)
    {
        // PostgreSQL cannot hold U+0000 in a text parameter: a query built from it would fail with a 500.
        var client = await Site.SignedInAsync("county");

        var response = await client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请求有误", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Login_WithANulCharacterInTheUserName_IsRefusedInChinese()
    {
        var response = await Site.NewClient().PostFormAsync("/Account/Login", "/Account/Login", ("UserName", "admin\0"), ("Password", "x"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请求有误", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Api_PostNeed_DescriptionOnSeveralLines_IsAccepted()
    {
        var client = await BearerAsync("worker1");
        var body = NeedJson(Unique("多行描述"), await VillageAsync(), "description", JsonSerializer.Serialize("老人独居。\r\n\t每天中午需要送餐。"));

        var response = await client.PostAsync("/api/v1/needs", body, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Page_PostNeed_WithADirectionOverrideInTheTitle_SaysSoInChinese()
    {
        var client = await Site.SignedInAsync("worker1");
        var title = "助餐\u202E务服";

        var response = await client.PostFormAsync("/Needs/Create", "/Needs/Create", WorkerNeed(title, await VillageAsync()).Fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("含有改变文字方向的控制字符", await response.Content.ReadAsStringAsync(Ct));
        Assert.False(await Site.QueryAsync(db => db.Needs.AnyAsync(n => n.Title == title, Ct)));
    }

    [Fact]
    public async Task Pages_ShowStoredControlAndDirectionCharactersAsReplacementCharacters()
    {
        var id = await PostNeedAsync(Unique("存量控制字符"));
        const string title = "助餐\u202E务服\u0001";
        const string name = "陈\u0007阿\u2067婆";
        await Site.QueryAsync(db => db.Needs.Where(n => n.Id == id).ExecuteUpdateAsync(s => s.SetProperty(n => n.Title, title), Ct));
        await Site.QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"Needs\" SET \"BeneficiaryName\" = {name} WHERE \"Id\" = {id}", Ct));
        var client = await Site.SignedInAsync("worker1");

        foreach (var page in new[] { $"/Needs/Details/{id}", $"/Needs?Q={Uri.EscapeDataString("存量控制字符")}", $"/Needs/Edit/{id}", "/Brokering" })
        {
            var response = await client.GetAsync(page, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain('\u202E', html);
            Assert.DoesNotContain('\u2067', html);
            Assert.DoesNotContain('\u0001', html);
            Assert.DoesNotContain('\u0007', html);
            Assert.Contains("助餐\uFFFD务服\uFFFD", html);
        }
        // The name can now be corrected on the edit form.
        var fixedName = Unique("陈阿婆");
        var edit = await client.PostFormAsync($"/Needs/Edit/{id}", $"/Needs/Edit/{id}",
            WorkerNeed("助餐服务 " + Guid.NewGuid().ToString("N")[..6], null).Set("BeneficiaryName", fixedName).Fields);
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Equal(fixedName, await Site.QueryAsync(db => db.Needs.Where(n => n.Id == id).Select(n => n.Requester.BeneficiaryName).SingleAsync(Ct)));
    }

    // --- personal numbers in edit forms --------------------------------------------------------------

    [Fact]
    public async Task EditNeed_ShowsTheContactNumberMasked_AndKeepsItWhenSentBackUnchanged()
    {
        var mobile = UniqueMobile();
        var id = await PostNeedAsync(Unique("编辑打码"), mobile);
        var masked = MobileNumber.Parse(mobile).Masked;
        var client = await Site.SignedInAsync("worker1");

        var form = await client.GetStringAsync($"/Needs/Edit/{id}", Ct);

        Assert.DoesNotContain(mobile, form);
        Assert.Equal(masked, InputValue(form, "Input.ContactMobile"));
        var saved = await client.PostFormAsync($"/Needs/Edit/{id}", $"/Needs/Edit/{id}",
            WorkerNeed(Unique("编辑打码 改"), null).Set("BeneficiaryName", "陈阿婆").Set("ContactMobile", masked).Fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(mobile, (await ContactAsync(id))?.Value);
    }

    [Fact]
    public async Task EditNeed_ANewFullNumberReplacesIt_AnotherMaskedValueIsRefused()
    {
        var id = await PostNeedAsync(Unique("换号"), UniqueMobile());
        var client = await Site.SignedInAsync("worker1");
        var replacement = UniqueMobile();

        var wrong = await client.PostFormAsync($"/Needs/Edit/{id}", $"/Needs/Edit/{id}",
            WorkerNeed(Unique("换号"), null).Set("BeneficiaryName", "陈阿婆").Set("ContactMobile", "139****0000").Fields);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("号码显示为打码时表示保持不变", await wrong.Content.ReadAsStringAsync(Ct));

        var saved = await client.PostFormAsync($"/Needs/Edit/{id}", $"/Needs/Edit/{id}",
            WorkerNeed(Unique("换号"), null).Set("BeneficiaryName", "陈阿婆").Set("ContactMobile", replacement).Fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(replacement, (await ContactAsync(id))?.Value);
    }

    [Fact]
    public async Task Api_GetThenPutNeed_KeepsTheNumberTheAnswerShowedMasked()
    {
        var mobile = UniqueMobile();
        var id = await PostNeedAsync(Unique("接口打码"), mobile);
        var client = await BearerAsync("worker1");
        var need = await JsonAsync(await client.GetAsync($"/api/v1/needs/{id}", Ct));
        Assert.Equal(MobileNumber.Parse(mobile).Masked, need.GetProperty("contactMobile").GetString());

        var body = NeedJson(Unique("接口打码 改"), need.GetProperty("villageCode").GetString()!, "contactMobile", JsonSerializer.Serialize(need.GetProperty("contactMobile").GetString()));
        var put = await client.PutAsync($"/api/v1/needs/{id}", body, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.DoesNotContain(mobile, await put.Content.ReadAsStringAsync(Ct));
        Assert.Equal(mobile, (await ContactAsync(id))?.Value);
    }

    [Fact]
    public async Task ResidentNeedForm_ShowsTheOwnNumberMasked_AndPostsWithIt()
    {
        var resident = await Site.UserAsync("resident1");
        var client = await Site.SignedInAsync("resident1");

        var form = await client.GetStringAsync("/Needs/Create", Ct);
        Assert.DoesNotContain(resident.PhoneNumber!, form);
        var shown = InputValue(form, "Input.ContactMobile");
        Assert.Equal(MobileNumber.Parse(resident.PhoneNumber).Masked, shown);

        var title = NeedForm.UniqueTitle("居民本人");
        var posted = await client.PostFormAsync("/Needs/Create", "/Needs/Create", NeedForm.Valid(title).Set("ContactMobile", shown!).Fields);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var id = await Site.QueryAsync(db => db.Needs.Where(n => n.Title == title).Select(n => n.Id).SingleAsync(Ct));
        Assert.Equal(resident.PhoneNumber, (await ContactAsync(id))?.Value);
    }

    [Fact]
    public async Task EditVolunteer_ShowsMobileAndIdNumberMasked_AndKeepsThemWhenUnchanged()
    {
        var worker = await Site.SignedInAsync("worker1");
        var mobile = UniqueMobile();
        var idNumber = ResidentIdNumber.Complete("34182119800101" + Random.Shared.Next(100, 999)).Value;
        var village = await VillageAsync();
        var created = await worker.PostFormAsync("/Resources/Volunteer/Create", "/Resources/Volunteer/Create",
            ResourceForm.Volunteer(Unique("打码志愿者"), mobile, village).Set("IdNumber", idNumber).Fields);
        var id = await ResourceHtml.DetailsIdAsync(created, "Volunteer");

        var form = await worker.GetStringAsync($"/Resources/Volunteer/{id}/Edit", Ct);

        Assert.DoesNotContain(mobile, form);
        Assert.DoesNotContain(idNumber, form);
        var shownMobile = InputValue(form, "Volunteer.Mobile")!;
        var shownId = InputValue(form, "Volunteer.IdNumber")!;
        Assert.Equal(MobileNumber.Parse(mobile).Masked, shownMobile);
        Assert.Equal(ResidentIdNumber.Parse(idNumber).Masked, shownId);

        var saved = await worker.PostFormAsync($"/Resources/Volunteer/{id}/Edit", $"/Resources/Volunteer/{id}/Edit",
            ResourceForm.Volunteer(Unique("打码志愿者 改"), shownMobile, village).Set("IdNumber", shownId).Fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var volunteer = await Site.QueryAsync(db => db.Volunteers.AsNoTracking().SingleAsync(v => v.Id == id, Ct));
        Assert.Equal(mobile, volunteer.Mobile.Value);
        Assert.Equal(idNumber, volunteer.IdNumber?.Value);
        Assert.StartsWith("打码志愿者 改", volunteer.Name);
    }

    [Fact]
    public async Task EditOrganisation_ShowsTheContactNumberMasked()
    {
        var worker = await Site.SignedInAsync("worker1");
        var contact = UniqueMobile();
        var created = await worker.PostFormAsync("/Resources/Organisation/Create", "/Resources/Organisation/Create",
            ResourceForm.Organisation(Unique("打码组织"), ResourceForm.NewCreditCode(), JianpingTownship).Set("ContactMobile", contact).Fields);
        var id = await ResourceHtml.DetailsIdAsync(created, "Organisation");

        var form = await worker.GetStringAsync($"/Resources/Organisation/{id}/Edit", Ct);

        Assert.DoesNotContain(contact, form);
        Assert.Equal(MobileNumber.Parse(contact).Masked, InputValue(form, "Organisation.ContactMobile"));
    }

    // --- reasons for seeing a full number -------------------------------------------------------------

    [Theory]
    [InlineData("\u200B\u200B\u200B")]
    [InlineData("\u202E\u202E")]
    [InlineData(" \u2060 \uFEFF ")]
    [InlineData("\u200B查\u200B")]
    public async Task RevealReason_MadeOfInvisibleCharacters_IsRefusedAndNothingIsLogged(string reason)
    {
        var id = await PostNeedAsync(Unique("隐形原因"), UniqueMobile());
        var client = await Site.SignedInAsync("worker1");
        var before = await Site.QueryAsync(db => db.PersonalDataAccessLog.CountAsync(Ct));

        var response = await client.PostFormAsync($"/Needs/RevealContact/{id}", $"/Needs/Details/{id}", ("reason", reason));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("请说明查看完整号码的原因", html);
        Assert.DoesNotContain("控制字符", html);
        Assert.Equal(before, await Site.QueryAsync(db => db.PersonalDataAccessLog.CountAsync(Ct)));
    }

    [Fact]
    public async Task RevealReason_WithADirectionOverride_IsLoggedAsReadable_AndShownIsolated()
    {
        var id = await PostNeedAsync(Unique("反向原因"), UniqueMobile());
        var client = await Site.SignedInAsync("worker1");

        var response = await client.PostFormAsync($"/Needs/RevealContact/{id}", $"/Needs/Details/{id}", ("reason", "\u202E上门\u200B核实信息"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logged = await Site.QueryAsync(db => db.PersonalDataAccessLog.AsNoTracking().Where(a => a.SubjectId == id.ToString()).SingleAsync(Ct));
        Assert.Equal("上门核实信息", logged.Reason);
        var log = await (await Site.SignedInAsync("county")).GetStringAsync("/Privacy/Log", Ct);
        Assert.Contains("<bdi>上门核实信息</bdi>", log);
    }

    // --- numbers and dates past every limit --------------------------------------------------------------

    [Theory]
    [InlineData("latitude", "2147483648")]
    [InlineData("latitude", "1e300")]
    [InlineData("longitude", "-2147483649")]
    [InlineData("quantityAmount", "1e30")]
    [InlineData("quantityAmount", "99999999999999999999999999999999")]
    [InlineData("windowStart", "\"0001-01-01\"")]
    [InlineData("windowEnd", "\"9999-12-31\"")]
    public async Task Api_PostNeed_WithANumberOrDatePastEveryLimit_Is400OnThatField(string field, string json)
    {
        var client = await BearerAsync("worker1");
        var title = Unique("极端数值");
        var body = NeedJson(title, await VillageAsync(), field, json,
            field.StartsWith("window") ? ("windowStart", "\"2030-01-01\"", "windowEnd", "\"2030-01-02\"") : null);

        var problem = await ProblemAsync(await client.PostAsync("/api/v1/needs", body, Ct), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        AssertChineseOnly(problem);
        Assert.False(await Site.QueryAsync(db => db.Needs.AnyAsync(n => n.Title == title, Ct)));
    }

    [Theory]
    [InlineData("WindowEnd", "9999-12-31")]
    [InlineData("WindowStart", "0001-01-01")]
    [InlineData("Latitude", "2147483648")]
    public async Task Page_PostNeed_WithADateOrNumberPastEveryLimit_IsRefusedOnTheField(string field, string value)
    {
        var client = await Site.SignedInAsync("worker1");
        var title = NeedForm.UniqueTitle("表单极端值");
        var form = WorkerNeed(title, await VillageAsync()).Set("WindowStart", "2030-01-01").Set("WindowEnd", "2030-01-02")
            .Set("Latitude", "31.1").Set("Longitude", "119.2").Set(field, value);

        var response = await client.PostFormAsync("/Needs/Create", "/Needs/Create", form.Fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches($"data-valmsg-for=\"Input.{field}\"[^>]*>[^<]+<", await response.Content.ReadAsStringAsync(Ct));
        Assert.False(await Site.QueryAsync(db => db.Needs.AnyAsync(n => n.Title == title, Ct)));
    }

    [Fact]
    public async Task NeedsList_WithFilterDatesPastEveryLimit_ShowsTheListAndSaysTheFilterWasIgnored()
    {
        var client = await Site.SignedInAsync("worker1");

        var response = await client.GetAsync("/Needs?From=0001-01-01&To=9999-12-31&Status=42", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("以下筛选条件无效，已忽略", html);
        Assert.NotEmpty(NeedHtml.NeedIds(html));
        Assert.Equal(HttpStatusCode.BadRequest, (await (await BearerAsync("worker1")).GetAsync("/api/v1/needs?to=9999-12-31", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/Exports/Needs?format=Xlsx&To=9999-12-31")]
    [InlineData("/Exports/Needs?format=Csv&Status=42")]
    [InlineData("/Exports/Resources?format=Xlsx&Kind=Volunteer&Status=Bogus")]
    public async Task Export_WithAFilterItCannotRead_IsRefused_NotWidenedToEveryRow(string url)
    {
        var client = await Site.SignedInAsync("worker1");

        var response = await client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_MoneyInFractionsOfAFen_IsRefusedNotRounded()
    {
        var client = await BearerAsync("worker1");
        var title = Unique("分以下金额");
        var body = NeedJson(title, await VillageAsync(), "quantityAmount", "100.005", ("quantityUnit", "\"Money\"", "serviceItemCode", "\"assistance.temporary\""));

        var problem = await ProblemAsync(await client.PostAsync("/api/v1/needs", body, Ct), HttpStatusCode.BadRequest);

        Assert.Contains("精确到分", problem.GetProperty("errors").GetProperty("quantityAmount")[0].GetString());
    }

    // --- messages in Chinese, keyed by the JSON field -----------------------------------------------

    [Theory]
    [InlineData("latitude", "\"abc\"", "应为数字")]
    [InlineData("quantityAmount", "\"x\"", "应为数字")]
    [InlineData("consentGiven", "\"yes\"", "true 或 false")]
    [InlineData("windowStart", "\"31/12/2026\"", "应为日期")]
    [InlineData("groups", "\"ElderlyLivingAlone\"", "应为列表")]
    public async Task Api_ValueOfTheWrongType_IsDescribedInChinese_UnderItsJsonField(string field, string json, string expected)
    {
        var client = await BearerAsync("worker1");

        var problem = await ProblemAsync(await client.PostAsync("/api/v1/needs", NeedJson(Unique("类型不符"), await VillageAsync(), field, json), Ct),
            HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.False(problem.GetProperty("errors").TryGetProperty("input", out _));
        AssertChineseOnly(problem);
    }

    [Fact]
    public async Task Api_BodyThatIsNotJson_Is400InChinese()
    {
        var client = await BearerAsync("worker1");

        var problem = await ProblemAsync(await client.PostAsync("/api/v1/needs", new StringContent("{\"title\": ", Encoding.UTF8, "application/json"), Ct),
            HttpStatusCode.BadRequest);

        Assert.Equal("提交的内容有误", problem.GetProperty("title").GetString());
        AssertChineseOnly(problem);
    }

    // --- the cookie-CSRF check ------------------------------------------------------------------------

    [Fact]
    public async Task Api_SignedInCookieWithABearerHeaderThatDoesNotAuthenticate_StillNeedsTheAntiforgeryToken()
    {
        var client = await Site.SignedInAsync("worker1");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "forged");
        var title = Unique("伪造请求");

        var response = await client.PostAsync("/api/v1/needs", NeedJson(title, await VillageAsync()), Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("防伪令牌", problem.GetProperty("detail").GetString());
        Assert.False(await Site.QueryAsync(db => db.Needs.AnyAsync(n => n.Title == title, Ct)));
    }

    // --- values are refused, never replaced ------------------------------------------------------------

    [Theory]
    [InlineData("PeopleServed", "99999999999")]
    [InlineData("PeopleServed", "-1")]
    [InlineData("Hours", "1e400")]
    [InlineData("Date", "0001-01-01")]
    public async Task RecordService_WithAValueThatDoesNotFit_IsRefused_NotSavedAsADefault(string field, string value)
    {
        var match = await ServingVolunteerMatchAsync();
        var client = await Site.SignedInAsync("worker1");
        var before = await RecordsAsync(match);
        var fields = new Dictionary<string, string> { ["Date"] = NeedForm.Day(ChinaTime.Today(DateTimeOffset.UtcNow)), ["Hours"] = "1", ["PeopleServed"] = "1" };
        fields[field] = value;
        var token = await client.FormTokenAsync($"/Needs/Details/{match.NeedId}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Brokering/Record/{match.Id}")
        {
            Content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await JsonAsync(response)).GetProperty("ok").GetBoolean());
        Assert.Equal(before, await RecordsAsync(match));
    }

    // --- helpers ----------------------------------------------------------------------------------

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.Singleline)]
    private static partial Regex InputTag();

    [GeneratedRegex("\\bvalue=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    /// The value of a form's input field, as the browser would show it.
    private static string? InputValue(string html, string name) => InputTag().Matches(html)
        .Select(m => m.Value).Where(tag => tag.Contains($"name=\"{name}\"", StringComparison.Ordinal))
        .Select(tag => WebUtility.HtmlDecode(ValueAttribute().Match(tag).Groups[1].Value)).FirstOrDefault();

    /// Problem details never fall back to the framework's English.
    private static void AssertChineseOnly(JsonElement problem)
    {
        var text = problem.GetRawText();
        foreach (var english in new[] { "The JSON value", "could not be converted", "System.", "is required", "field is", "invalid" })
            Assert.DoesNotContain(english, text, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> VillageAsync() => (await Site.VillagesOfAsync(JianpingTownship))[0].Value;

    private static NeedForm WorkerNeed(string title, string? village)
    {
        var form = NeedForm.Valid(title).Set("BeneficiaryName", "陈阿婆").Set("ConsentMethod", "VerbalRecordedByStaff");
        return village is null ? form : form.Set("VillageCode", village);
    }

    /// A worker's need as JSON, with one field replaced by raw JSON (a number where a name belongs …).
    private static StringContent NeedJson(string title, string village, string? field = null, string? json = null,
        (string, string, string, string)? also = null)
    {
        var body = new Dictionary<string, string>
        {
            ["title"] = JsonSerializer.Serialize(title),
            ["description"] = JsonSerializer.Serialize("独居老人行动不便，需要每天中午有人送饭。"),
            ["serviceItemCode"] = "\"elderly.meal\"",
            ["groups"] = "[\"ElderlyLivingAlone\"]",
            ["urgency"] = "\"Normal\"",
            ["villageCode"] = JsonSerializer.Serialize(village),
            ["quantityAmount"] = "1",
            ["quantityUnit"] = "\"People\"",
            ["beneficiaryName"] = "\"陈阿婆\"",
            ["contactMobile"] = "\"139 1234 5678\"",
            ["consentMethod"] = "\"VerbalRecordedByStaff\"",
            ["consentGiven"] = "true",
        };
        if (also is var (k1, v1, k2, v2))
        {
            body[k1] = v1;
            body[k2] = v2;
        }
        if (field is not null) body[field] = json!;
        var text = "{" + string.Join(",", body.Select(p => $"\"{p.Key}\":{p.Value}")) + "}";
        return new StringContent(text, Encoding.UTF8, "application/json");
    }

    private async Task<long> PostNeedAsync(string title, string? mobile = null)
    {
        var client = await BearerAsync("worker1");
        var body = NeedJson(title, await VillageAsync(), "contactMobile", JsonSerializer.Serialize(mobile ?? UniqueMobile()));
        var response = await client.PostAsync("/api/v1/needs", body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetInt64();
    }

    private Task<MobileNumber?> ContactAsync(long id) =>
        Site.QueryAsync(db => db.Needs.AsNoTracking().Where(n => n.Id == id).Select(n => n.Requester.ContactMobile).SingleAsync(Ct));

    /// A volunteer's match in service in worker1's township, which worker1 may record sessions for.
    private async Task<Match> ServingVolunteerMatchAsync()
    {
        var township = DivisionCode.Parse(JianpingTownship);
        var candidates = await Site.QueryAsync(db => db.Matches.AsNoTracking()
            .Where(m => m.ProviderKind == ResourceKind.Volunteer && (m.Status == MatchStatus.Accepted || m.Status == MatchStatus.InService))
            .Join(db.Needs, m => m.NeedId, n => n.Id, (m, n) => new { Match = m, n.VillageCode }).ToListAsync(Ct));
        return candidates.First(c => c.VillageCode.IsWithin(township)).Match;
    }

    private Task<int> RecordsAsync(Match match) =>
        Site.QueryAsync(db => db.Matches.AsNoTracking().Where(m => m.Id == match.Id).Select(m => m.ServiceRecords.Count).SingleAsync(Ct));

    private Task<HttpClient> BearerAsync(string userName) => Site.BearerAsync(userName);
}

public sealed class SqliteInputHardeningTests(SqliteSite fixture) : InputHardeningSuite<SqliteSite>(fixture), IClassFixture<SqliteSite>;

public sealed class PostgresInputHardeningTests(PostgresSite fixture) : InputHardeningSuite<PostgresSite>(fixture), IClassFixture<PostgresSite>;
