using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static FiveSocieties.Web.Tests.Features.SiteData;
using static FiveSocieties.Web.Tests.Support.ApiCalls;

namespace FiveSocieties.Web.Tests.Features.Api;

/// The JSON API as a mobile or WeChat client uses it — bearer tokens, the needs endpoints with
/// their scope and RFC 7807 refusals, resources, catalogue, regions and the OpenAPI document —
/// over each database. The tests of one class share a database: each makes its own needs and
/// compares the answers with the database, never with fixed counts.
public abstract class ApiSuite<TFixture>(TFixture fixture) where TFixture : SiteFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;

    // --- tokens -------------------------------------------------------------------------------------

    [Fact]
    public async Task Login_RightPassword_GivesABearerTokenThatOpensTheApi()
    {
        var client = Site.NewClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "worker1", password = ClientExtensions.DemoPassword }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await JsonAsync(response);
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        Assert.Equal(8 * 3600, tokens.GetProperty("expiresIn").GetInt64());
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refreshToken").GetString()));
        var bearer = Site.NewClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/needs", Ct)).StatusCode);
    }

    [Fact]
    public async Task Login_WithTheMobileNumberOfAnAccount_GivesATokenForThatAccount()
    {
        var resident = await Site.UserAsync("resident1");
        var client = await BearerAsync(resident.PhoneNumber!);

        var list = await JsonAsync(await client.GetAsync("/api/v1/needs?size=100", Ct));

        Assert.All(list.GetProperty("items").EnumerateArray(), n => Assert.Equal("Resident", n.GetProperty("requesterKind").GetString()));
    }

    [Theory]
    [InlineData("worker12", "wrong-password")]
    [InlineData("nobody-here", "wrong-password")]
    public async Task Login_WrongPasswordOrUnknownUser_Is401ProblemWithAChineseDetail(string userName, string password)
    {
        var response = await Site.NewClient().PostAsJsonAsync("/api/v1/auth/login", new { userName, password }, Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("登录失败", problem.GetProperty("title").GetString());
        Assert.Equal("用户名或密码不正确。若多次失败，请 15 分钟后再试，或联系社工站重置密码。", problem.GetProperty("detail").GetString());
        Assert.False(problem.TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task Login_FiveFailuresFromOneClient_AnswerItTheRightPasswordAsAWrongOne_ButNotAnotherClient()
    {
        // worker11 is used by this test only in this class.
        var stranger = Site.NewClientAt();
        for (var i = 0; i < 5; i++)
            await stranger.PostAsJsonAsync("/api/v1/auth/login", new { userName = "worker11", password = "wrong-password" }, Ct);

        var response = await stranger.PostAsJsonAsync("/api/v1/auth/login", new { userName = "worker11", password = ClientExtensions.DemoPassword }, Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("登录失败", problem.GetProperty("title").GetString());
        Assert.Equal("用户名或密码不正确。若多次失败，请 15 分钟后再试，或联系社工站重置密码。", problem.GetProperty("detail").GetString());
        var elsewhere = await Site.NewClientAt().PostAsJsonAsync("/api/v1/auth/login", new { userName = "worker11", password = ClientExtensions.DemoPassword }, Ct);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Refresh_WithTheRefreshToken_GivesANewAccessTokenThatWorks()
    {
        var login = await JsonAsync(await Site.NewClient().PostAsJsonAsync("/api/v1/auth/login",
            new { userName = "county", password = ClientExtensions.DemoPassword }, Ct));

        var response = await Site.NewClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refreshed = await JsonAsync(response);
        var client = Site.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", refreshed.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/resources?kind=Fund", Ct)).StatusCode);

        var forged = await Site.NewClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" }, Ct);
        var problem = await ProblemAsync(forged, HttpStatusCode.Unauthorized);
        Assert.Equal("请重新登录", problem.GetProperty("title").GetString());
        Assert.Equal("刷新令牌无效或已过期。", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/v1/needs")]
    [InlineData("/api/v1/resources?kind=Volunteer")]
    public async Task Call_WithoutAToken_Is401Problem(string url)
    {
        var response = await Site.NewClient().GetAsync(url, Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("请先登录", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Call_WithAnInvalidToken_Is401()
    {
        var client = Site.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "forged-token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/needs", Ct)).StatusCode);
    }

    // --- needs --------------------------------------------------------------------------------------

    [Fact]
    public async Task Needs_ListWithAWorkersToken_ShowsExactlyTheNeedsOfItsStation()
    {
        var township = DivisionCode.Parse(JianpingTownship);
        var client = await BearerAsync("worker1");

        var (ids, total, rows) = await WalkAsync(client, "/api/v1/needs?size=100");

        var expected = (await Site.QueryAsync(db => db.Needs.AsNoTracking().ToListAsync(Ct)))
            .Where(n => n.VillageCode.IsWithin(township)).Select(n => n.Id).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, total);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(expected.SetEquals(ids), "every listed need is in the station's villages, and every need there is listed");
        Assert.All(rows, r => Assert.StartsWith(township.Prefix, r.GetProperty("villageCode").GetString()));
        Assert.All(rows.Select(r => r.GetProperty("contactMobile").GetString()).OfType<string>(),
            mobile => Assert.Matches("^1[3-9][0-9]\\*{4}[0-9]{4}$", mobile));
    }

    [Fact]
    public async Task Needs_Post_Is201WithTheLocationOfTheNewNeed()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[1];
        var client = await BearerAsync("worker1");
        var title = Unique("接口提交的助餐需求");

        var response = await client.PostAsJsonAsync("/api/v1/needs", NeedBody(title, village.Value), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/needs/{id}", response.Headers.Location?.AbsolutePath);
        var read = await JsonAsync(await client.GetAsync(response.Headers.Location, Ct));
        Assert.Equal(title, read.GetProperty("title").GetString());
        Assert.Equal("Submitted", read.GetProperty("status").GetString());
        Assert.Equal("WorkerVisit", read.GetProperty("requesterKind").GetString());
        Assert.Equal(village.Value, read.GetProperty("villageCode").GetString());
        Assert.Equal(["ElderlyLivingAlone"], read.GetProperty("beneficiaryGroups").EnumerateArray().Select(g => g.GetString()));
        var need = await Site.QueryAsync(db => db.Needs.AsNoTracking().SingleAsync(n => n.Id == id, Ct));
        Assert.Equal(title, need.Title);
        Assert.Equal(NeedStatus.Submitted, need.Status);
        Assert.Equal(village, need.VillageCode);
    }

    [Fact]
    public async Task Needs_PostWithBadFields_Is400ProblemWithCamelCaseFieldErrorsInChinese()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[1];
        var client = await BearerAsync("worker1");
        var before = await NeedCountAsync();
        var shape = NeedBody("", village.Value);
        shape["quantityAmount"] = -3;
        var rules = NeedBody(Unique("没选服务对象"), village.Value);
        rules["groups"] = Array.Empty<string>();
        rules["contactMobile"] = "138abcd5678";

        var shapeProblem = await ProblemAsync(await client.PostAsJsonAsync("/api/v1/needs", shape, Ct), HttpStatusCode.BadRequest);
        var rulesProblem = await ProblemAsync(await client.PostAsJsonAsync("/api/v1/needs", rules, Ct), HttpStatusCode.BadRequest);

        Assert.Equal("提交的内容有误", shapeProblem.GetProperty("title").GetString());
        var errors = Errors(shapeProblem);
        Assert.Equal(["请填写标题"], errors["title"]);
        Assert.Equal(["数量必须大于 0"], errors["quantityAmount"]);
        // Rules over several fields are checked once every field is readable.
        errors = Errors(rulesProblem);
        Assert.Equal(["请至少选择一类服务对象"], errors["groups"]);
        Assert.Equal(["手机号只能包含数字。"], errors["contactMobile"]);
        Assert.Equal(before, await NeedCountAsync());
    }

    [Fact]
    public async Task Needs_PostForAVillageOfAnotherStation_Is400ProblemOnTheVillageCode()
    {
        var otherVillage = (await Site.VillagesOfAsync(ShiziTownship))[0];
        var client = await BearerAsync("worker1");
        var title = Unique("别的镇的需求");

        var response = await client.PostAsJsonAsync("/api/v1/needs", NeedBody(title, otherVillage.Value), Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["所选村（社区）不在您的服务范围内。"], Errors(problem)["villageCode"]);
        Assert.False(await Site.QueryAsync(db => db.Needs.AnyAsync(n => n.Title == title, Ct)));
    }

    [Fact]
    public async Task Needs_PutWhileSubmittedThenCancelWithAReason_AfterwhichItCanNoLongerChange()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[1];
        var client = await BearerAsync("worker1");
        var id = (await JsonAsync(await client.PostAsJsonAsync("/api/v1/needs", NeedBody(Unique("原标题"), village.Value), Ct))).GetProperty("id").GetInt64();
        var newTitle = Unique("改过的标题");

        var put = await client.PutAsJsonAsync($"/api/v1/needs/{id}", NeedBody(newTitle, village.Value), Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(newTitle, (await JsonAsync(put)).GetProperty("title").GetString());
        Assert.Equal(newTitle, (await FindNeedAsync(id)).Title);

        var noReason = await client.PostAsJsonAsync($"/api/v1/needs/{id}/cancel", new { reason = "" }, Ct);
        Assert.Equal(["请填写取消原因"], Errors(await ProblemAsync(noReason, HttpStatusCode.BadRequest))["reason"]);
        Assert.Equal(NeedStatus.Submitted, (await FindNeedAsync(id)).Status);

        var cancel = await client.PostAsJsonAsync($"/api/v1/needs/{id}/cancel", new { reason = "家属已经安排好了" }, Ct);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = await JsonAsync(cancel);
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("家属已经安排好了", cancelled.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        Assert.Equal(NeedStatus.Cancelled, (await FindNeedAsync(id)).Status);

        var late = await client.PutAsJsonAsync($"/api/v1/needs/{id}", NeedBody(Unique("取消后再改"), village.Value), Ct);
        var problem = await ProblemAsync(late, HttpStatusCode.BadRequest);
        Assert.Contains("已不能修改", problem.GetProperty("detail").GetString());
        Assert.Equal(newTitle, (await FindNeedAsync(id)).Title);
    }

    [Fact]
    public async Task Needs_GetOfAnotherStation_Is404ProblemShapedExactlyLikeAMissingId()
    {
        var township = DivisionCode.Parse(ShiziTownship);
        var needs = await Site.QueryAsync(db => db.Needs.AsNoTracking().ToListAsync(Ct));
        var otherStations = needs.Where(n => n.VillageCode.IsWithin(township)).Min(n => n.Id);
        var missing = needs.Max(n => n.Id) + 1_000_000;
        var client = await BearerAsync("worker1");
        Assert.Equal(HttpStatusCode.OK, (await (await BearerAsync("worker2")).GetAsync($"/api/v1/needs/{otherStations}", Ct)).StatusCode);

        var hidden = await ProblemAsync(await client.GetAsync($"/api/v1/needs/{otherStations}", Ct), HttpStatusCode.NotFound);
        var absent = await ProblemAsync(await client.GetAsync($"/api/v1/needs/{missing}", Ct), HttpStatusCode.NotFound);

        Assert.Equal("未找到", hidden.GetProperty("title").GetString());
        Assert.Equal("没有找到该记录，或您没有查看它的权限。", hidden.GetProperty("detail").GetString());
        Assert.Equal(Shape(absent), Shape(hidden));
        var cancel = await client.PostAsJsonAsync($"/api/v1/needs/{otherStations}/cancel", new { reason = "别的站取消" }, Ct);
        Assert.Equal(Shape(absent), Shape(await ProblemAsync(cancel, HttpStatusCode.NotFound)));
    }

    [Fact]
    public async Task Needs_CookieSignedInPostWithoutTheAntiforgeryHeader_Is400Problem_AndWithItIsCreated()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[1];
        var client = await Site.SignedInAsync("worker1");
        var title = Unique("网页调用接口");

        var forged = await client.PostAsJsonAsync("/api/v1/needs", NeedBody(title, village.Value), Ct);

        var problem = await ProblemAsync(forged, HttpStatusCode.BadRequest);
        Assert.Contains("RequestVerificationToken", problem.GetProperty("detail").GetString());
        Assert.False(await Site.QueryAsync(db => db.Needs.AnyAsync(n => n.Title == title, Ct)));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/needs") { Content = JsonContent.Create(NeedBody(title, village.Value)) };
        request.Headers.Add("RequestVerificationToken", await client.FormTokenAsync("/Needs/Create"));
        var sameSite = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Created, sameSite.StatusCode);
        Assert.True(await Site.QueryAsync(db => db.Needs.AnyAsync(n => n.Title == title, Ct)));
    }

    // --- matching ------------------------------------------------------------------------------------

    [Fact]
    public async Task Matches_APostedNeedHasRankedExplainedProposalsAtOnce()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[0];
        var worker = await BearerAsync("worker1");
        var id = (await JsonAsync(await worker.PostAsJsonAsync("/api/v1/needs", NeedBody(Unique("需要送餐的独居老人"), village.Value), Ct)))
            .GetProperty("id").GetInt64();

        var response = await worker.GetAsync($"/api/v1/needs/{id}/matches?top=5", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        var proposals = body.GetProperty("proposals").EnumerateArray().ToList();
        Assert.InRange(proposals.Count, 1, 5);
        var scores = proposals.Select(p => p.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(proposals, p =>
        {
            Assert.Equal("Proposed", p.GetProperty("status").GetString());
            Assert.Equal(8, p.GetProperty("factors").GetArrayLength());
            Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("explanation").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("providerName").GetString()));
        });
        var saved = await Site.QueryAsync(db => db.Matches.AsNoTracking().Where(m => m.NeedId == id).ToListAsync(Ct));
        Assert.Equal(saved.OrderByDescending(m => m.Score).ThenBy(m => m.ProviderKind).ThenBy(m => m.ProviderId).Take(5).Select(m => m.Id),
            proposals.Select(p => p.GetProperty("id").GetInt64()));
        Assert.All(saved.GroupBy(m => m.ProviderKind), kind => Assert.InRange(kind.Count(), 1, 5));
        Assert.NotEmpty(body.GetProperty("bundle").EnumerateArray());
    }

    [Fact]
    public async Task Matches_ResidentsDoNotSeeTheShortlistAndRerunIsForWorkers()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[0];
        var worker = await BearerAsync("worker1");
        var id = (await JsonAsync(await worker.PostAsJsonAsync("/api/v1/needs", NeedBody(Unique("重新匹配测试"), village.Value), Ct)))
            .GetProperty("id").GetInt64();
        var first = await Site.QueryAsync(db => db.Matches.AsNoTracking().Where(m => m.NeedId == id).Select(m => m.Id).ToListAsync(Ct));

        await ProblemAsync(await (await BearerAsync("resident1")).GetAsync($"/api/v1/needs/{id}/matches", Ct), HttpStatusCode.Forbidden);
        await ProblemAsync(await (await BearerAsync("county")).PostAsJsonAsync($"/api/v1/needs/{id}/matches/rerun", new { }, Ct), HttpStatusCode.Forbidden);
        var rerun = await worker.PostAsJsonAsync($"/api/v1/needs/{id}/matches/rerun", new { }, Ct);

        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        var after = await Site.QueryAsync(db => db.Matches.AsNoTracking().Where(m => m.NeedId == id).ToListAsync(Ct));
        Assert.All(after.Where(m => first.Contains(m.Id)), m => Assert.Equal(FiveSocieties.Matching.Matches.MatchStatus.Withdrawn, m.Status));
        Assert.Equal(first.Count, after.Count(m => m.Status == FiveSocieties.Matching.Matches.MatchStatus.Proposed));
        var listed = (await JsonAsync(rerun)).GetProperty("proposals").EnumerateArray().Select(p => p.GetProperty("id").GetInt64());
        Assert.DoesNotContain(listed, first.Contains);
    }

    // --- resources, catalogue, regions ---------------------------------------------------------------

    [Fact]
    public async Task Resources_ResidentToken_Is403Problem()
    {
        var client = await BearerAsync("resident1");

        var response = await client.GetAsync("/api/v1/resources?kind=Volunteer", Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("无权执行此操作", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Resources_FundsForTheCounty_ListsEveryFundServingTheCounty()
    {
        var county = DivisionCode.Parse((await Site.UserAsync("county")).RegionCode!);
        var client = await BearerAsync("county");

        var (ids, total, rows) = await WalkAsync(client, "/api/v1/resources?kind=Fund&size=100");

        var expected = (await Site.QueryAsync(db => db.Funds.AsNoTracking().ToListAsync(Ct)))
            .Where(f => f.HomeRegionCode.IsWithin(county) || f.RegionScope.Any(r => r.IsWithin(county) || county.IsWithin(r)))
            .Select(f => f.Id).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, total);
        Assert.True(expected.SetEquals(ids));
        Assert.All(rows, r => Assert.Equal("Fund", r.GetProperty("kind").GetString()));
        Assert.All(rows, r => Assert.Contains(r.GetProperty("status").GetString(), Enum.GetNames<ApprovalStatus>()));
    }

    [Fact]
    public async Task Resources_VolunteersForAWorker_ShowOnlyMaskedMobiles()
    {
        var client = await BearerAsync("worker1");

        var page = await JsonAsync(await client.GetAsync("/api/v1/resources?kind=Volunteer&size=50", Ct));

        var rows = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(50, rows.Count);
        Assert.All(rows, r => Assert.Matches("^1[3-9][0-9]\\*{4}[0-9]{4}$", r.GetProperty("maskedContact").GetString()));
        Assert.All(rows, r => Assert.StartsWith(DivisionCode.Parse(JianpingTownship).Prefix, r.GetProperty("homeRegion").GetString()));
    }

    [Fact]
    public async Task Catalogue_IsPublicWithItsFourteenAreas()
    {
        var response = await Site.NewClient().GetAsync("/api/v1/catalogue", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var areas = (await JsonAsync(response)).EnumerateArray().ToList();
        Assert.Equal(14, areas.Count);
        var elderly = areas.Single(a => a.GetProperty("code").GetString() == "elderly");
        var meal = elderly.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "elderly.meal");
        Assert.Equal("Basic", meal.GetProperty("tier").GetString());
        Assert.All(areas, a => Assert.NotEmpty(a.GetProperty("items").EnumerateArray()));
    }

    [Fact]
    public async Task Regions_ChildrenOfATownship_AreExactlyItsVillages()
    {
        var villages = await Site.VillagesOfAsync(JianpingTownship);

        var response = await Site.NewClient().GetAsync("/api/v1/regions/341821100/children", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var children = (await JsonAsync(response)).EnumerateArray().ToList();
        Assert.Equal(villages.Select(v => v.Value), children.Select(c => c.GetProperty("code").GetString()).Order());
        Assert.All(children, c =>
        {
            Assert.Equal("Village", c.GetProperty("level").GetString());
            Assert.Equal(JianpingTownship, c.GetProperty("parentCode").GetString());
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("name").GetString()));
        });
    }

    [Fact]
    public async Task Regions_MalformedCodeIs400AndUnknownCodeIs404Problem()
    {
        DivisionCode.TryParse("34x821", out _, out var error);

        var malformed = await ProblemAsync(await Site.NewClient().GetAsync("/api/v1/regions/34x821/children", Ct), HttpStatusCode.BadRequest);
        var unknown = await ProblemAsync(await Site.NewClient().GetAsync("/api/v1/regions/341821199/children", Ct), HttpStatusCode.NotFound);

        Assert.Equal("请求有误", malformed.GetProperty("title").GetString());
        Assert.Equal(error, malformed.GetProperty("detail").GetString());
        Assert.Matches("\\p{IsCJKUnifiedIdeographs}", error);
        Assert.Equal("未找到", unknown.GetProperty("title").GetString());
    }

    [Fact]
    public async Task OpenApi_IsAJsonDocumentListingTheApiPaths()
    {
        var response = await Site.NewClient().GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await JsonAsync(response);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/needs", "/api/v1/needs/{id}", "/api/v1/needs/{id}/cancel",
            "/api/v1/resources", "/api/v1/catalogue", "/api/v1/regions/{code}/children",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));
        Assert.All(paths, path => Assert.StartsWith("/api/v1/", path));
        var needs = document.GetProperty("paths").GetProperty("/api/v1/needs");
        Assert.True(needs.TryGetProperty("get", out _) && needs.TryGetProperty("post", out _));
    }

    // --- helpers ------------------------------------------------------------------------------------

    private Task<HttpClient> BearerAsync(string userName) => Site.BearerAsync(userName);

    /// A complete need as a worker posts it after a home visit.
    private static Dictionary<string, object?> NeedBody(string title, string village) => new()
    {
        ["title"] = title,
        ["description"] = "独居老人行动不便，需要每天中午有人送饭。",
        ["serviceItemCode"] = "elderly.meal",
        ["groups"] = new[] { "ElderlyLivingAlone" },
        ["urgency"] = "Normal",
        ["villageCode"] = village,
        ["quantityAmount"] = 1,
        ["quantityUnit"] = "People",
        ["beneficiaryName"] = "陈阿婆",
        ["contactMobile"] = "139 1234 5678",
        ["consentMethod"] = "VerbalRecordedByStaff",
        ["consentGiven"] = true,
    };

    /// Every row of a keyset-paged list, following "next" as a client would.
    private static async Task<(List<long> Ids, int Total, List<JsonElement> Rows)> WalkAsync(HttpClient client, string url)
    {
        var rows = new List<JsonElement>();
        int? total = null;
        for (string? next = url; next is not null;)
        {
            Assert.True(rows.Count < 100_000, "the pages never end");
            var response = await client.GetAsync(next, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await JsonAsync(response);
            var pageTotal = page.GetProperty("total").GetInt32();
            Assert.True(total is null || total == pageTotal, "the total changed between pages");
            total = pageTotal;
            rows.AddRange(page.GetProperty("items").EnumerateArray());
            next = page.GetProperty("next").GetString() is { } after ? $"{url}&after={Uri.EscapeDataString(after)}" : null;
        }
        return (rows.Select(r => r.GetProperty("id").GetInt64()).ToList(), total!.Value, rows);
    }

    // --- unexpected errors ----------------------------------------------------------------------

    [Fact]
    public async Task UnexpectedError_InTheApi_Is500ProblemInChinese_AndOnAPageTheChineseErrorPage()
    {
        // The same site with one fault injected into every MVC action.
        await using var faulty = Site.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.Configure<MvcOptions>(o => o.Filters.Add(new ThrowingFilter()))));
        var api = faulty.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        api.DefaultRequestHeaders.Authorization = (await BearerAsync("worker1")).DefaultRequestHeaders.Authorization;

        var problem = await ProblemAsync(await api.GetAsync("/api/v1/needs", Ct), HttpStatusCode.InternalServerError);

        Assert.Equal("服务器出错", problem.GetProperty("title").GetString());
        Assert.Equal("请稍后再试；如果一再出现，请联系管理员。", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("injected", problem.GetRawText());

        var page = await faulty.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/Account/Login", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("出错", html);
        Assert.DoesNotContain("injected", html);
    }

    private sealed class ThrowingFilter : IActionFilter
    {
        public void OnActionExecuting(ActionExecutingContext context)
        {
            // The error page itself must still render.
            if (context.HttpContext.Request.Path.StartsWithSegments("/Home")) return;
            throw new InvalidOperationException("injected fault");
        }

        public void OnActionExecuted(ActionExecutedContext context) { }
    }

    private static Dictionary<string, string[]> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject()
            .ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());

    /// A problem's members and values, without the per-request trace id.
    private static string Shape(JsonElement problem) =>
        string.Join("\n", problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value.GetRawText()}"));

    private Task<Need> FindNeedAsync(long id) => Site.QueryAsync(db => db.Needs.AsNoTracking().SingleAsync(n => n.Id == id, Ct));

    private Task<int> NeedCountAsync() => Site.QueryAsync(db => db.Needs.CountAsync(Ct));
}

public sealed class SqliteApiTests(SqliteSite fixture) : ApiSuite<SqliteSite>(fixture), IClassFixture<SqliteSite>;

public sealed class PostgresApiTests(PostgresSite fixture) : ApiSuite<PostgresSite>(fixture), IClassFixture<PostgresSite>;
