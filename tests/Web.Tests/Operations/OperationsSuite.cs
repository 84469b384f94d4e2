using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FiveSocieties.Infrastructure.Health;
using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Tests;
using FiveSocieties.Web.Tests.Features;
using FiveSocieties.Web.Tests.Features.Needs;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Xunit;

namespace FiveSocieties.Web.Tests.Operations;

/// Running in production, over each database on a real Kestrel port: the headers every response
/// carries, the Chinese pages for refused page posts, what the log files hold and never hold, and
/// the health endpoints and checks.
public abstract class OperationsSuite<TFixture>(TFixture fixture) where TFixture : OperationsSite
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;

    // --- security headers ---------------------------------------------------------------------

    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    [InlineData("/no-such-page")]
    [InlineData("/css/site.css")]
    [InlineData("/lib/bootstrap/bootstrap.bundle.min.js")]
    [InlineData("/api/v1/catalogue")]
    [InlineData("/api/v1/needs")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/healthz")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string url)
    {
        var response = await Site.NewClient().GetAsync(url, Ct);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("style-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
        Assert.Contains("geolocation=()", Header(response, "Permissions-Policy"));
    }

    [Theory]
    [InlineData("/Needs")]
    [InlineData("/Brokering")]
    [InlineData("/Exports/Needs?format=Csv")]
    [InlineData("/api/v1/needs")]
    [InlineData("/api/v1/events?after=0")]
    public async Task SignedInPagesApiAnswersAndDownloads_AreNeverStored(string url)
    {
        var client = await Site.SignedInAsync("worker1");

        var response = await client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task StaticFiles_WithAVersion_AreKeptAYear_AndWithoutOneRevalidated()
    {
        var client = Site.NewClient();
        Assert.Equal("public, max-age=31536000, immutable", Header(await client.GetAsync("/css/site.css?v=abc", Ct), "Cache-Control"));
        Assert.Equal("no-cache", Header(await client.GetAsync("/css/site.css", Ct), "Cache-Control"));
    }

    [Fact]
    public async Task Hsts_OverHttpsBehindTheProxy_IsSent_AndTheHubsWebSocketIsAllowedOnThatHost()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "fs.example.cn";
        request.Headers.Add("X-Forwarded-Proto", "https"); // from loopback: a known proxy

        var response = await Site.NewClient().SendAsync(request, Ct);

        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));
        Assert.Contains("connect-src 'self' ws://fs.example.cn wss://fs.example.cn", Header(response, "Content-Security-Policy"));
        Assert.False((await Site.NewClient().GetAsync("/", Ct)).Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    // --- refused page posts ---------------------------------------------------------------------

    [Fact]
    public async Task PagePost_WithoutAnAntiforgeryToken_GetsTheChineseExpiredPage()
    {
        var client = Site.NewClient();
        await client.GetAsync("/Account/Login", Ct); // the antiforgery cookie, as a browser has it

        var response = await client.PostAsync("/Account/Login", Form(("UserName", "worker1"), ("Password", "x")), Ct);

        await AssertStatusPageAsync(response, HttpStatusCode.BadRequest, "页面已过期", "请刷新后重新提交");
    }

    [Fact]
    public async Task PagePost_WithAnAntiforgeryTokenOfAnotherSession_GetsTheChineseExpiredPage()
    {
        var token = await Site.NewClient().FormTokenAsync("/Account/Login");
        var client = Site.NewClient();
        await client.GetAsync("/Account/Login", Ct);

        var response = await client.PostAsync("/Account/Login", Form(("UserName", "worker1"), ("Password", "x"), ("__RequestVerificationToken", token)), Ct);

        await AssertStatusPageAsync(response, HttpStatusCode.BadRequest, "页面已过期", "请刷新后重新提交");
    }

    [Fact]
    public async Task PagePost_WithAFieldOverTheFormLimit_Gets413AndTheChinesePage()
    {
        var client = await Site.SignedInAsync("worker1");
        var token = await client.FormTokenAsync("/Needs/Create");

        var response = await client.PostAsync("/Needs/Create",
            Form(("Input.Title", new string('a', 5 * 1024 * 1024)), ("__RequestVerificationToken", token)), Ct);

        await AssertStatusPageAsync(response, HttpStatusCode.RequestEntityTooLarge, "提交的内容过大", "请删减后重新提交");
    }

    [Fact]
    public async Task PagePost_OverKestrelsBodyLimit_Gets413AndTheChinesePage()
    {
        var client = await Site.SignedInAsync("worker1");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Needs/Create") { Content = new ByteArrayContent(new byte[31 * 1024 * 1024]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.ExpectContinue = true; // the answer comes before the body is sent (a browser reads it early too)

        var response = await client.SendAsync(request, Ct);

        await AssertStatusPageAsync(response, HttpStatusCode.RequestEntityTooLarge, "提交的内容过大", "上传的文件不能超过 10 MB");
    }

    [Fact]
    public async Task ApiPost_OverKestrelsBodyLimit_Is413ProblemDetails_NotAServerError()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = new ByteArrayContent(new byte[31 * 1024 * 1024]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.ExpectContinue = true;

        var response = await Site.NewClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("status").GetInt32());
    }

    private static async Task AssertStatusPageAsync(HttpResponseMessage response, HttpStatusCode status, string title, string advice)
    {
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"data-testid=\"status-title\">{title}</h1>", html);
        Assert.Contains(advice, html);
    }

    // --- logs -----------------------------------------------------------------------------------

    [Fact]
    public async Task LogFiles_HoldTheUserRouteAndOutcome_ButNoPasswordTokenOrFullNumber()
    {
        var resident = await Site.UserAsync("resident1");
        var mobile = SiteData.UniqueMobile();
        const string idNumber = "34182119800101123X";
        var client = await Site.SignedInAsync("resident1");
        var posted = await client.PostFormAsync("/Needs/Create", "/Needs/Create", NeedForm.Valid(NeedForm.UniqueTitle("日志测试"))
            .Set("BeneficiaryName", resident.DisplayName).Set("ContactMobile", mobile).Fields);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        // Numbers typed into a search box travel in the query string, which ASP.NET Core's own request line logs.
        await client.GetAsync($"/Needs?q={mobile}&id={idNumber}", Ct);

        var api = Site.NewClient();
        var login = await api.PostAsJsonAsync("/api/v1/auth/login", new { userName = "worker1", password = ClientExtensions.DemoPassword }, Ct);
        var tokens = JsonDocument.Parse(await login.Content.ReadAsStringAsync(Ct)).RootElement;
        var accessToken = tokens.GetProperty("accessToken").GetString()!;
        var refreshToken = tokens.GetProperty("refreshToken").GetString()!;
        await using (var hub = BrokeringClient.Create(new Uri(Site.ServerAddress, "/hubs/brokering"), accessToken))
            await hub.StartAsync(Ct); // the token rides in the WebSocket's query string
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/needs", Ct)).StatusCode);
        var worker = await Site.UserAsync("worker1");

        var log = await fixture.LogTextAsync();

        Assert.DoesNotContain(ClientExtensions.DemoPassword, log);
        Assert.DoesNotContain(accessToken, log);
        Assert.DoesNotContain(accessToken[..24], log);
        Assert.DoesNotContain(refreshToken[..24], log);
        Assert.DoesNotContain(mobile, log);
        Assert.DoesNotContain(idNumber, log);
        Assert.Contains("access_token=***", log); // the hub's request line was there, masked
        Assert.Contains(mobile[..3] + "****" + mobile[7..], log);
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var requests = lines.Where(l => l.TryGetProperty("Route", out _)).ToList();
        Assert.Contains(requests, r => Is(r, "Route", "Needs.Create") && Is(r, "RequestMethod", "POST") && r.GetProperty("StatusCode").GetInt32() == 302
                                       && Is(r, "UserId", resident.Id) && r.GetProperty("Roles").EnumerateArray().Any(x => x.GetString() == "Resident")
                                       && r.GetProperty("Elapsed").GetDouble() > 0);
        Assert.Contains(requests, r => Is(r, "Route", "NeedsApi.List") && Is(r, "UserId", worker.Id) && r.GetProperty("StatusCode").GetInt32() == 200);
        Assert.Contains(requests, r => Is(r, "Route", "/hubs/brokering") && Is(r, "UserId", worker.Id));
    }

    private static bool Is(JsonElement line, string property, string expected) =>
        line.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() == expected;

    // --- health ---------------------------------------------------------------------------------

    [Fact]
    public async Task Health_AnonymousCallersGetTheStatusWordOnly_AnAdministratorEachCheck()
    {
        var anonymous = await Site.NewClient().GetAsync("/healthz/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal("Healthy", await anonymous.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Healthy", await (await Site.SignedInAsync("worker1")).GetStringAsync("/healthz", Ct));
        Assert.Equal("Healthy", await Site.NewClient().GetStringAsync("/healthz/live", Ct));

        var admin = await (await Site.SignedInAsync("admin")).GetAsync("/healthz/ready", Ct);

        Assert.Equal("application/json", admin.Content.Headers.ContentType?.MediaType);
        var report = JsonDocument.Parse(await admin.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks");
        Assert.Equal(["database", "index", "outbox"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        Assert.Equal("内置索引已建立。", checks.GetProperty("index").GetProperty("description").GetString());
    }

    [Fact]
    public async Task OutboxLag_IsHealthyWithinItsThresholds_DegradedPastTheFirst_UnhealthyPastTheSecond()
    {
        var client = await Site.SignedInAsync("resident1");
        var resident = await Site.UserAsync("resident1");
        await client.PostFormAsync("/Needs/Create", "/Needs/Create",
            NeedForm.Valid(NeedForm.UniqueTitle("分发测试")).Set("BeneficiaryName", resident.DisplayName).Fields);
        var last = await Site.QueryAsync(db => db.Events.OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.At }).FirstAsync(Ct));
        var options = Site.Services.GetRequiredService<IOptions<HealthOptions>>();
        var clock = new TestClock(last.At);

        async Task<HealthStatus> LagAsync(long relayedUpTo, TimeSpan after)
        {
            clock.Set(last.At + after);
            var check = new OutboxLagHealthCheck(() => relayedUpTo, Site.Services.GetRequiredService<IServiceScopeFactory>(), options, clock);
            return (await check.CheckHealthAsync(new HealthCheckContext(), Ct)).Status;
        }

        Assert.Equal(HealthStatus.Healthy, await LagAsync(last.Seq, TimeSpan.FromHours(1))); // nothing owed
        Assert.Equal(HealthStatus.Healthy, await LagAsync(-1, TimeSpan.FromHours(1)));       // the dispatcher's first look is still to come
        Assert.Equal(HealthStatus.Healthy, await LagAsync(last.Seq - 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(HealthStatus.Degraded, await LagAsync(last.Seq - 1, options.Value.OutboxDegradedAfter + TimeSpan.FromSeconds(1)));
        Assert.Equal(HealthStatus.Unhealthy, await LagAsync(last.Seq - 1, options.Value.OutboxUnhealthyAfter + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task EmbeddedIndex_IsHealthyOnceBuilt_AndUnhealthyBefore()
    {
        var services = Site.Services;
        var running = ActivatorUtilities.CreateInstance<IndexHealthCheck>(services);
        var notBuilt = ActivatorUtilities.CreateInstance<IndexHealthCheck>(services, ActivatorUtilities.CreateInstance<CandidateIndexHost>(services));

        Assert.Equal(HealthStatus.Healthy, (await running.CheckHealthAsync(new HealthCheckContext(), Ct)).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await notBuilt.CheckHealthAsync(new HealthCheckContext(), Ct)).Status);
    }

    // --- the service's own metrics ---------------------------------------------------------------

    [Fact]
    public async Task ServiceMetrics_CountNeedsAndMatchesByStatus_AsTheDatabaseHoldsThem()
    {
        var meters = Site.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var seen = new Dictionary<string, Dictionary<string, int>>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DomainMeters.MeterName && ReferenceEquals(instrument.Meter.Scope, meters)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            var status = tags.ToArray().FirstOrDefault(t => t.Key == "status").Value as string ?? "";
            (seen.TryGetValue(instrument.Name, out var byStatus) ? byStatus : seen[instrument.Name] = [])[status] = value;
        });
        listener.Start();

        listener.RecordObservableInstruments();

        var needs = await Site.QueryAsync(db => db.Needs.GroupBy(n => n.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Ct));
        var matches = await Site.QueryAsync(db => db.Matches.CountAsync(Ct));
        Assert.Equal(needs.ToDictionary(n => n.Key.ToString(), n => n.Count), seen["fivesocieties.needs"]);
        Assert.Equal(matches, seen["fivesocieties.matches"].Values.Sum());
        Assert.Equal(0, seen["fivesocieties.matching.delayed"][""]);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} is missing on {response.RequestMessage?.RequestUri} ({(int)response.StatusCode})");

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
}

public sealed class SqliteOperationsTests(SqliteOperationsSite site) : OperationsSuite<SqliteOperationsSite>(site), IClassFixture<SqliteOperationsSite>;
public sealed class PostgresOperationsTests(PostgresOperationsSite site) : OperationsSuite<PostgresOperationsSite>(site), IClassFixture<PostgresOperationsSite>;
