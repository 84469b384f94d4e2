using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static FiveSocieties.Web.Tests.Features.SiteData;

namespace FiveSocieties.Web.Tests.Features.Accounts;

/// What an outsider can learn from signing in and registering, what he can break by failing to
/// sign in, and how long a session outlives a sign-out, a new password or a stolen token — over
/// each database, on a real port, with the site's clock held by the tests. Each test plays its own
/// clients (addresses) and, where it changes an account, makes its own.
public abstract class SignInSecuritySuite<TFixture>(TFixture fixture) where TFixture : SecuritySite
{
    private const string Refused = "用户名或密码不正确。若多次失败，请 15 分钟后再试，或联系社工站重置密码。";
    private const string Password = "linli2025";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;

    // --- the same work and the same answer, whether or not the name has an account -----------------

    [Theory]
    [InlineData("page")]
    [InlineData("api")]
    public async Task Login_UnknownName_HashesOnceAndSendsTheSameStatementsAsAKnownNameWithAWrongPassword(string way)
    {
        var known = await SignInWorkAsync(way, "worker6");
        var unknown = await SignInWorkAsync(way, "nobody-" + Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal(1, known.Verified);
        Assert.Equal(1, unknown.Verified);
        Assert.NotEmpty(known.Statements);
        Assert.Equal(known.Statements, unknown.Statements);
        Assert.Equal(known.Answer, unknown.Answer);
        Assert.Contains(Refused, known.Answer);
    }

    [Fact]
    public async Task Login_AnAccountsMobileNumber_CostsWhatItsUserNameCosts()
    {
        var mobile = (await Site.UserAsync("resident1")).PhoneNumber!;

        var byNumber = await SignInWorkAsync("api", mobile);
        var byName = await SignInWorkAsync("api", "worker9");

        Assert.Equal(byName.Statements, byNumber.Statements);
        Assert.Equal((1, byName.Answer), (byNumber.Verified, byNumber.Answer));
    }

    [Fact]
    public async Task Register_NumberThatHasAnAccount_HashesThePasswordOnceAsANewNumberDoes()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[0].Value;
        var taken = (await Site.UserAsync("resident1")).PhoneNumber!;

        var hashesForTaken = await HashesAsync(() => RegisterAsync(taken, village));
        var hashesForNew = await HashesAsync(() => RegisterAsync(UniqueMobile(), village));

        Assert.Equal(1, hashesForNew);
        Assert.Equal(hashesForNew, hashesForTaken);
    }

    // --- the lockout: per client, never the account ----------------------------------------------------

    [Theory]
    [InlineData("worker7")]
    [InlineData("county")]
    [InlineData("admin")]
    [InlineData("committee1")]
    [InlineData("org1")]
    public async Task Login_ManyWrongPasswordsFromOneClient_AreStopped_WhileAnotherClientSignsInAsTheSameStaffMember(string userName)
    {
        var stranger = Site.NewClientAt();
        for (var i = 0; i < 5; i++) Assert.Contains(Refused, await PageAsync(await stranger.LoginAsync(userName, "guess-" + i)));
        var verifiedBefore = fixture.Hasher.Verified;

        var guessedRight = await stranger.LoginAsync(userName);
        var owner = await Site.NewClientAt().LoginAsync(userName);
        var strangerAgain = await stranger.LoginAsync(userName);

        Assert.Contains(Refused, await PageAsync(guessedRight)); // the same answer as a wrong password
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
        Assert.Contains(Refused, await PageAsync(strangerAgain));
        Assert.Equal(verifiedBefore + 3, fixture.Hasher.Verified); // the locked-out client's passwords are hashed too
    }

