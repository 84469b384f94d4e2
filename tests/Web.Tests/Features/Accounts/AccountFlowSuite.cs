using System.Net;
using System.Text.RegularExpressions;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Tests.Features.Needs;
using FiveSocieties.Web.Tests.Features.Resources;
using FiveSocieties.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static FiveSocieties.Web.Tests.Features.SiteData;

namespace FiveSocieties.Web.Tests.Features.Accounts;

/// Accounts through HTTP: residents and volunteers signing themselves up, changing a password,
/// and staff accounts opened and reset by the level above — over each database. The tests of one
/// class share a database: each makes its own accounts with unique names and numbers.
public abstract partial class AccountFlowSuite<TFixture>(TFixture fixture) where TFixture : SiteFixture
{
    private const string Password = "linli2025";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;

    [GeneratedRegex("data-testid=\"new-password\">.*?<strong class=\"font-monospace\">([^<]+)</strong>", RegexOptions.Singleline)]
    private static partial Regex NewPassword();

    // --- residents sign up --------------------------------------------------------------------------

    [Fact]
    public async Task Register_ThePageOffersEveryVillageOfTheCounty()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[2];

        var html = await Site.NewClient().GetStringAsync("/Account/Register", Ct);

        Assert.Contains($"<option value=\"{village.Value}\">", html);
        Assert.Equal(await Site.QueryAsync(db => db.Regions.CountAsync(r => r.Level == FiveSocieties.Matching.Regions.RegionLevel.Village, Ct)),
            Regex.Matches(html, "<option value=\"\\d{12}\">").Count);
    }

    [Fact]
    public async Task Register_Resident_CreatesTheAccountInTheChosenVillageAndSendsThemToSignInWithTheirMobile()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[2];
        var mobile = UniqueMobile();
        var client = Site.NewClient();

        var response = await client.PostFormAsync("/Account/Register", "/Account/Register", ResidentForm(mobile, village.Value, " 陈桂兰 "));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.OriginalString);
        Assert.Contains("请用手机号和刚设置的密码登录", NeedHtml.Flash(await client.GetStringAsync("/Account/Login", Ct)));
        var user = await Site.UserAsync(mobile);
        Assert.Equal(mobile, user.PhoneNumber);
        Assert.Equal("陈桂兰", user.DisplayName);
        Assert.Equal(village.Value, user.RegionCode);
        Assert.Null(user.VolunteerId);
        Assert.Equal([AppRoles.Resident], await Site.RolesAsync(mobile));
        var resident = await Site.SignedInAsync(mobile, Password);
        var needs = await resident.GetAsync("/Needs", Ct); // a resident may open the needs
        Assert.Equal(HttpStatusCode.OK, needs.StatusCode);
        Assert.Contains("(居民)", await needs.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("signed-up-before")]
    [InlineData("phone-of-a-demo-account")]
    public async Task Register_MobileAlreadyUsedByAnAccount_AnswersExactlyAsForANewNumberAndWritesNothing(string whose)
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[2].Value;
        string mobile;
        if (whose == "signed-up-before")
        {
            mobile = UniqueMobile();
            Assert.Equal(HttpStatusCode.Redirect, (await Site.NewClient().PostFormAsync("/Account/Register", "/Account/Register", ResidentForm(mobile, village))).StatusCode);
        }
        else
        {
            // resident1 signs in with the user name "resident1" or with this number.
            mobile = (await Site.UserAsync("resident1")).PhoneNumber!;
        }
        var name = Unique("冒用号码的人");
        var before = await UserCountAsync();

        var taken = await AnswerAsync("/Account/Register", ResidentForm("+86 " + mobile, village, name, "another2025"));
        var fresh = await AnswerAsync("/Account/Register", ResidentForm(UniqueMobile(), village));

        Assert.Equal(fresh, taken);
        Assert.Equal(before + 1, await UserCountAsync()); // the fresh number's account only
        Assert.False(await Site.QueryAsync(db => db.Users.AnyAsync(u => u.DisplayName == name, Ct)));
        Assert.Equal(HttpStatusCode.OK, (await Site.NewClient().LoginAsync(mobile, "another2025")).StatusCode); // the password was not changed
    }

    [Theory]
    [InlineData("abcdefgh", "密码须包含数字。")]
    [InlineData("12345678", "密码须包含小写字母。")]
    [InlineData("abc123", "密码至少 8 位")]
    public async Task Register_WeakPassword_SaysWhatIsMissingInChineseAndWritesNothing(string password, string message)
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[2].Value;
        var mobile = UniqueMobile();
        var before = await UserCountAsync();

        var response = await Site.NewClient().PostFormAsync("/Account/Register", "/Account/Register", ResidentForm(mobile, village, password: password));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, NeedHtml.FieldMessage(await response.Content.ReadAsStringAsync(Ct), "Form.Password"));
        Assert.Equal(before, await UserCountAsync());
        Assert.Null(await Site.FindUserAsync(mobile));
    }

    // --- volunteers sign up ---------------------------------------------------------------------------

    [Fact]
    public async Task RegisterVolunteer_CreatesTheAccountAndAPendingProfileTogether()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[3];
        var mobile = UniqueMobile();
        var name = Unique("刘志愿");
        var client = Site.NewClient();

        var response = await client.PostFormAsync("/Account/RegisterVolunteer", "/Account/RegisterVolunteer", VolunteerForm(name, mobile, village.Value, Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.OriginalString);
        Assert.Contains("审核通过后即可接收服务邀请", NeedHtml.Flash(await client.GetStringAsync("/Account/Login", Ct)));
        var user = await Site.UserAsync(mobile);
        var id = user.VolunteerId!.Value;
        var details = await (await Site.SignedInAsync(mobile, Password)).GetStringAsync($"/Resources/Volunteer/{id}", Ct);
        Assert.Equal("待审核", NeedHtml.Status(details));
        Assert.Equal(name, user.DisplayName);
        Assert.Equal(village.Value, user.RegionCode);
        Assert.Equal([AppRoles.Volunteer], await Site.RolesAsync(mobile));
        var volunteer = await Site.QueryAsync(db => db.Volunteers.AsNoTracking().SingleAsync(v => v.Id == id, Ct));
        Assert.Equal(mobile, volunteer.Mobile.Value);
        Assert.Equal(village, volunteer.HomeVillageCode);
        Assert.Equal(ApprovalStatus.Pending, volunteer.Status);
    }

    [Fact]
    public async Task RegisterVolunteer_PasswordRefused_WritesNeitherTheAccountNorTheProfile()
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[3].Value;
        var mobile = UniqueMobile();
        var name = Unique("密码太弱的志愿者");
        var before = (await UserCountAsync(), await VolunteerCountAsync());

        var response = await Site.NewClient().PostFormAsync("/Account/RegisterVolunteer", "/Account/RegisterVolunteer",
            VolunteerForm(name, mobile, village, "abcdefgh")); // long enough, but Identity wants a digit

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("密码须包含数字。", NeedHtml.FieldMessage(await response.Content.ReadAsStringAsync(Ct), "Password"));
        Assert.Equal(before, (await UserCountAsync(), await VolunteerCountAsync()));
        Assert.Null(await Site.FindUserAsync(mobile));
        Assert.False(await Site.QueryAsync(db => db.Volunteers.AnyAsync(v => v.Name == name, Ct)));
    }

    [Theory]
    [InlineData("account")]
    [InlineData("volunteer-registered-by-the-station")]
    public async Task RegisterVolunteer_MobileAlreadyKnown_AnswersExactlyAsForANewNumberAndWritesNothing(string whose)
    {
        var village = (await Site.VillagesOfAsync(JianpingTownship))[3].Value;
        // org1 signs in with the user name "org1" or with this number (no other test here uses it);
        // a volunteer the station registered has no account, but its number is taken all the same.
        var mobile = whose == "account"
            ? (await Site.UserAsync("org1")).PhoneNumber!
            : await Site.QueryAsync(async db => (await db.Volunteers.AsNoTracking().Where(v => !db.Users.Any(u => u.VolunteerId == v.Id))
                .OrderBy(v => v.Id).FirstAsync(Ct)).Mobile.Value);
        var name = Unique("用别人号码的志愿者");
        var before = (await UserCountAsync(), await VolunteerCountAsync());

        var taken = await AnswerAsync("/Account/RegisterVolunteer", VolunteerForm(name, mobile, village, Password));
        var fresh = await AnswerAsync("/Account/RegisterVolunteer", VolunteerForm(Unique("新志愿者"), UniqueMobile(), village, Password));

        Assert.Equal(fresh, taken);
        Assert.Equal((before.Item1 + 1, before.Item2 + 1), (await UserCountAsync(), await VolunteerCountAsync())); // the fresh number's only
        Assert.False(await Site.QueryAsync(db => db.Volunteers.AnyAsync(v => v.Name == name, Ct)));
    }

    // --- changing one's password ------------------------------------------------------------------------

    [Fact]
    public async Task ChangePassword_AfterwardsOnlyTheNewPasswordSignsIn()
    {
        var mobile = await RegisterResidentAsync();
        var client = await Site.SignedInAsync(mobile, Password);
        const string newPassword = "xinmima2025";

        var response = await client.PostFormAsync("/Account/ChangePassword", "/Account/ChangePassword",
            ("CurrentPassword", Password), ("NewPassword", newPassword), ("ConfirmPassword", newPassword));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Needs", Ct)).StatusCode); // still signed in
        var old = await Site.NewClient().LoginAsync(mobile, Password);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Contains("用户名或密码不正确。", await old.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Redirect, (await Site.NewClient().LoginAsync(mobile, newPassword)).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_SaysSoAndKeepsTheOldOne()
    {
        var mobile = await RegisterResidentAsync();
        var client = await Site.SignedInAsync(mobile, Password);

        var response = await client.PostFormAsync("/Account/ChangePassword", "/Account/ChangePassword",
            ("CurrentPassword", "wrong2025"), ("NewPassword", "xinmima2025"), ("ConfirmPassword", "xinmima2025"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("原密码不正确。", NeedHtml.FieldMessage(await response.Content.ReadAsStringAsync(Ct), "CurrentPassword"));
        Assert.Equal(HttpStatusCode.Redirect, (await Site.NewClient().LoginAsync(mobile, Password)).StatusCode);
    }

    // --- staff accounts -------------------------------------------------------------------------------

    [Theory]
    [InlineData("admin", AppRoles.CountyAdmin)]
    [InlineData("county", AppRoles.StationWorker)]
    [InlineData("worker1", AppRoles.CommitteeStaff)]
    [InlineData("worker1", AppRoles.OrganisationStaff)]
    public async Task OpenAccount_ByTheLevelAbove_SignsInWithTheGeneratedPasswordInItsScope(string opener, string role)
    {
        var client = await Site.SignedInAsync(opener);
        var scope = role switch
        {
            AppRoles.CountyAdmin => (await Site.UserAsync("county")).RegionCode!,
            AppRoles.StationWorker => (await StationOfAsync(ShiziTownship)).Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AppRoles.CommitteeStaff => (await Site.VillagesOfAsync(JianpingTownship))[4].Value,
            _ => (await RegisterOrganisationAsync(client)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var userName = NewUserName();

        var response = await client.PostFormAsync("/Accounts/Create", "/Accounts", StaffForm($"{role}:{scope}", userName));

        var password = await GeneratedPasswordAsync(response, userName);
        var signIn = await Site.NewClient().LoginAsync(userName, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal([role], await Site.RolesAsync(userName));
        var user = await Site.UserAsync(userName);
        Assert.Equal("新同事", user.DisplayName);
        switch (role)
        {
            case AppRoles.CountyAdmin or AppRoles.CommitteeStaff:
                Assert.Equal(scope, user.RegionCode);
                break;
            case AppRoles.StationWorker:
                Assert.Equal(int.Parse(scope, System.Globalization.CultureInfo.InvariantCulture), user.StationId);
                Assert.Equal(ShiziTownship, user.RegionCode);
                break;
            default:
                Assert.Equal(long.Parse(scope, System.Globalization.CultureInfo.InvariantCulture), user.OrganisationId);
                break;
        }
        Assert.Contains($"data-testid=\"account-{userName}\"", await client.GetStringAsync("/Accounts", Ct));
    }

    [Theory]
    [InlineData("county-admin")]
    [InlineData("committee-of-another-stations-village")]
    [InlineData("staff-of-an-organisation-of-another-station")]
    public async Task OpenAccount_WorkerChoosingWhatItMayNotOpen_IsRefusedAndNoAccountIsWritten(string attempt)
    {
        var choice = attempt switch
        {
            "county-admin" => $"{AppRoles.CountyAdmin}:{(await Site.UserAsync("county")).RegionCode}",
            "committee-of-another-stations-village" => $"{AppRoles.CommitteeStaff}:{(await Site.VillagesOfAsync(ShiziTownship))[0].Value}",
            _ => $"{AppRoles.OrganisationStaff}:{await OrganisationOutsideAsync(JianpingTownship)}",
        };
        var client = await Site.SignedInAsync("worker1");
        var userName = NewUserName();
        var before = await UserCountAsync();

        var response = await client.PostFormAsync("/Accounts/Create", "/Accounts", StaffForm(choice, userName));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("请选择您可以开设的角色和所属范围。", NeedHtml.FieldMessage(html, "Form.Choice"));
        Assert.DoesNotContain("data-testid=\"new-password\"", html);
        Assert.Equal(before, await UserCountAsync());
        Assert.Null(await Site.FindUserAsync(userName));
    }

    [Fact]
    public async Task ResetPassword_GivesANewWorkingPasswordAndUnlocksALockedAccount()
    {
        var county = await Site.SignedInAsync("county");
        var userName = NewUserName();
        var station = await StationOfAsync(JianpingTownship);
        var first = await GeneratedPasswordAsync(await county.PostFormAsync("/Accounts/Create", "/Accounts",
            StaffForm($"{AppRoles.StationWorker}:{station.Id}", userName)), userName);
        var locked = Site.NewClient();
        for (var i = 0; i < 5; i++) await locked.LoginAsync(userName, "wrong-password");
        var refused = await locked.LoginAsync(userName, first);
        Assert.Contains("用户名或密码不正确。", await refused.Content.ReadAsStringAsync(Ct)); // as for a wrong password
        Assert.Contains("已锁定", AccountRow(await county.GetStringAsync("/Accounts", Ct), userName));
        var id = (await Site.UserAsync(userName)).Id;

        var response = await county.PostFormAsync($"/Accounts/ResetPassword/{id}", "/Accounts");

        var second = await GeneratedPasswordAsync(response, userName);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Redirect, (await Site.NewClient().LoginAsync(userName, second)).StatusCode);
        Assert.Contains("用户名或密码不正确。", await (await Site.NewClient().LoginAsync(userName, first)).Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain("已锁定", AccountRow(await county.GetStringAsync("/Accounts", Ct), userName));
    }

    [Fact]
    public async Task ResetPassword_OfAnAccountTheCallerDoesNotManage_FindsNothing()
    {
        var worker2 = await Site.UserAsync("worker2");
        var client = await Site.SignedInAsync("worker1"); // workers are managed by the county, not by each other

        var response = await client.PostFormAsync($"/Accounts/ResetPassword/{worker2.Id}", "/Accounts");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(worker2.PasswordHash, (await Site.UserAsync("worker2")).PasswordHash);
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static (string, string)[] ResidentForm(string mobile, string village, string name = "陈桂兰", string password = Password) =>
    [
        ("Form.DisplayName", name), ("Form.Mobile", mobile), ("Form.Village", village),
        ("Form.Password", password), ("Form.ConfirmPassword", password), ("Form.Consent", "true"),
    ];

    private static (string, string)[] VolunteerForm(string name, string mobile, string village, string password) =>
        ResourceForm.Volunteer(name, mobile, village)
            .With("Account.Password", password).With("Account.ConfirmPassword", password).With("Account.Consent", "true").Fields;

    private static (string, string)[] StaffForm(string choice, string userName) =>
        [("Form.Choice", choice), ("Form.UserName", userName), ("Form.DisplayName", "新同事"), ("Form.Mobile", UniqueMobile())];

    private static string NewUserName() => "staff-" + Guid.NewGuid().ToString("N")[..10];

    /// What a registration answers, as its sender sees it: the status, where it sends them, and the message there.
    private async Task<(HttpStatusCode, string?, string)> AnswerAsync(string url, (string, string)[] form)
    {
        var client = Site.NewClient();
        var response = await client.PostFormAsync(url, url, form);
        var location = response.Headers.Location?.OriginalString;
        return (response.StatusCode, location, location is null ? "" : NeedHtml.Flash(await client.GetStringAsync(location, Ct)));
    }

    /// A resident signed up through the page, with <see cref="Password"/>; returns the login name.
    private async Task<string> RegisterResidentAsync()
    {
        var mobile = UniqueMobile();
        var village = (await Site.VillagesOfAsync(JianpingTownship))[2].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await Site.NewClient().PostFormAsync("/Account/Register", "/Account/Register", ResidentForm(mobile, village))).StatusCode);
        return mobile;
    }

    /// An organisation worker1 registers (and so approves) in its township.
    private static async Task<long> RegisterOrganisationAsync(HttpClient worker) =>
        await ResourceHtml.DetailsIdAsync(await worker.PostFormAsync("/Resources/Organisation/Create", "/Resources/Organisation/Create",
            ResourceForm.Organisation(Unique("新登记的社会组织"), ResourceForm.NewCreditCode(), JianpingTownship).Fields), "Organisation");

    private async Task<long> OrganisationOutsideAsync(string township)
    {
        var area = DivisionCode.Parse(township);
        var organisations = await Site.QueryAsync(db => db.Organisations.AsNoTracking().ToListAsync(Ct));
        return organisations.Where(o => !o.HomeRegionCode.IsWithin(area) && o.Status == ApprovalStatus.Active).OrderBy(o => o.Id).First().Id;
    }

    private Task<Station> StationOfAsync(string township)
    {
        var code = DivisionCode.Parse(township);
        return Site.QueryAsync(db => db.Stations.AsNoTracking().SingleAsync(s => s.RegionCode == code, Ct));
    }

    private static async Task<string> GeneratedPasswordAsync(HttpResponseMessage response, string userName)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"status {(int)response.StatusCode}");
        var html = await response.Content.ReadAsStringAsync(Ct);
        var match = NewPassword().Match(html);
        Assert.True(match.Success, $"no generated password shown: {await ResourceHtml.MessagesAsync(response)}");
        Assert.Contains($"账号 {userName} 的初始密码", html);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static string AccountRow(string html, string userName)
    {
        var match = Regex.Match(html, $"data-testid=\"account-{Regex.Escape(userName)}\">(.*?)</form>", RegexOptions.Singleline);
        Assert.True(match.Success, $"{userName} is not listed");
        return match.Groups[1].Value;
    }

    private Task<int> UserCountAsync() => Site.QueryAsync(db => db.Users.CountAsync(Ct));

    private Task<int> VolunteerCountAsync() => Site.QueryAsync(db => db.Volunteers.CountAsync(Ct));
}

public sealed class SqliteAccountFlowTests(SqliteSite fixture) : AccountFlowSuite<SqliteSite>(fixture), IClassFixture<SqliteSite>;

public sealed class PostgresAccountFlowTests(PostgresSite fixture) : AccountFlowSuite<PostgresSite>(fixture), IClassFixture<PostgresSite>;
