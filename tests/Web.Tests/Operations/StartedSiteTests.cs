using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FiveSocieties.Infrastructure.Health;
using FiveSocieties.Infrastructure.Matching.Feed;
using FiveSocieties.Tests;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace FiveSocieties.Web.Tests.Operations;

/// Sites started for one test each, in the environment or with the settings the test needs, over
/// an empty database of each provider (no demo county: none of these reads one).
public sealed class StartedSiteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // --- errors in every environment ------------------------------------------------------------

    [Theory]
    [InlineData(TestProvider.Sqlite)]
    [InlineData(TestProvider.PostgreSql)]
    public async Task UnexpectedError_InDevelopment_IsAChineseProblemForTheApi_AndTheChinesePageForPages(TestProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var site = Faulty(database, "Development");
        var api = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "secret-bearer-token-of-the-caller");

        var problem = await api.GetAsync("/api/v1/catalogue", Ct);

        var body = await problem.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("服务器出错", json.GetProperty("title").GetString());
        Assert.Equal("请稍后再试；如果一再出现，请联系管理员。", json.GetProperty("detail").GetString());
        AssertNothingInternal(body);

        var page = await site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/Account/Login", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Contains("系统处理请求时出现问题", html);
        AssertNothingInternal(html);
    }

    [Theory]
    [InlineData(TestProvider.Sqlite)]
    [InlineData(TestProvider.PostgreSql)]
    public async Task DeveloperErrors_InDevelopment_ShowTheDeveloperPageForPages_NeverForTheApi(TestProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var site = Faulty(database, "Development", ("Diagnostics:DeveloperErrors", "true"));
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login") { Headers = { { "Accept", "text/html" } } };
        var page = await client.SendAsync(request, Ct);
        Assert.Contains("injected fault", await page.Content.ReadAsStringAsync(Ct));

        var problem = await client.GetAsync("/api/v1/catalogue", Ct);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        AssertNothingInternal(await problem.Content.ReadAsStringAsync(Ct));
    }

    private static void AssertNothingInternal(string body)
    {
        Assert.DoesNotContain("injected", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain("secret-bearer-token", body);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain(".cs:line", body);
    }

    /// The site in <paramref name="environment"/> with one fault injected into every MVC action but the error pages.
    private static WebApplicationFactory<Program> Faulty(TestDatabase database, string environment, params (string Key, string Value)[] settings) =>
        new SiteFactory(Settings(database, settings)).WithWebHostBuilder(b => b
            .UseEnvironment(environment)
            .ConfigureTestServices(s => s.Configure<MvcOptions>(o => o.Filters.Add(new ThrowingFilter()))));

    private sealed class ThrowingFilter : IActionFilter
    {
        public void OnActionExecuting(ActionExecutingContext context)
        {
            if (context.HttpContext.Request.Path.StartsWithSegments("/Home")) return;
            throw new InvalidOperationException("injected fault");
        }

        public void OnActionExecuted(ActionExecutedContext context) { }
    }

    // --- metrics --------------------------------------------------------------------------------

    [Theory]
    [InlineData(TestProvider.Sqlite)]
    [InlineData(TestProvider.PostgreSql)]
    public async Task RequestAndServiceMetrics_ReachAConfiguredExporter(TestProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        var exported = new List<Metric>();
        await using var site = new SiteFactory(Settings(database)).WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(exported))));

        Assert.Equal(HttpStatusCode.OK, (await site.CreateClient().GetAsync("/api/v1/catalogue", Ct)).StatusCode);
        site.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var duration = Assert.Single(exported, m => m.Name == "http.server.request.duration");
        var routes = new List<string?>();
        foreach (ref readonly var point in duration.GetMetricPoints())
            foreach (var tag in point.Tags)
                if (tag.Key == "http.route") routes.Add(tag.Value as string);
        Assert.Contains("api/v1/catalogue", routes);
        Assert.Contains(exported, m => m.Name == "fivesocieties.outbox.lag");
        Assert.Contains(exported, m => m.Name == "fivesocieties.matching.delayed");
    }

    [Theory]
    [InlineData(TestProvider.Sqlite)]
    [InlineData(TestProvider.PostgreSql)]
    public async Task Prometheus_ReadsMetricsOnItsOwnPort_WhereNothingElseAnswers_AndTheSitesPortHasNoMetrics(TestProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        var metricsPort = FreePort();
        await using var site = new SiteFactory(Settings(database, ("Telemetry:PrometheusPort", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        site.UseKestrel(o =>
        {
            o.Listen(System.Net.IPAddress.Loopback, 0);
            o.Listen(System.Net.IPAddress.Loopback, metricsPort);
        });
        site.StartServer();
        var addresses = site.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        using var http = new HttpClient();
        var sitePort = new Uri(addresses.Single(a => !a.EndsWith($":{metricsPort}", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(sitePort, "/api/v1/catalogue"), Ct)).StatusCode);

        var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics", Ct);

        Assert.Contains("http_server_request_duration_seconds_bucket", metrics);
        Assert.Contains("fivesocieties_outbox_lag", metrics);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{metricsPort}/Account/Login", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(sitePort, "/metrics"), Ct)).StatusCode);
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    // --- health of a shared index ---------------------------------------------------------------

    [Theory]
    [InlineData(TestProvider.Sqlite)]
    [InlineData(TestProvider.PostgreSql)]
    public async Task SharedIndex_WhoseClusterCannotBeReached_IsDegraded_AndTheNodeStaysReady(TestProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var site = new SiteFactory(Settings(database,
            ("Matching:Index", "Elasticsearch"), ("Matching:Elasticsearch:Url", "http://127.0.0.1:9"), // discard port: refused
            ("Matching:Elasticsearch:Retries", "0")));
        site.StartServer();
        var health = site.Services.GetRequiredService<IndexHealth>();
        // The node starts whether or not the cluster answers, and tries to build the index at once.
        for (var until = DateTime.UtcNow.AddSeconds(60); health.IsReachable && DateTime.UtcNow < until;) await Task.Delay(100, Ct);
        var check = ActivatorUtilities.CreateInstance<IndexHealthCheck>(site.Services);

        var result = await check.CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.StartsWith("无法连接 Elasticsearch", result.Description);
        var ready = await site.CreateClient().GetAsync("/healthz/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync(Ct));
    }

    private static IEnumerable<KeyValuePair<string, string?>> Settings(TestDatabase database, params (string Key, string Value)[] settings) =>
        database.Settings.Append(new("Demo:Enabled", "false")).Append(new("Logging:File:Enabled", "false"))
            .Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
}
