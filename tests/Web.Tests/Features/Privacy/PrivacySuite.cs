using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FiveSocieties.Matching.People;
using FiveSocieties.Web.Tests.Features.Needs;
using FiveSocieties.Web.Tests.Features.Resources;
using FiveSocieties.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static FiveSocieties.Web.Tests.Features.SiteData;

namespace FiveSocieties.Web.Tests.Features.Privacy;

/// The personal-data access log (PIPL): every full view of a masked number is listed for the
/// county with who looked, at whose number and why; nobody else opens the log — over each database.
public abstract class PrivacySuite<TFixture>(TFixture fixture) where TFixture : SiteFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;

    [Fact]
    public async Task Log_RevealsByAWorker_AppearOnTheCountysLogWithViewerSubjectAndReason()
    {
        var worker = await Site.UserAsync("worker1");
        var village = (await Site.VillagesOfAsync(JianpingTownship))[0].Value;
        var client = await Site.SignedInAsync("worker1");
        var volunteerName = Unique("周志愿");
        var volunteer = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Volunteer/Create", "/Resources/Volunteer/Create",
            ResourceForm.Volunteer(volunteerName, UniqueMobile(), village).Fields), "Volunteer");
        var beneficiary = Unique("吴阿婆");
        var need = NeedHtml.DetailsId(await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            NeedForm.Valid(NeedForm.UniqueTitle("需要电话联系的需求")).Set("VillageCode", village).Set("BeneficiaryName", beneficiary)
                .Set("ContactMobile", UniqueMobile()).Set("ConsentMethod", "VerbalRecordedByStaff").Fields));
        const string volunteerReason = "联系志愿者确认服务时间";
        const string needReason = "上门服务前核实信息";

        Assert.Equal(HttpStatusCode.OK, (await client.PostFormAsync($"/Resources/Volunteer/{volunteer}/RevealMobile",
            $"/Resources/Volunteer/{volunteer}", ("reason", volunteerReason))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostFormAsync($"/Needs/RevealContact/{need}",
            $"/Needs/Details/{need}", ("reason", needReason))).StatusCode);

        var log = await (await Site.SignedInAsync("county")).GetStringAsync("/Privacy/Log", Ct);
        var volunteerRow = await LogRowAsync(PersonalDataSubject.Volunteer, volunteer);
        var volunteerEntry = Entry(log, volunteerRow.Id);
        Assert.Contains($"{worker.DisplayName}（社工站社工）查看了 {volunteerName} 的手机号", volunteerEntry);
        Assert.Contains($"原因：{volunteerReason}", volunteerEntry);
        Assert.Contains($"志愿者 #{volunteer}", volunteerEntry);
        var needRow = await LogRowAsync(PersonalDataSubject.Need, need);
        var needEntry = Entry(log, needRow.Id);
        Assert.Contains($"{worker.DisplayName}（社工站社工）查看了 {beneficiary} 的手机号", needEntry);
        Assert.Contains($"原因：{needReason}", needEntry);
        Assert.Contains($"需求 #{need}", needEntry);
        Assert.True(log.IndexOf($"access-{needRow.Id}\"", StringComparison.Ordinal) < log.IndexOf($"access-{volunteerRow.Id}\"", StringComparison.Ordinal),
            "newest first");
    }

    [Fact]
    public async Task Log_FilteredByViewer_ShowsOnlyThatPersonsViews()
    {
        var worker2 = await Site.UserAsync("worker2");
        var village = (await Site.VillagesOfAsync(ShiziTownship))[0].Value;
        var client = await Site.SignedInAsync("worker2");
        var volunteer = await ResourceHtml.DetailsIdAsync(await client.PostFormAsync("/Resources/Volunteer/Create", "/Resources/Volunteer/Create",
            ResourceForm.Volunteer(Unique("郑志愿"), UniqueMobile(), village).Fields), "Volunteer");
        await client.PostFormAsync($"/Resources/Volunteer/{volunteer}/RevealMobile", $"/Resources/Volunteer/{volunteer}", ("reason", "核对登记信息"));
        var worker1 = await Site.SignedInAsync("worker1");
        var other = await ResourceHtml.DetailsIdAsync(await worker1.PostFormAsync("/Resources/Volunteer/Create", "/Resources/Volunteer/Create",
            ResourceForm.Volunteer(Unique("冯志愿"), UniqueMobile(), (await Site.VillagesOfAsync(JianpingTownship))[0].Value).Fields), "Volunteer");
        await worker1.PostFormAsync($"/Resources/Volunteer/{other}/RevealMobile", $"/Resources/Volunteer/{other}", ("reason", "核对登记信息"));

        var log = await (await Site.SignedInAsync("county")).GetStringAsync($"/Privacy/Log?viewer={Uri.EscapeDataString(worker2.DisplayName)}", Ct);

        var shown = Regex.Matches(log, "data-testid=\"access-(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
        var expected = (await Site.QueryAsync(db => db.PersonalDataAccessLog.AsNoTracking().Where(a => a.ViewerName.Contains(worker2.DisplayName)).ToListAsync(Ct)))
            .Select(a => a.Id).ToHashSet();
        Assert.Contains((await LogRowAsync(PersonalDataSubject.Volunteer, volunteer)).Id, shown);
        Assert.DoesNotContain((await LogRowAsync(PersonalDataSubject.Volunteer, other)).Id, shown);
        Assert.True(expected.SetEquals(shown));
    }

    [Theory]
    [InlineData("worker1")]
    [InlineData("resident1")]
    [InlineData("committee1")]
    [InlineData("org1")]
    public async Task Log_AnyoneButCountyAndAdministrator_IsSentToAccessDenied(string userName)
    {
        var client = await Site.SignedInAsync(userName);

        var response = await client.GetAsync("/Privacy/Log", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/AccessDenied", response.Headers.Location?.ToString());
    }

    [Theory]
    [InlineData("county")]
    [InlineData("admin")]
    public async Task Log_CountyAndAdministrator_OpenIt(string userName)
    {
        var client = await Site.SignedInAsync(userName);

        var response = await client.GetAsync("/Privacy/Log", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("信息查看记录", await response.Content.ReadAsStringAsync(Ct));
    }

    // --- helpers ------------------------------------------------------------------------------------

    private async Task<PersonalDataAccess> LogRowAsync(PersonalDataSubject subject, long id)
    {
        var subjectId = id.ToString(CultureInfo.InvariantCulture);
        var rows = await Site.QueryAsync(db => db.PersonalDataAccessLog.AsNoTracking()
            .Where(a => a.Subject == subject && a.SubjectId == subjectId).ToListAsync(Ct));
        return Assert.Single(rows);
    }

    /// One entry of the log page as text: from its marker to the next entry.
    private static string Entry(string html, long id)
    {
        var marker = $"data-testid=\"access-{id}\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"log row {id} is not on the page");
        var end = html.IndexOf("data-testid=\"access-", start + marker.Length, StringComparison.Ordinal);
        var text = Regex.Replace(html[start..(end < 0 ? html.Length : end)], "<[^>]+>", "");
        return Regex.Replace(WebUtility.HtmlDecode(text), "\\s+", " ");
    }
}

public sealed class SqlitePrivacyTests(SqliteSite fixture) : PrivacySuite<SqliteSite>(fixture), IClassFixture<SqliteSite>;

public sealed class PostgresPrivacyTests(PostgresSite fixture) : PrivacySuite<PostgresSite>(fixture), IClassFixture<PostgresSite>;
