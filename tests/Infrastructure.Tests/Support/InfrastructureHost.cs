using FiveSocieties.Infrastructure;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Support;

/// The Infrastructure layer as the app wires it (AddInfrastructure), started the way the app starts:
/// migrations, reference data and, when asked, the demo county.
public sealed class InfrastructureHost : IAsyncDisposable
{
    private readonly IHost _host;

    private InfrastructureHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// A host built and started by the test itself (with extra services).
    public static InfrastructureHost Of(IHost started) => new(started);

    public static async Task<InfrastructureHost> StartAsync(TestDatabase database,
        IEnumerable<KeyValuePair<string, string?>>? settings = null, TimeProvider? clock = null)
    {
        var builder = CreateBuilder(database.Settings.Concat(settings ?? []), clock);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new InfrastructureHost(host);
    }

    /// For start-up failure tests: the builder with the given settings only.
    public static HostApplicationBuilder CreateBuilder(IEnumerable<KeyValuePair<string, string?>> settings, TimeProvider? clock = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            ContentRootPath = Path.GetTempPath(),
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddInfrastructure();
        if (clock is not null) builder.Services.AddSingleton(clock);
        return builder;
    }

    public AsyncServiceScope Scope() => _host.Services.CreateAsyncScope();

    /// Runs <paramref name="work"/> with a fresh context (a new unit of work), as a request would.
    public async Task<T> WithDb<T>(Func<FiveSocietiesDbContext, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>());
    }

    public async Task WithDb(Func<FiveSocietiesDbContext, Task> work)
    {
        await using var scope = Scope();
        await work(scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// One migrated database per provider, shared by a test class.
public abstract class DatabaseFixture(TestProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private InfrastructureHost? _host;

    public TestProvider Provider { get; } = provider;
    public InfrastructureHost Host => _host ?? throw new InvalidOperationException("Not started.");
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];
    protected virtual TimeProvider? Clock => null;

    public async ValueTask InitializeAsync()
    {
        if (!TestDatabase.IsAvailable(Provider)) return; // each test then skips or fails (CI)
        _database = TestDatabase.Create(Provider);
        _host = await InfrastructureHost.StartAsync(_database, Settings, Clock);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

public sealed class SqliteDatabase() : DatabaseFixture(TestProvider.Sqlite);
public sealed class PostgresDatabase() : DatabaseFixture(TestProvider.PostgreSql);
