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
        AddMatching(services, builder.Configuration);
        services.AddSingleton<Regions.RegionDirectory>();
        services.AddOptions<Outbox.OutboxOptions>().BindConfiguration(Outbox.OutboxOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Outbox.OutboxOptions>, Outbox.OutboxOptionsValidator>();
        services.AddOptions<Files.ImportLimits>().BindConfiguration(Files.ImportLimits.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Files.ImportLimits>, Files.ImportLimitsValidator>();
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

    /// The matching engine: weights and sizes from "Matching" (validated at start), the candidate
    /// index Matching:Index names (the embedded one unless it says Elasticsearch) built after the
    /// database is prepared, and the service that runs matching. The one place the index is chosen.
    private static void AddMatching(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Matching.MatchingOptions>().BindConfiguration(Matching.MatchingOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Matching.MatchingOptions>, Matching.MatchingOptionsValidator>();
        // Only the one key is read here (the rest is bound and checked at start, with a message naming what is wrong).
        var shared = Matching.MatchingOptions.IsElasticsearch(configuration[$"{Matching.MatchingOptions.Section}:Index"]);
        services.AddSingleton(new Matching.Feed.IndexFeed(enabled: shared));
        if (shared) services.AddElasticsearchCandidateIndex();
        else
            services.AddSingleton<FiveSocieties.Matching.Engine.ICandidateIndex>(sp =>
                new FiveSocieties.Matching.Engine.Embedded.EmbeddedCandidateIndex(Weights(sp)));
        services.AddSingleton<Matching.Feed.IndexHealth>();
        services.AddSingleton<Matching.CandidateIndexHost>();
        services.AddHostedService(sp => sp.GetRequiredService<Matching.CandidateIndexHost>());
        services.AddScoped<Matching.ProfileSource>();
        services.AddScoped<Matching.MatchingService>();
        services.AddSingleton<Matching.IndexAdministration>();
        services.AddSingleton<Matching.Feed.DelayedMatchingRetry>();
        services.AddHostedService(sp => sp.GetRequiredService<Matching.Feed.DelayedMatchingRetry>());
    }

    private static FiveSocieties.Matching.Engine.MatchingWeights Weights(IServiceProvider sp) =>
        sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Matching.MatchingOptions>>().Value.Weights;

    /// The Elasticsearch adapter as the candidate index: options from Matching:Elasticsearch
    /// (validated at start), an HttpClient from the factory with the cluster's credentials and
    /// certificate authority (the client picks the node of each request), and the product check at start.
    public static IServiceCollection AddElasticsearchCandidateIndex(this IServiceCollection services)
    {
        services.AddOptions<Matching.MatchingOptions>().BindConfiguration(Matching.MatchingOptions.Section); // the ranking weights
        services.AddOptions<Matching.Elasticsearch.ElasticsearchOptions>().BindConfiguration(Matching.Elasticsearch.ElasticsearchOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Matching.Elasticsearch.ElasticsearchOptions>, Matching.Elasticsearch.ElasticsearchOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(Matching.Elasticsearch.ElasticsearchClient.Name, (sp, http) =>
            {
                var o = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Matching.Elasticsearch.ElasticsearchOptions>>().Value;
                http.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline times each attempt
                http.DefaultRequestHeaders.Authorization = Matching.Elasticsearch.ElasticsearchConnection.Authorization(o);
            })
            .ConfigurePrimaryHttpMessageHandler(sp => Matching.Elasticsearch.ElasticsearchConnection.Handler(
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Matching.Elasticsearch.ElasticsearchOptions>>().Value));
        services.AddSingleton<Matching.Elasticsearch.ElasticsearchClient>();
        services.AddSingleton<Matching.Elasticsearch.ElasticsearchStartCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<Matching.Elasticsearch.ElasticsearchStartCheck>());
        services.AddSingleton<Matching.Elasticsearch.ElasticsearchCandidateIndex>(sp => new(
            sp.GetRequiredService<Matching.Elasticsearch.ElasticsearchClient>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Matching.Elasticsearch.ElasticsearchOptions>>(), Weights(sp)));
        services.AddSingleton<FiveSocieties.Matching.Engine.ICandidateIndex>(sp => sp.GetRequiredService<Matching.Elasticsearch.ElasticsearchCandidateIndex>());
        // Kept current through the index feed; the host's own clean-up never deletes changes not relayed yet.
        services.AddSingleton<Matching.Feed.IndexFeedRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<Matching.Feed.IndexFeedRelay>());
        return services;
    }

    /// Migrations, reference data and (when enabled) the demo, as at start-up: for commands that
    /// use the database without starting the web server.
    public static Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.GetRequiredService<DatabaseInitializer>().StartAsync(ct);
}
