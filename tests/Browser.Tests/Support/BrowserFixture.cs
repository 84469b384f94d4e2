using FiveSocieties.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace FiveSocieties.Browser.Tests.Support;

/// The site on a real Kestrel port over SQLite with the demo county, and one headless Chromium.
/// Without Chromium the tests skip locally and fail under CI=true (./test.sh installs it).
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private TestDatabase? _database;
    private KestrelSite? _site;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => _site?.Services ?? throw new InvalidOperationException("Not started.");

    public static string ArtefactDirectory { get; } =
        Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public IBrowser Browser
    {
        get
        {
            RequireChromium();
            return _browser ?? throw new InvalidOperationException("Not started.");
        }
    }

    /// Fills "{need}", "{volunteer}", "{organisation}" in with records the user may open.
    public async Task<string> ResolveAsync(string path, string? userName)
    {
        if (!path.Contains('{')) return path;
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocieties.Infrastructure.Persistence.FiveSocietiesDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<FiveSocieties.Infrastructure.Identity.AppUser>>();
        var user = await users.FindByNameAsync(userName ?? "admin");
        var village = FiveSocieties.Matching.Regions.DivisionCode.Parse(user!.RegionCode ?? "341821100000");
        var township = village.AtLevel(FiveSocieties.Matching.Regions.RegionLevel.Township);
        var needs = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Needs.Select(n => new { n.Id, n.VillageCode, n.Status, n.Requester.PostedById }));
        // The user's own need if any (a resident); else an editable one of the user's township.
        var need = needs.FirstOrDefault(n => n.PostedById == user.Id)
                   ?? needs.First(n => n.Status == FiveSocieties.Matching.Needs.NeedStatus.Submitted && n.VillageCode.IsWithin(township));
        return path.Replace("{need}", need.Id.ToString())
            .Replace("{volunteer}", user.VolunteerId?.ToString() ?? "0")
            .Replace("{organisation}", user.OrganisationId?.ToString() ?? "0");
    }

    public static void RequireChromium()
    {
        if (File.Exists(ChromiumPath)) return;
        const string message = "Chromium is not installed at /usr/bin/chromium: run ./test.sh, which installs it.";
        if (TestDatabase.RunningUnderCi) throw new InvalidOperationException(message + " (CI=true: browser tests must run.)");
        Assert.Skip(message);
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) return;
        Directory.CreateDirectory(ArtefactDirectory);
        _database = TestDatabase.Create(TestProvider.Sqlite);
        _site = new KestrelSite([.. _database.Settings, new("Demo:Enabled", "true"), .. TestSiteSettings.All]);
        _site.UseKestrel(0);
        _site.StartServer();
        BaseUrl = _site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().Replace("[::]", "127.0.0.1").TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-quic"],
        });
    }

    /// A fresh browser profile (own cookies), at a phone's width unless told otherwise.
    public async Task<IPage> NewPageAsync(int width = 375, int height = 740)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public static async Task LoginAsync(IPage page, string userName, string password = "Demo@12345")
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("用户名或手机号").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtefactDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_site is not null) await _site.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    private sealed class KestrelSite(IEnumerable<KeyValuePair<string, string?>> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
