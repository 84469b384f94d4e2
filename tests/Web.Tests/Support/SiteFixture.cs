using FiveSocieties.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
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
        _factory = new SiteFactory(_database.Settings.Append(new("Demo:Enabled", "true")));
        _factory.StartServer(); // runs migrations and seeds the demo before the first request
        await using var scope = _factory.Services.CreateAsyncScope();
        await SeedAsync(scope.ServiceProvider);
    }

    /// Extra records a suite needs besides the demo county.
    protected virtual ValueTask SeedAsync(IServiceProvider services) => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

public sealed class SqliteSite() : SiteFixture(TestProvider.Sqlite);
public sealed class PostgresSite() : SiteFixture(TestProvider.PostgreSql);

public sealed class SiteFactory(IEnumerable<KeyValuePair<string, string?>> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
}
