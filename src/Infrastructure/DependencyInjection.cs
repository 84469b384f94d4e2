using FiveSocieties.Infrastructure.Demo;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Startup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FiveSocieties.Infrastructure;

public static class DependencyInjection
{
    /// Database (provider from configuration), account store, clock, and start-up preparation.
    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((o, config) =>
                o.ConnectionString = string.IsNullOrWhiteSpace(o.ConnectionString)
                    ? config.GetConnectionString("FiveSocieties")
                    : o.ConnectionString)
            .ValidateOnStart();
        services.AddOptions<DemoOptions>()
            .BindConfiguration(DemoOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddFiveSocietiesDatabase();
        // First of all hosted services: the schema must exist before anything reads it at start
        // (the data-protection key ring is read from the database by its own hosted service).
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        services.AddIdentityCore<AppUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FiveSocietiesDbContext>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddDataProtection().SetApplicationName("FiveSocieties");
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(sp =>
            new Microsoft.Extensions.Options.ConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(
                o => o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));
        services.AddScoped<DemoCountySeeder>();
        AddMatching(services);
        services.AddSingleton<Regions.RegionDirectory>();
        services.AddOptions<Outbox.OutboxOptions>().BindConfiguration(Outbox.OutboxOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Outbox.OutboxOptions>, Outbox.OutboxOptionsValidator>();
        return builder;
    }

    /// Delivery of committed events to this node's clients through <typeparamref name="TSink"/>:
    /// the dispatcher, and on PostgreSQL the listener that hears other nodes' commits.
    public static IServiceCollection AddEventDispatch<TSink>(this IServiceCollection services) where TSink : class, Outbox.IEventSink
    {
        services.TryAddSingleton<TSink>();
        services.AddSingleton<Outbox.IEventSink>(sp => sp.GetRequiredService<TSink>());
        services.AddSingleton<Outbox.OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Outbox.OutboxDispatcher>());
        services.AddSingleton<Outbox.PostgresEventListener>();
        services.AddHostedService(sp => sp.GetRequiredService<Outbox.PostgresEventListener>());
        return services;
    }

    /// The matching engine: weights and sizes from "Matching" (validated at start), the embedded
    /// candidate index built after the database is prepared, and the service that runs matching.
    private static void AddMatching(IServiceCollection services)
    {
        services.AddOptions<Matching.MatchingOptions>().BindConfiguration(Matching.MatchingOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Matching.MatchingOptions>, Matching.MatchingOptionsValidator>();
        services.AddSingleton<FiveSocieties.Matching.Engine.ICandidateIndex>(sp =>
            new FiveSocieties.Matching.Engine.Embedded.EmbeddedCandidateIndex(
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Matching.MatchingOptions>>().Value.Weights));
        services.AddSingleton<Matching.CandidateIndexHost>();
        services.AddHostedService(sp => sp.GetRequiredService<Matching.CandidateIndexHost>());
        services.AddScoped<Matching.ProfileSource>();
        services.AddScoped<Matching.MatchingService>();
    }

    /// Migrations, reference data and (when enabled) the demo, as at start-up: for commands that
    /// use the database without starting the web server.
    public static Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.GetRequiredService<DatabaseInitializer>().StartAsync(ct);
}
