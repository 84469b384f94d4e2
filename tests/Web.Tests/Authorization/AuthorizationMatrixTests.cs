using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Imports;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using Match = FiveSocieties.Matching.Matches.Match;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Tests;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Web.Tests.Authorization;

/// Every route of the site and the API, called as every role, with ids from the caller's own area
/// and from another station's. The answer classes: O allowed (2xx, or a redirect that is not to the
/// login or access-denied page), L sent to log in (302 to login, 401), D refused (302 to access
/// denied, 403), M not found (404: a record outside one's scope does not exist), I refused as
/// invalid (400). Columns: anonymous, resident1, committee1, volunteer1, org1, worker1, county, admin.
public sealed partial class AuthorizationMatrixTests(AuthorizationMatrixTests.MatrixSite site) : IClassFixture<AuthorizationMatrixTests.MatrixSite>
{
    private static readonly string[] Roles = ["", "resident1", "committee1", "volunteer1", "org1", "worker1", "county", "admin"];

    private sealed record Case(string Key, string Method, string Url, string Expected, string? Form = null, string? Json = null,
        bool Multipart = false, bool FreshClient = false);

    private static Case Get(string key, string url, string expected) => new(key, "GET", url, expected);
    private static Case Post(string key, string url, string expected, string form = "") => new(key, "POST", url, expected, Form: form);
    private static Case PostJson(string key, string url, string expected, string json) => new(key, "POST", url, expected, Json: json);

    private const string ValidNeed = """{"title":"矩阵测试修改","description":"矩阵测试说明","serviceItemCode":"elderly.meal","groups":["ElderlyLivingAlone"],"quantityAmount":1,"quantityUnit":"People","consentGiven":true,"consentMethod":"VerbalRecordedByStaff","beneficiaryName":"矩阵"}""";

