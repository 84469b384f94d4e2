using FiveSocieties.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Web.Tests.Support;

/// The whole site over a real database seeded with the full demo county, once per provider.
public abstract class SiteFixture(TestProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private SiteFactory? _factory;

    public TestProvider Provider { get; } = provider;

    public SiteFactory Factory
    {
        get
        {
            TestDatabase.RequireAvailable(Provider);
            return _factory ?? throw new InvalidOperationException("Not started.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (!TestDatabase.IsAvailable(Provider)) return;
        _database = TestDatabase.Create(Provider);
        _factory = new SiteFactory(_database.Settings.Concat(Settings), ConfigureServices);
        if (OnKestrel) _factory.UseKestrel(0);
        _factory.StartServer();
        _factory.OnKestrel = OnKestrel; // runs migrations and seeds the demo before the first request
        await using var scope = _factory.Services.CreateAsyncScope();
        await SeedAsync(scope.ServiceProvider);
    }

    /// The site's settings besides the database: the demo county and <see cref="TestSiteSettings"/>
    /// (a suite adds its own to these: a smaller demo county, log files …).
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [new("Demo:Enabled", "true"), .. TestSiteSettings.All];

    /// A small demo county: enough for the accounts and a few records of each kind.
    public static IEnumerable<KeyValuePair<string, string?>> SmallDemo =>
    [
        new("Demo:Villages", "10"), new("Demo:Volunteers", "20"), new("Demo:Organisations", "4"),
        new("Demo:Funds", "2"), new("Demo:MicroGrants", "2"), new("Demo:Needs", "20"),
    ];

    /// Services a suite replaces or adds (after the site's own).
    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// On a real Kestrel port (WebSocket clients, <see cref="SiteFactory.ServerAddress"/>) instead of the in-memory test server.
    protected virtual bool OnKestrel => false;

    /// Extra records a suite needs besides the demo county.
    protected virtual ValueTask SeedAsync(IServiceProvider services) => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        try
        {
            if (_factory is not null) await _factory.DisposeAsync();
            if (_database is not null) await _database.DisposeAsync();
        }
        catch (Exception e)
        {
            // xunit reports a fixture's clean-up failure by type only and drops the fixture's console output:
            // the cause goes to a file that ./test.sh prints after the run, then the failure stands.
            var log = Path.Combine(Path.GetTempPath(), "fivesocieties-tests", "cleanup-failures.log");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            await File.AppendAllTextAsync(log, $"{DateTimeOffset.Now:O} {GetType().Name} ({Provider}) clean-up failed: {e}{Environment.NewLine}");
            throw;
        }
    }
}

public sealed class SqliteSite() : SiteFixture(TestProvider.Sqlite);
public sealed class PostgresSite() : SiteFixture(TestProvider.PostgreSql);

public sealed class SiteFactory(IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }

    /// Where a site started on Kestrel listens, e.g. http://127.0.0.1:41234.
    public Uri ServerAddress => new(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1"));

    /// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
    public HttpClient NewClient() => OnKestrel
        ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = ServerAddress }
        : CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// Started on a real port (see <see cref="SiteFixture"/>): clients go through the network.
    public bool OnKestrel { get; set; }
}
