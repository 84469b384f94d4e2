using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FiveSocieties.Infrastructure.Outbox;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Xunit;

namespace FiveSocieties.Web.Tests.Drills;

/// One answer a drill client received (or the failure to receive one: <see cref="Status"/> 0).
public sealed record Answer(string What, int Status, string? ContentType, string Body, bool RetryAfter, TimeSpan At)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// A need as the drill's checks read it back: the need, its history rows and its submission event.
public sealed record SavedNeed(long Id, string Title, int History, int Submitted)
{
    /// Saved whole: the need with its history (draft, submitted) and its one event.
    public bool IsWhole => History >= 2 && Submitted == 1;
}

/// What the drills share: a small demo county, clients that post and follow as the apps do, and
/// the checks of what the database holds afterwards.
public static class Drill
{
    public const string Category = "Drill";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// A small demo county: the accounts and a few villages, seeded in seconds.
    public static IEnumerable<KeyValuePair<string, string?>> SmallDemo =>
    [
        new("Demo:Enabled", "true"), new("Demo:Villages", "24"), new("Demo:Volunteers", "60"), new("Demo:Organisations", "4"),
        new("Demo:Funds", "2"), new("Demo:MicroGrants", "2"), new("Demo:Needs", "20"),
    ];

    /// Signs <paramref name="client"/> in as the apps do: a bearer token on every request.
    public static async Task<HttpClient> BearerAsync(HttpClient client, string userName)
    {
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = ClientExtensions.DemoPassword }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// A browser-like client signed in through the login form.
    public static async Task<HttpClient> SignedInAsync(Uri site, string userName)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = site,
            Timeout = TimeSpan.FromSeconds(60),
        };
        await client.LoginOrFailAsync(userName);
        return client;
    }

    /// A need as the worker's app posts it after a home visit.
    public static object NeedBody(string title, DivisionCode village) => new
    {
        title,
        description = "独居老人行动不便，需要每天中午有人送饭。",
        serviceItemCode = "elderly.meal",
        groups = new[] { "ElderlyLivingAlone" },
        urgency = "Normal",
        villageCode = village.Value,
        quantityAmount = 1,
        quantityUnit = "People",
        beneficiaryName = "陈阿婆",
        contactMobile = "139 1234 5678",
        consentMethod = "VerbalRecordedByStaff",
        consentGiven = true,
    };

    /// Sends and records the answer; a connection that fails (a node killed) is an answer with status 0.
    public static async Task<Answer> SendAsync(HttpClient client, HttpRequestMessage request, string what, Stopwatch clock)
    {
        try
        {
            using var response = await client.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            return new Answer(what, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body,
                response.Headers.RetryAfter is not null, clock.Elapsed);
        }
        catch (HttpRequestException e)
        {
            return new Answer(what, 0, null, e.Message, false, clock.Elapsed);
        }
    }

    /// A village of worker1's station (建平镇).
    public static async Task<DivisionCode> VillageOfWorker1Async(FiveSocietiesDbContext db)
    {
        var villages = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).Select(r => r.Code).ToListAsync(Ct);
        return villages.Where(v => v.IsWithin(DivisionCode.Parse(Features.SiteData.JianpingTownship))).Order().First();
    }

    /// The needs whose titles start with <paramref name="prefix"/>, as the database holds them.
    public static Task<List<SavedNeed>> NeedsAsync(FiveSocietiesDbContext db, string prefix) =>
        db.Needs.AsNoTracking().Where(n => n.Title.StartsWith(prefix))
            .Select(n => new SavedNeed(n.Id, n.Title, n.History.Count(),
                db.Events.Count(e => e.NeedId == n.Id && e.Type == EventTypes.NeedSubmitted)))
            .ToListAsync(Ct);

    /// Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="within"/>.
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < within, $"{what}: not within {within.TotalSeconds:0} s");
            await Task.Delay(100, Ct);
        }
    }

    /// A figure for the closing note, in the test's output.
    public static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