    private static readonly Case[] Matrix =
    [
        // public pages and endpoints
        Get("* Home.Index", "/", "OOOOOOOO"),
        Get("* Home.Status", "/Home/Status/404", "MMMMMMMM"),
        Get("* Home.Error", "/Home/Error", "OOOOOOOO"),
        Get("* Catalogue.Index", "/Catalogue", "OOOOOOOO"),
        Get("* /healthz", "/healthz", "OOOOOOOO"),
        Get("* /healthz/ready", "/healthz/ready", "OOOOOOOO"),
        Get("* /healthz/live", "/healthz/live", "OOOOOOOO"),
        Get("GET /openapi/{documentName}.json", "/openapi/v1.json", "OOOOOOOO"),
        Get("GET CatalogueApi.Get", "/api/v1/catalogue", "OOOOOOOO"),
        Get("GET RegionsApi.Children", "/api/v1/regions/341821100/children", "OOOOOOOO"),
        Get("GET Account.Login", "/Account/Login", "OOOOOOOO"),
        Get("GET Account.Register", "/Account/Register", "OOOOOOOO"),
        Get("GET Account.RegisterVolunteer", "/Account/RegisterVolunteer", "OOOOOOOO"),
        Get("GET Account.AccessDenied", "/Account/AccessDenied", "OOOOOOOO"),
        Post("POST Account.Login", "/Account/Login", "OOOOOOOO", "UserName=nobody-here&Password=wrong-password"),
        Post("POST Account.Register", "/Account/Register", "OOOOOOOO"),
        Post("POST Account.RegisterVolunteer", "/Account/RegisterVolunteer", "OOOOOOOO"),
        new("POST Account.Logout", "POST", "/Account/Logout", "OOOOOOOO", Form: "", FreshClient: true),
        PostJson("POST AuthApi.Login", "/api/v1/auth/login", "LLLLLLLL", """{"userName":"nobody-here","password":"wrong-password"}"""),
        PostJson("POST AuthApi.Refresh", "/api/v1/auth/refresh", "LLLLLLLL", """{"refreshToken":"not-a-token"}"""),
        new("POST AuthApi.Logout", "POST", "/api/v1/auth/logout", "LOOOOOOO", Json: "{}", FreshClient: true),

        // any signed-in account
        Get("GET Account.ChangePassword", "/Account/ChangePassword", "LOOOOOOO"),
        Post("POST Account.ChangePassword", "/Account/ChangePassword", "LOOOOOOO"),

        // needs (需求)
        Get("GET Needs.Index", "/Needs", "LOODDOOO"),
        Get("GET Needs.Create", "/Needs/Create", "LOODDODD"),
        Post("POST Needs.Create", "/Needs/Create", "LOODDODD"),
        Get("GET Needs.Details", "/Needs/Details/{needOwn}", "LOODDOOO"),
        Get("GET Needs.Details", "/Needs/Details/{needOther}", "LMMDDMOO"),
        Get("GET Needs.Edit", "/Needs/Edit/{needOwn}", "LOODDODO"),
        Get("GET Needs.Edit", "/Needs/Edit/{needOther}", "LMMDDMDO"),
        Post("POST Needs.Edit", "/Needs/Edit/{needOwn}", "LOODDODO"),
        Post("POST Needs.Edit", "/Needs/Edit/{needOther}", "LMMDDMDO"),
        Post("POST Needs.Cancel", "/Needs/Cancel/{needOwn}", "LOODDODO"),
        Post("POST Needs.Cancel", "/Needs/Cancel/{needOther}", "LMMDDMDO"),
        Post("POST Needs.RevealContact", "/Needs/RevealContact/{needOwn}", "LMODDOOO"),
        Post("POST Needs.RevealContact", "/Needs/RevealContact/{needOther}", "LMMDDMOO"),
        Get("GET NeedsApi.List", "/api/v1/needs", "LOODDOOO"),
        Get("GET NeedsApi.Get", "/api/v1/needs/{needOwn}", "LOODDOOO"),
        Get("GET NeedsApi.Get", "/api/v1/needs/{needOther}", "LMMDDMOO"),
        PostJson("POST NeedsApi.Post", "/api/v1/needs", "LIIDDIDD", "{}"),
        new("PUT NeedsApi.Put", "PUT", "/api/v1/needs/{needOwn}", "LOODDODO", Json: ValidNeed),
        new("PUT NeedsApi.Put", "PUT", "/api/v1/needs/{needOther}", "LMMDDMDO", Json: ValidNeed),
        Get("GET MatchesApi.Get", "/api/v1/needs/{needOwn}/matches", "LDODDOOO"),
        Get("GET MatchesApi.Get", "/api/v1/needs/{needOther}/matches?top=3", "LDMDDMOO"),
        PostJson("POST MatchesApi.Rerun", "/api/v1/needs/{needOwn}/matches/rerun", "LDDDDODO", "{}"),
        PostJson("POST MatchesApi.Rerun", "/api/v1/needs/{needOther}/matches/rerun", "LDDDDMDO", "{}"),
        Post("POST Needs.Rerun", "/Needs/Rerun/{needOwn}", "LDDDDODO"),
        Post("POST Needs.Rerun", "/Needs/Rerun/{needOther}", "LDDDDMDO"),
        PostJson("POST NeedsApi.Cancel", "/api/v1/needs/{needOwn}/cancel", "LIIDDIDI", "{}"),
        PostJson("POST NeedsApi.Cancel", "/api/v1/needs/{needOther}/cancel", "LIIDDIDI", "{}"),

        // resources (资源)
        Get("GET Resources.Index", "/Resources", "LDOOOOOO"),
        Get("GET ResourcesApi.List", "/api/v1/resources?kind=Volunteer", "LDOOOOOO"),
        Get("GET Resources.Details", "/Resources/Volunteer/{volunteerOwn}", "LDOOMOOO"),
        Get("GET Resources.Details", "/Resources/Volunteer/{volunteerOther}", "LDMMMMOO"),
        Get("GET Resources.Details", "/Resources/Organisation/{organisationOwn}", "LDOMOOOO"),
        Get("GET Resources.Details", "/Resources/Organisation/{organisationOther}", "LDMMMMOO"),
        Get("GET Resources.Details", "/Resources/Fund/{fundOwn}", "LDOMOOOO"),
        Get("GET Resources.Details", "/Resources/Fund/{fundOther}", "LDMMMMOO"),
        Get("GET Resources.Details", "/Resources/MicroGrant/{projectOwn}", "LDOMOOOO"),
        Get("GET Resources.Details", "/Resources/MicroGrant/{projectOther}", "LDMMMMOO"),
        Get("GET Resources.CreateVolunteer", "/Resources/Volunteer/Create", "LDDDDODO"),
        Post("POST Resources.CreateVolunteer", "/Resources/Volunteer/Create", "LDDDDODO"),
        Get("GET Resources.CreateOrganisation", "/Resources/Organisation/Create", "LDDDDOOO"),
        Post("POST Resources.CreateOrganisation", "/Resources/Organisation/Create", "LDDDDOOO"),
        Get("GET Resources.CreateFund", "/Resources/Fund/Create", "LDDDODOO"),
        Post("POST Resources.CreateFund", "/Resources/Fund/Create", "LDDDODOO"),
        Get("GET Resources.CreateMicroGrant", "/Resources/MicroGrant/Create", "LDDDODOO"),
        Post("POST Resources.CreateMicroGrant", "/Resources/MicroGrant/Create", "LDDDODOO"),
        Get("GET Resources.EditVolunteer", "/Resources/Volunteer/{volunteerOwn}/Edit", "LDMOMOMO"),
        Get("GET Resources.EditVolunteer", "/Resources/Volunteer/{volunteerOther}/Edit", "LDMMMMMO"),
        Post("POST Resources.EditVolunteer", "/Resources/Volunteer/{volunteerOwn}/Edit", "LDMOMOMO"),
        Post("POST Resources.EditVolunteer", "/Resources/Volunteer/{volunteerOther}/Edit", "LDMMMMMO"),
        Get("GET Resources.EditOrganisation", "/Resources/Organisation/{organisationOwn}/Edit", "LDMMOOMO"),
        Get("GET Resources.EditOrganisation", "/Resources/Organisation/{organisationOther}/Edit", "LDMMMMMO"),
        Post("POST Resources.EditOrganisation", "/Resources/Organisation/{organisationOwn}/Edit", "LDMMOOMO"),
        Post("POST Resources.EditOrganisation", "/Resources/Organisation/{organisationOther}/Edit", "LDMMMMMO"),
        Get("GET Resources.EditFund", "/Resources/Fund/{fundOwn}/Edit", "LDMMOMOO"),
        Get("GET Resources.EditFund", "/Resources/Fund/{fundOther}/Edit", "LDMMMMOO"),
        Post("POST Resources.EditFund", "/Resources/Fund/{fundOwn}/Edit", "LDMMOMOO"),
        Post("POST Resources.EditFund", "/Resources/Fund/{fundOther}/Edit", "LDMMMMOO"),
        Get("GET Resources.EditMicroGrant", "/Resources/MicroGrant/{projectOwn}/Edit", "LDMMOMOO"),
        Get("GET Resources.EditMicroGrant", "/Resources/MicroGrant/{projectOther}/Edit", "LDMMMMOO"),
        Post("POST Resources.EditMicroGrant", "/Resources/MicroGrant/{projectOwn}/Edit", "LDMMOMOO"),
        Post("POST Resources.EditMicroGrant", "/Resources/MicroGrant/{projectOther}/Edit", "LDMMMMOO"),
        Post("POST Resources.TopUp", "/Resources/Fund/{fundOwn}/TopUp", "LDMMOMOO"),
        Post("POST Resources.TopUp", "/Resources/Fund/{fundOther}/TopUp", "LDMMMMOO"),
        // Approving an active volunteer is refused with a message (in scope) or not found (out of scope).
        Post("POST Resources.Act", "/Resources/Volunteer/{volunteerOwn}/Act", "LDOOMOOO", "action=Approve"),
        Post("POST Resources.Act", "/Resources/Volunteer/{volunteerOther}/Act", "LDMMMMOO", "action=Approve"),
        Post("POST Resources.RevealMobile", "/Resources/Volunteer/{volunteerOwn}/RevealMobile", "LDOMMOOO"),
        Post("POST Resources.RevealMobile", "/Resources/Volunteer/{volunteerOther}/RevealMobile", "LDMMMMOO"),
        Get("* Approvals.Index", "/Approvals", "LDDDDOOO"),

        // county and administration
        Get("* Stations.Index", "/Stations", "LDDDDDOO"),
        Get("GET Privacy.Log", "/Privacy/Log", "LDDDDDOO"),
        Get("GET Accounts.Index", "/Accounts", "LDDDDOOO"),
        Get("GET MatchingIndex.Index", "/MatchingIndex", "LDDDDDDO"),
        Get("GET MatchingIndex.Progress", "/MatchingIndex/Progress", "LDDDDDDO"),
        Post("POST MatchingIndex.Rebuild", "/MatchingIndex/Rebuild", "LDDDDDDO"),
        Post("POST Accounts.Create", "/Accounts/Create", "LDDDDOOO"),
        Post("POST Accounts.ResetPassword", "/Accounts/ResetPassword/{committeeAccount}", "LDDDDOMM"),
        Post("POST Accounts.ResetPassword", "/Accounts/ResetPassword/{otherWorkerAccount}", "LDDDDMOM"),

        // import and export
        Get("GET Imports.Index", "/Imports", "LDODDOOO"),
        Post("POST Imports.Index", "/Imports", "LDODDOOO", "kind=Volunteers"),
        Get("GET Imports.Template", "/Imports/Template?kind=Volunteers", "LDODDOOO"),
        Get("GET Imports.Details", "/Imports/Details/{jobOwn}", "LDMDDOMO"),
        Get("GET Imports.Details", "/Imports/Details/{jobOther}", "LDMDDMMO"),
        Get("GET Imports.Status", "/Imports/Status/{jobOwn}", "LDMDDOMO"),
        Get("GET Imports.Status", "/Imports/Status/{jobOther}", "LDMDDMMO"),
        Get("GET Imports.Errors", "/Imports/Errors/{jobOwn}", "LDMDDOMO"),
        Get("GET Imports.Errors", "/Imports/Errors/{jobOther}", "LDMDDMMO"),
        Post("POST Imports.ImportValidRows", "/Imports/ImportValidRows/{jobOwn}", "LDMDDOMO"),
        Post("POST Imports.ImportValidRows", "/Imports/ImportValidRows/{jobOther}", "LDMDDMMO"),
        Get("GET ImportsApi.Get", "/api/v1/imports/{jobOwn}", "LDMDDOMO"),
        Get("GET ImportsApi.Get", "/api/v1/imports/{jobOther}", "LDMDDMMO"),
        new("POST ImportsApi.Start", "POST", "/api/v1/imports/Volunteers", "LDIDDIII", Multipart: true),
        PostJson("POST ImportsApi.ImportValidRows", "/api/v1/imports/{jobOwn}/import-valid-rows", "LDMDDIMI", ""),
        PostJson("POST ImportsApi.ImportValidRows", "/api/v1/imports/{jobOther}/import-valid-rows", "LDMDDMMI", ""),
        Get("GET Exports.Needs", "/Exports/Needs?format=Csv", "LDODDOOO"),

        // brokering (撮合): the console, every step of a match, the live events
        Get("GET Brokering.Index", "/Brokering", "LDDDDOOO"),
        Get("GET Brokering.Card", "/Brokering/Card/{needOwn}", "LDDDDOOO"),
        Get("GET Brokering.Card", "/Brokering/Card/{needOther}", "LDDDDMOO"),
        Get("GET Offers.Index", "/Offers", "LDDOODDD"),
        Post("POST Brokering.Offer", "/Brokering/Offer", "LOOOMOMO", "ids={matchOwn}"),
        Post("POST Brokering.Offer", "/Brokering/Offer", "LMMMMMMO", "ids={matchOther}"),
        Post("POST Brokering.Accept", "/Brokering/Accept/{matchOwn}", "LOOOMOMO"),
        Post("POST Brokering.Accept", "/Brokering/Accept/{matchOther}", "LMMMMMMO"),
        Post("POST Brokering.Decline", "/Brokering/Decline/{matchOwn}", "LOOOMOMO", "reason=NoTime"),
        Post("POST Brokering.Decline", "/Brokering/Decline/{matchOther}", "LMMMMMMO", "reason=NoTime"),
        Post("POST Brokering.Withdraw", "/Brokering/Withdraw/{matchOwn}", "LOOOMOMO", "reason=矩阵测试"),
        Post("POST Brokering.Withdraw", "/Brokering/Withdraw/{matchOther}", "LMMMMMMO", "reason=矩阵测试"),
        Post("POST Brokering.Record", "/Brokering/Record/{matchOwn}", "LOOOMOMO", "Date=2026-01-01&Hours=1"),
        Post("POST Brokering.Record", "/Brokering/Record/{matchOther}", "LMMMMMMO", "Date=2026-01-01&Hours=1"),
        Post("POST Brokering.Complete", "/Brokering/Complete/{matchOwn}", "LOOOMOMO"),
        Post("POST Brokering.Complete", "/Brokering/Complete/{matchOther}", "LMMMMMMO"),
        Post("POST Brokering.Rate", "/Brokering/Rate/{matchOwn}", "LOOOMOMO", "rating=5"),
        Post("POST Brokering.Rate", "/Brokering/Rate/{matchOther}", "LMMMMMMO", "rating=5"),
        Get("GET EventsApi.Get", "/api/v1/events?after=0", "LOOOOOOO"),
        Get("* /hubs/brokering", "/hubs/brokering", "LIIIIIII"),
        Post("* /hubs/brokering/negotiate", "/hubs/brokering/negotiate?negotiateVersion=1", "LOOOOOOO"),
        Get("GET Exports.Resources", "/Exports/Resources?Kind=Volunteer&format=Csv", "LDODDOOO"),
    ];