    [Fact]
    public async Task Login_LockedOutClient_MaySignInAgainOnceTheLockoutHasPassed()
    {
        var client = Site.NewClientAt();
        for (var i = 0; i < 5; i++) await client.LoginAsync("worker10", "guess-" + i);
        Assert.Contains(Refused, await PageAsync(await client.LoginAsync("worker10")));

        fixture.Clock.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync("worker10")).StatusCode);
    }

    [Fact]
    public async Task Login_FailuresFurtherApartThanTheLockout_DoNotAddUp()
    {
        var client = Site.NewClientAt();
        for (var i = 0; i < 4; i++) await client.LoginAsync("worker11", "guess-" + i);
        fixture.Clock.Advance(TimeSpan.FromMinutes(16));
        for (var i = 0; i < 4; i++) await client.LoginAsync("worker11", "guess-" + i);

        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync("worker11")).StatusCode);
    }

    // --- sign-out and a new password end every session -------------------------------------------------

    [Fact]
    public async Task Logout_ACookieCopiedBeforehand_IsSentToTheLoginPage()
    {
        var userName = await NewAccountAsync();
        var browser = Site.NewClient();
        var cookie = AuthCookie(await browser.LoginAsync(userName, Password));
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(cookie).GetAsync("/Needs", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/Account/Logout", "/")).StatusCode);

        var replayed = await WithCookie(cookie).GetAsync("/Needs", Ct);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/Account/Login", replayed.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Logout_EndsTheAccountsOtherBrowsersAndItsApiTokens()
    {
        var userName = await NewAccountAsync();
        var browser = await Site.SignedInAsync(userName, Password);
        var otherBrowser = await Site.SignedInAsync(userName, Password);
        var tokens = await ApiLoginAsync(userName);

        await browser.PostFormAsync("/Account/Logout", "/");

        Assert.Equal(HttpStatusCode.Redirect, (await otherBrowser.GetAsync("/Needs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(tokens.Access).GetAsync("/api/v1/needs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.Refresh)).StatusCode);
    }

    [Fact]
    public async Task ApiLogout_EndsItsTokensAndTheAccountsBrowsers()
    {
        var userName = await NewAccountAsync();
        var browser = await Site.SignedInAsync(userName, Password);
        var tokens = await ApiLoginAsync(userName);

        Assert.Equal(HttpStatusCode.NoContent, (await Bearer(tokens.Access).PostAsync("/api/v1/auth/logout", null, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(tokens.Access).GetAsync("/api/v1/needs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.Refresh)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Needs", Ct)).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_EndsOtherBrowsersTokensAndHubConnections_ButNotThisBrowser()
    {
        var userName = await NewAccountAsync();
        var browser = await Site.SignedInAsync(userName, Password);
        var otherBrowser = await Site.SignedInAsync(userName, Password);
        var tokens = await ApiLoginAsync(userName);
        await using (var before = Hub(tokens.Access)) await before.StartAsync(Ct); // the token opens the hub until then

        var changed = await browser.PostFormAsync("/Account/ChangePassword", "/Account/ChangePassword",
            ("CurrentPassword", Password), ("NewPassword", "xinmima2025"), ("ConfirmPassword", "xinmima2025"));

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Needs", Ct)).StatusCode);
        var other = await otherBrowser.GetAsync("/Needs", Ct);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Contains("/Account/Login", other.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(tokens.Access).GetAsync("/api/v1/needs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.Refresh)).StatusCode);
        await using var after = Hub(tokens.Access);
        await Assert.ThrowsAnyAsync<Exception>(() => after.StartAsync(Ct));
    }

    [Fact]
    public async Task PasswordResetByAnAdministrator_EndsTheAccountsTokens()
    {
        var userName = await NewAccountAsync();
        var tokens = await ApiLoginAsync(userName);

        await using (var scope = Site.Services.CreateAsyncScope())
        {
            // What 账号管理 → 重置密码 does (StaffAccounts.ResetPasswordAsync).
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync(userName))!;
            Assert.True((await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), "chongzhi2025")).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(tokens.Access).GetAsync("/api/v1/needs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.Refresh)).StatusCode);
    }

    // --- refresh tokens: once each; a second use ends the sign-in ---------------------------------------

    [Fact]
    public async Task Refresh_AUsedTokenPresentedAgain_Is401AndEndsEveryTokenOfThatSignInOnly()
    {
        var userName = await NewAccountAsync();
        var first = await ApiLoginAsync(userName);
        var otherSignIn = await ApiLoginAsync(userName);
        var second = await TokensAsync(await RefreshAsync(first.Refresh));
        Assert.Equal(HttpStatusCode.OK, (await Bearer(second.Access).GetAsync("/api/v1/needs", Ct)).StatusCode);

        var replayed = await RefreshAsync(first.Refresh);

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal("刷新令牌无效或已过期。", (await replayed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(second.Refresh)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(second.Access).GetAsync("/api/v1/needs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(first.Access).GetAsync("/api/v1/needs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(otherSignIn.Access).GetAsync("/api/v1/needs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(otherSignIn.Refresh)).StatusCode);
    }

    [Fact]
    public async Task Refresh_TheDatabaseKeepsOnlyTheTokensHash()
    {
        var tokens = await ApiLoginAsync(await NewAccountAsync());

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(tokens.Refresh)));
        var rows = await Site.QueryAsync(db => db.RefreshTokens.AsNoTracking().Where(t => t.TokenHash == hash || t.TokenHash == tokens.Refresh).ToListAsync(Ct));
        var row = Assert.Single(rows);
        Assert.Equal(hash, row.TokenHash);
        Assert.Null(row.UsedAt);
        Assert.Null(row.RevokedAt);
    }

    [Fact]
    public async Task Refresh_PastItsLifetime_Is401()
    {
        var tokens = await ApiLoginAsync(await NewAccountAsync());

        fixture.Clock.Advance(TimeSpan.FromDays(14));

        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.Refresh)).StatusCode);
    }

    [Fact]
    public async Task AccessToken_PastItsLifetime_Is401_AndItsRefreshTokenGivesANewOne()
    {
        var tokens = await ApiLoginAsync(await NewAccountAsync());

        fixture.Clock.Advance(TimeSpan.FromHours(8));

        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(tokens.Access).GetAsync("/api/v1/needs", Ct)).StatusCode);
        var renewed = await TokensAsync(await RefreshAsync(tokens.Refresh));
        Assert.Equal(HttpStatusCode.OK, (await Bearer(renewed.Access).GetAsync("/api/v1/needs", Ct)).StatusCode);
    }

    // --- helpers ------------------------------------------------------------------------------------

    private sealed record Work(int Verified, IReadOnlyList<string> Statements, string Answer);

    /// One failed sign-in from a new client: the hashes verified, the statements sent, what it answered.
    private async Task<Work> SignInWorkAsync(string way, string userName)
    {
        var client = Site.NewClientAt();
        if (way == "page") await client.FormTokenAsync("/Account/Login");
        var verified = fixture.Hasher.Verified;
        fixture.Statements.Clear();
        var response = way == "page"
            ? await client.LoginAsync(userName, "wrong-password")
            : await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = "wrong-password" }, Ct);
        var statements = fixture.Statements.Taken();
        var answer = $"{(int)response.StatusCode} " + (way == "page"
            ? await Resources.ResourceHtml.MessagesAsync(response)
            : Problem(await response.Content.ReadFromJsonAsync<JsonElement>(Ct)));
        return new Work(fixture.Hasher.Verified - verified, statements, answer);
    }

    /// A problem's type, title and detail (not its trace id, which every answer has its own of).
    private static string Problem(JsonElement problem) =>
        string.Join(" | ", new[] { "type", "title", "detail" }.Select(p => problem.TryGetProperty(p, out var v) ? v.GetString() : null));

    private async Task<int> HashesAsync(Func<Task> action)
    {
        var before = fixture.Hasher.Hashed;
        await action();
        return fixture.Hasher.Hashed - before;
    }

    private async Task RegisterAsync(string mobile, string village)
    {
        var response = await Site.NewClient().PostFormAsync("/Account/Register", "/Account/Register",
            ("Form.DisplayName", "测试居民"), ("Form.Mobile", mobile), ("Form.Village", village),
            ("Form.Password", Password), ("Form.ConfirmPassword", Password), ("Form.Consent", "true"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// A resident account of this test alone, with <see cref="Password"/>; returns its login name.
    private async Task<string> NewAccountAsync()
    {
        await using var scope = Site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var resident = await users.FindByNameAsync("resident1");
        var user = new AppUser { UserName = "session-" + Guid.NewGuid().ToString("N")[..10], DisplayName = "会话测试", RegionCode = resident!.RegionCode };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, AppRoles.Resident)).Succeeded);
        return user.UserName;
    }

    private sealed record Tokens(string Access, string Refresh);

    private async Task<Tokens> ApiLoginAsync(string userName) =>
        await TokensAsync(await Site.NewClient().PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Password }, Ct));

    private static async Task<Tokens> TokensAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return new Tokens(json.GetProperty("accessToken").GetString()!, json.GetProperty("refreshToken").GetString()!);
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Site.NewClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }, Ct);

    private HttpClient Bearer(string accessToken)
    {
        var client = Site.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private HubConnection Hub(string accessToken) => BrokeringClient.Create(new Uri(Site.ServerAddress, "/hubs/brokering"), accessToken);

    private static string AuthCookie(HttpResponseMessage login)
    {
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("FiveSocieties.Auth=", StringComparison.Ordinal));
    }

    /// Another machine presenting a copy of the cookie.
    private HttpClient WithCookie(string cookie)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Site.ServerAddress };
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static Task<string> PageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Content.ReadAsStringAsync(Ct);
    }
}

public sealed class SqliteSignInSecurityTests(SqliteSecuritySite fixture) : SignInSecuritySuite<SqliteSecuritySite>(fixture), IClassFixture<SqliteSecuritySite>;

public sealed class PostgresSignInSecurityTests(PostgresSecuritySite fixture) : SignInSecuritySuite<PostgresSecuritySite>(fixture), IClassFixture<PostgresSecuritySite>;
