using FiveSocieties.Infrastructure.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Persistence;

/// The one place that knows which database providers exist. Another provider (MySQL, say)
/// is one more context subclass, one more case here and its own migrations folder.
internal static class DatabaseRegistration
{
    public static void AddFiveSocietiesDatabase(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton<Outbox.OutboxSignal>();
        services.AddSingleton<Outbox.OutboxCommitInterceptor>();
        services.AddDbContext<SqliteDbContext>((sp, o) =>
            o.UseSqlite(SqliteConnectionString(sp), x => x.MigrationsHistoryTable("__EFMigrationsHistory"))
                .AddInterceptors(sp.GetRequiredService<Outbox.OutboxCommitInterceptor>()));
        services.AddDbContext<PostgresDbContext>((sp, o) =>
            o.UseNpgsql(Options(sp).ConnectionString, x => x.MigrationsHistoryTable("__EFMigrationsHistory"))
                .AddInterceptors(sp.GetRequiredService<Outbox.OutboxCommitInterceptor>()));
        services.AddScoped<FiveSocietiesDbContext>(sp => Options(sp).IsPostgreSql
            ? sp.GetRequiredService<PostgresDbContext>()
            : sp.GetRequiredService<SqliteDbContext>());
        services.AddScoped<ITextSearch>(sp => Options(sp).IsPostgreSql
            ? new PostgresTextSearch()
            : new SqliteTextSearch(sp.GetRequiredService<FiveSocietiesDbContext>()));
    }

    public static string SqliteDataDirectory(DatabaseOptions options, IHostEnvironment environment) =>
        Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.DataDirectory));

    private static DatabaseOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;

    private static string SqliteConnectionString(IServiceProvider sp)
    {
        var options = Options(sp);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString)) return options.ConnectionString;
        var path = Path.Combine(SqliteDataDirectory(options, sp.GetRequiredService<IHostEnvironment>()), options.SqliteFileName);
        return new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30, Pooling = true }.ToString();
    }
}