    [Fact]
    public void EveryRoute_HasAnEntryInTheMatrix()
    {
        var routes = EndpointKeys.Of(site.Factory.Services);
        var listed = Matrix.Select(c => c.Key).ToHashSet();
        var unlisted = routes.Where(r => !listed.Contains(r)).ToList();
        var stale = listed.Where(l => !routes.Contains(l)).ToList();
        Assert.True(unlisted.Count == 0, "Routes missing from the authorization matrix (add a line per route): " + string.Join(", ", unlisted));
        Assert.True(stale.Count == 0, "Matrix lines for routes that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task EveryRoute_AnswersEveryRoleAsTheMatrixSays()
    {
        var clients = new Dictionary<string, (HttpClient Client, string Token)>();
        foreach (var role in Roles) clients[role] = await ClientAsync(role);

        var wrong = new List<string>();
        foreach (var test in Matrix)
        {
            var expected = test.Expected.Replace(" ", "");
            Assert.Equal(Roles.Length, expected.Length);
            for (var i = 0; i < Roles.Length; i++)
            {
                var (client, token) = test.FreshClient ? await ClientAsync(Roles[i]) : clients[Roles[i]];
                var url = site.Resolve(test.Url);
                using var request = new HttpRequestMessage(new HttpMethod(test.Method), url);
                if (test.Method != "GET")
                {
                    request.Headers.Add("RequestVerificationToken", token);
                    request.Content = test switch
                    {
                        { Json: { } json } => new StringContent(json, Encoding.UTF8, "application/json"),
                        { Multipart: true } => new MultipartFormDataContent { { new StringContent("false"), "validRowsOnly" } },
                        _ => new FormUrlEncodedContent(Fields(site.Resolve(test.Form ?? "")).Append(new("__RequestVerificationToken", token))),
                    };
                }
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                // A sign-out ends every session of the account: the shared client signs in again.
                if (test.FreshClient) clients[Roles[i]] = await ClientAsync(Roles[i]);
                var actual = Classify(response);
                if (actual != expected[i].ToString())
                    wrong.Add($"{test.Method} {test.Url} as {(Roles[i] == "" ? "anonymous" : Roles[i])}: expected {expected[i]}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static string Classify(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.ToString() ?? "";
        return (int)response.StatusCode switch
        {
            401 => "L",
            403 => "D",
            404 => "M",
            400 => "I",
            >= 200 and < 300 => "O",
            >= 300 and < 400 when location.Contains("/Account/Login", StringComparison.Ordinal) => "L",
            >= 300 and < 400 when location.Contains("/Account/AccessDenied", StringComparison.Ordinal) => "D",
            >= 300 and < 400 => "O",
            var other => other.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static IEnumerable<KeyValuePair<string, string>> Fields(string? form) =>
        (form ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(p[0], p.Length > 1 ? p[1] : ""));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// A signed-in client for the account (or an anonymous one) and an antiforgery token for it.
    private async Task<(HttpClient, string)> ClientAsync(string userName)
    {
        var client = site.Factory.NewClient();
        if (userName.Length > 0) await client.LoginOrFailAsync(userName);
        var page = await client.GetStringAsync(userName.Length > 0 ? "/" : "/Account/Login");
        var token = WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(token), $"no antiforgery token for {userName}");
        return (client, token);
    }

    /// Its own database (some matrix calls change data), with records placed so that every role has
    /// an "own" record and an "other" one in another station (十字镇).
    public sealed class MatrixSite() : SiteFixture(TestProvider.Sqlite)
    {
        private readonly Dictionary<string, string> _ids = [];

        public string Resolve(string url) =>
            Regex.Replace(url, "\\{(\\w+)\\}", m => _ids.TryGetValue(m.Groups[1].Value, out var id) ? id : m.Value);

        protected override async ValueTask SeedAsync(IServiceProvider services)
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var db = services.GetRequiredService<FiveSocietiesDbContext>();
            var now = DateTimeOffset.UtcNow;
            var jianping = DivisionCode.Parse("341821100");
            var shizi = DivisionCode.Parse("341821101");
            var worker = (await users.FindByNameAsync("worker1"))!;
            var actor = new ActorRef(worker.Id, worker.DisplayName);

            SocialOrganisation Organisation(string suffix, DivisionCode township) =>
                new(new OrganisationProfile($"矩阵测试组织{suffix}", UnifiedSocialCreditCode.Complete($"52341821MJ99990{suffix}"),
                    OrganisationType.SocialWorkAgency, township, ["elderly"], [township], 10, 2, "测试", MobileNumber.Parse("13900009999")), now);
            var own = Organisation("01", jianping);
            var other = Organisation("02", shizi);
            own.Approve(actor, now);
            other.Approve(actor, now);
            db.Organisations.AddRange(own, other);
            await db.SaveChangesAsync();

            var org1 = (await users.FindByNameAsync("org1"))!;
            org1.OrganisationId = own.Id;
            await users.UpdateAsync(org1);

            CharitableFund Fund(SocialOrganisation manager, DivisionCode township) =>
                new(new FundProfile($"矩阵测试基金{manager.Id}", FundKind.CommunityFund, township, ["elderly"], [], [township],
                    Money.FromYuan(1000), manager.Id), Money.FromYuan(10_000), now);
            MicroGrantProject Project(SocialOrganisation owner, DivisionCode township) =>
                new(new MicroGrantProfile($"矩阵测试项目{owner.Id}", owner.Id, township, ["elderly"], [], [township],
                    ChinaTime.Today(now).AddDays(-10), ChinaTime.Today(now).AddDays(100), Money.FromYuan(10_000)), 10, now);
            var fundOwn = Fund(own, jianping);
            var fundOther = Fund(other, shizi);
            var projectOwn = Project(own, jianping);
            var projectOther = Project(other, shizi);
            db.AddRange(fundOwn, fundOther, projectOwn, projectOther);

            var resident = (await users.FindByNameAsync("resident1"))!;
            var otherVillage = await db.Regions.Where(r => r.ParentCode == shizi).OrderBy(r => r.Code).Select(r => r.Code).FirstAsync();
            Need Posted(ActorRef by, RequesterKind kind, DivisionCode village, ConsentMethod consent) => Need.Post(
                new NeedDetails("矩阵测试需求", "矩阵测试说明", "elderly.meal", [BeneficiaryGroup.ElderlyLivingAlone], Urgency.Normal, village, Quantity.People(1)),
                new Requester(kind, by, by.Name, MobileNumber.Parse("13700007777")), new ConsentRecord("2025-01", consent, now), now);
            var needOwn = Posted(new ActorRef(resident.Id, resident.DisplayName), RequesterKind.Resident, DivisionCode.Parse(resident.RegionCode), ConsentMethod.OnlineCheckbox);
            var needOther = Posted(new ActorRef("matrix-committee-other", "十字镇村委会"), RequesterKind.CommitteeOnBehalf, otherVillage, ConsentMethod.VerbalRecordedByStaff);
            db.Needs.AddRange(needOwn, needOther);
            await db.SaveChangesAsync();
            var volunteer1 = (await users.FindByNameAsync("volunteer1"))!.VolunteerId!.Value;
            var volunteerInShizi = (await db.Volunteers.Select(v => new { v.Id, Code = v.HomeRegionCode }).ToListAsync()).First(v => v.Code.IsWithin(shizi)).Id;
            var matchOwn = Match.Propose(needOwn.Id, new ProviderRef(ResourceKind.Volunteer, volunteer1), 50, [], ActorRef.System, now);
            var matchOther = Match.Propose(needOther.Id, new ProviderRef(ResourceKind.Volunteer, volunteerInShizi), 50, [], ActorRef.System, now);
            db.Matches.AddRange(matchOwn, matchOther);

            var worker2 = (await users.FindByNameAsync("worker2"))!;
            var jobOwn = new ImportJob(Guid.NewGuid(), ImportKind.Volunteers, "own.csv", [], false, worker.Id, worker.DisplayName, AppRoles.StationWorker, worker.RegionCode, worker.StationId, null, now);
            var jobOther = new ImportJob(Guid.NewGuid(), ImportKind.Volunteers, "other.csv", [], false, worker2.Id, worker2.DisplayName, AppRoles.StationWorker, worker2.RegionCode, worker2.StationId, null, now);
            jobOwn.Fail("矩阵测试", now);
            jobOther.Fail("矩阵测试", now);
            db.ImportJobs.AddRange(jobOwn, jobOther);
            await db.SaveChangesAsync();

            // A committee account of worker1's station whose password the matrix may reset.
            var committee = new AppUser { UserName = "matrix-committee", DisplayName = "矩阵测试村委会", RegionCode = resident.RegionCode, CreatedAt = now };
            Assert.True((await users.CreateAsync(committee, "Matrix@12345")).Succeeded);
            await users.AddToRoleAsync(committee, AppRoles.CommitteeStaff);

            var volunteerOther = await db.Volunteers.Select(v => new { v.Id, Code = v.HomeRegionCode }).ToListAsync();
            _ids["needOwn"] = needOwn.Id.ToString(CultureInfo.InvariantCulture);
            _ids["needOther"] = needOther.Id.ToString(CultureInfo.InvariantCulture);
            _ids["volunteerOwn"] = (await users.FindByNameAsync("volunteer1"))!.VolunteerId!.Value.ToString(CultureInfo.InvariantCulture);
            _ids["volunteerOther"] = volunteerOther.First(v => v.Code.IsWithin(shizi)).Id.ToString(CultureInfo.InvariantCulture);
            _ids["organisationOwn"] = own.Id.ToString(CultureInfo.InvariantCulture);
            _ids["organisationOther"] = other.Id.ToString(CultureInfo.InvariantCulture);
            _ids["fundOwn"] = fundOwn.Id.ToString(CultureInfo.InvariantCulture);
            _ids["fundOther"] = fundOther.Id.ToString(CultureInfo.InvariantCulture);
            _ids["projectOwn"] = projectOwn.Id.ToString(CultureInfo.InvariantCulture);
            _ids["projectOther"] = projectOther.Id.ToString(CultureInfo.InvariantCulture);
            _ids["matchOwn"] = matchOwn.Id.ToString(CultureInfo.InvariantCulture);
            _ids["matchOther"] = matchOther.Id.ToString(CultureInfo.InvariantCulture);
            _ids["jobOwn"] = jobOwn.Id.ToString();
            _ids["jobOther"] = jobOther.Id.ToString();
            _ids["committeeAccount"] = committee.Id;
            _ids["otherWorkerAccount"] = worker2.Id;
        }
    }
}
