using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FiveSocieties.Web.Tests.Support;
using Xunit;
using static FiveSocieties.Web.Tests.Features.SiteData;

namespace FiveSocieties.Web.Tests.Features.Accounts;

/// ASP.NET Core's rate limiter on sign-in (page and API), token refresh and registration (resident
/// and volunteer), per client address: over each database, with low limits of the suite's own
/// (three sign-ins, two refreshes, two registrations a day per client). Each test is its own clients.
public abstract class RateLimitSuite<TFixture>(TFixture fixture) where TFixture : SiteFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;

    [Fact]
    public async Task ApiLogin_PastTheClientsLimit_Is429WithAChineseProblemAndRetryAfter_WhileAnotherClientIsServed()
    {
        var client = Site.NewClientAt();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await ApiLoginAsync(client, "worker1", "wrong-password")).StatusCode);

        var refused = await ApiLoginAsync(client, "worker1");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("操作太频繁", problem.GetProperty("title").GetString());
        Assert.StartsWith("请求过于频繁，请 ", problem.GetProperty("detail").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal(HttpStatusCode.OK, (await ApiLoginAsync(Site.NewClientAt(), "worker1")).StatusCode);
    }

    [Fact]
    public async Task LoginPage_PastTheClientsLimit_AnswersAChinesePageWithRetryAfter()
    {
        var client = Site.NewClientAt();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync("worker2", "wrong-password")).StatusCode);

        var refused = await client.LoginAsync("worker2");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        var html = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("操作太频繁", html);
        Assert.Contains("同一网络的登录和注册次数有限制。请 ", html);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login", Ct)).StatusCode); // reading the page is not limited
    }

    [Fact]
    public async Task Refresh_PastTheClientsLimit_Is429()
    {
        var client = Site.NewClientAt();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" }, Ct)).StatusCode);

        var refused = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" }, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("操作太频繁", (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Registration_ResidentAndVolunteerShareTheClientsLimit()
    {
        var client = Site.NewClientAt();
        // Refused forms count too: the limit is on attempts.
        Assert.Equal(HttpStatusCode.OK, (await client.PostFormAsync("/Account/Register", "/Account/Register", ("Form.Mobile", "123"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostFormAsync("/Account/RegisterVolunteer", "/Account/RegisterVolunteer", ("Volunteer.Mobile", "123"))).StatusCode);

        var resident = await client.PostFormAsync("/Account/Register", "/Account/Register", ("Form.Mobile", "123"));
        var volunteer = await client.PostFormAsync("/Account/RegisterVolunteer", "/Account/RegisterVolunteer", ("Volunteer.Mobile", "123"));

        Assert.Equal(HttpStatusCode.TooManyRequests, resident.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, volunteer.StatusCode);
        Assert.Contains("操作太频繁", await volunteer.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await Site.NewClientAt().PostFormAsync("/Account/Register", "/Account/Register", ("Form.Mobile", "123"))).StatusCode);
    }

    private static Task<HttpResponseMessage> ApiLoginAsync(HttpClient client, string userName, string password = ClientExtensions.DemoPassword) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password }, Ct);
}

public sealed class SqliteRateLimitTests(SqliteRateLimitedSite fixture) : RateLimitSuite<SqliteRateLimitedSite>(fixture), IClassFixture<SqliteRateLimitedSite>;

public sealed class PostgresRateLimitTests(PostgresRateLimitedSite fixture) : RateLimitSuite<PostgresRateLimitedSite>(fixture), IClassFixture<PostgresRateLimitedSite>;

/// The limit for everybody together (four sign-ins a day, two per client): what one client's own
/// limit refuses spends nothing of everybody's, and past everybody's, a new client is refused too.
public abstract class GlobalRateLimitSuite<TFixture>(TFixture fixture) where TFixture : SiteFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_PastTheLimitForEverybody_RefusesANewClient_CountingOnlyWhatEachClientsLimitLetThrough()
    {
        var site = fixture.Factory;
        var first = site.NewClientAt();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await LoginAsync(first)).StatusCode);
        var second = site.NewClientAt();
        for (var i = 0; i < 2; i++) statuses.Add((await LoginAsync(second)).StatusCode);

        var third = await LoginAsync(site.NewClientAt());

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3), HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("操作太频繁", (await third.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "worker1", password = ClientExtensions.DemoPassword }, Ct);
}

public sealed class SqliteGlobalRateLimitTests(SqliteGloballyLimitedSite fixture) : GlobalRateLimitSuite<SqliteGloballyLimitedSite>(fixture), IClassFixture<SqliteGloballyLimitedSite>;

public sealed class PostgresGlobalRateLimitTests(PostgresGloballyLimitedSite fixture) : GlobalRateLimitSuite<PostgresGloballyLimitedSite>(fixture), IClassFixture<PostgresGloballyLimitedSite>;
