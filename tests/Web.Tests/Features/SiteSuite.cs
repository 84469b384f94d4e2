using System.Net;
using System.Text.RegularExpressions;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Tests;
using FiveSocieties.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Web.Tests.Features;

/// The web shell over each database: home page, health, accounts and menus, error pages.
public abstract partial class SiteSuite<TFixture>(TFixture fixture) where TFixture : SiteFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;

    [GeneratedRegex("data-testid=\"(?<name>[a-z-]+)\"[^>]*>\\s*<div class=\"card-body[^\"]*\">\\s*<div class=\"stat-label\">.*?</div>\\s*<div class=\"stat-value\">(?<value>[0-9,]+)</div>", RegexOptions.Singleline)]
    private static partial Regex StatCard();

    [Fact]
    public async Task Home_ShowsTheCountysLiveCountsInChinese()
    {
        var response = await Site.NewClient().GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("郎溪县 五社联动服务平台", html); // written as Chinese, not as &#x…; entities

        var cards = StatCard().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => int.Parse(m.Groups["value"].Value.Replace(",", "")));
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var open = NeedStateMachine.Open.ToList();
        Assert.Equal(await db.Needs.CountAsync(n => open.Contains(n.Status), Ct), cards["open-needs"]);
        Assert.Equal(await db.Volunteers.CountAsync(v => v.Status == ApprovalStatus.Active, Ct), cards["volunteers"]);
        Assert.Equal(await db.Organisations.CountAsync(o => o.Status == ApprovalStatus.Active, Ct), cards["organisations"]);
        Assert.Equal(await db.Funds.CountAsync(f => f.Status == ApprovalStatus.Active, Ct), cards["funds"]);
        Assert.Equal(await db.MicroGrantProjects.CountAsync(m => m.Status == ApprovalStatus.Active, Ct), cards["micro-grants"]);
        Assert.True(cards["open-needs"] > 100 && cards["volunteers"] > 1500, "the demo county is there");
        Assert.True(cards.ContainsKey("matches-this-month"));
    }

    [Fact]
    public async Task Healthz_WithTheDatabaseReachable_IsHealthy()
    {
        var response = await Site.NewClient().GetAsync("/healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("admin", "系统管理员", true)]
    [InlineData("county", "县民政局", true)]
    [InlineData("worker1", "社工站社工", false)]
    [InlineData("worker2", "社工站社工", false)]
    [InlineData("committee1", "村（居）委会", false)]
    [InlineData("resident1", "居民", false)]
    [InlineData("volunteer1", "志愿者", false)]
    [InlineData("org1", "社会组织", false)]
    public async Task Login_EachDemoAccount_SeesItsRoleAndItsMenu(string userName, string roleLabel, bool seesStations)
    {
        var client = Site.NewClient();
        var login = await client.LoginAsync(userName);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);

        var home = await client.GetStringAsync("/", Ct);
        Assert.Contains($"({roleLabel})", home);
        Assert.Contains("退出", home);
        Assert.Equal(seesStations, home.Contains("href=\"/Stations\""));
    }

    [Fact]
    public async Task Login_WrongPassword_SaysSoInChineseWithoutSayingWhichPartWasWrong()
    {
        var response = await Site.NewClient().LoginAsync("worker2", "wrong-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码不正确。", await response.Content.ReadAsStringAsync(Ct));

        var unknown = await Site.NewClient().LoginAsync("nobody-here", "wrong-password");
        Assert.Contains("用户名或密码不正确。", await unknown.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Login_FiveFailuresFromOneClient_RefuseItTheRightPasswordAsIfWrong_ButNotTheWorkerAtHerDesk()
    {
        // worker3 is used by this test only.
        var stranger = Site.NewClientAt();
        for (var i = 0; i < 5; i++) await stranger.LoginAsync("worker3", "wrong-password");

        var response = await stranger.LoginAsync("worker3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("用户名或密码不正确。若多次失败，请 15 分钟后再试，或联系社工站重置密码。", html);
        Assert.DoesNotContain("锁定", html);
        Assert.Equal(HttpStatusCode.Redirect, (await Site.NewClientAt().LoginAsync("worker3")).StatusCode);
    }

    [Fact]
    public async Task Login_EmptyForm_ShowsFieldMessagesInChinese()
    {
        var response = await Site.NewClient().PostFormAsync("/Account/Login", "/Account/Login", ("UserName", ""), ("Password", ""));
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("请输入用户名或手机号", html);
        Assert.Contains("请输入密码", html);
    }

    [Fact]
    public async Task Login_PostWithoutAntiforgeryToken_IsRejected()
    {
        var response = await Site.NewClient().PostAsync("/Account/Login",
            new FormUrlEncodedContent([new("UserName", "admin"), new("Password", ClientExtensions.DemoPassword)]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        var client = Site.NewClient();
        await client.LoginOrFailAsync("county");
        var logout = await client.PostFormAsync("/Account/Logout", "/");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        var stations = await client.GetAsync("/Stations", Ct);
        Assert.Equal(HttpStatusCode.Redirect, stations.StatusCode);
    }

    [Fact]
    public async Task Stations_Anonymous_IsSentToLogin()
    {
        var response = await Site.NewClient().GetAsync("/Stations", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login?ReturnUrl=%2FStations", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Stations_WorkerWithoutTheRole_IsRefused()
    {
        var client = Site.NewClient();
        await client.LoginOrFailAsync("worker1");
        var response = await client.GetAsync("/Stations", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/AccessDenied", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Stations_County_SeesEveryStationWithItsCounts()
    {
        var client = Site.NewClient();
        await client.LoginOrFailAsync("county");
        var html = await client.GetStringAsync("/Stations", Ct);
        Assert.Equal(13, Regex.Matches(html, "data-testid=\"station-").Count);
        Assert.Contains("建平镇社工站", html);
        Assert.Contains("郎溪县社会工作指导中心", html);
    }

    [Fact]
    public async Task Catalogue_IsPublicAndListsEveryArea()
    {
        var html = await Site.NewClient().GetStringAsync("/Catalogue", Ct);
        Assert.Equal(14, Regex.Matches(html, "data-testid=\"area-").Count);
        Assert.Contains("适老化改造", html);

        var governance = await Site.NewClient().GetStringAsync("/Catalogue?tier=Governance", Ct);
        Assert.Contains("楼道安全整治", governance);
        Assert.DoesNotContain("助餐服务", governance);
    }

    [Fact]
    public async Task UnknownPage_AnswersA404PageInChinese()
    {
        var response = await Site.NewClient().GetAsync("/no-such-page", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Pages_ServeTheirLibrariesLocally_NeverFromACdn()
    {
        var client = Site.NewClient();
        var html = await client.GetStringAsync("/Account/Login", Ct);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        foreach (Match link in Regex.Matches(html, "(?:src|href)=\"(/lib/[^\"?]+)"))
        {
            var asset = await client.GetAsync(link.Groups[1].Value, Ct);
            Assert.True(asset.IsSuccessStatusCode, $"{link.Groups[1].Value}: {(int)asset.StatusCode}");
        }
    }
}

public sealed class SqliteSiteTests(SqliteSite fixture) : SiteSuite<SqliteSite>(fixture), IClassFixture<SqliteSite>;

public sealed class PostgresSiteTests(PostgresSite fixture) : SiteSuite<PostgresSite>(fixture), IClassFixture<PostgresSite>;
