using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Persistence;

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";

    /// "Sqlite" (default: a file in <see cref="DataDirectory"/>) or "PostgreSQL"
    /// (with ConnectionStrings:FiveSocieties).
    public string Provider { get; set; } = Sqlite;

    /// Where the SQLite file lives; relative paths are under the app's content root.
    public string DataDirectory { get; set; } = "App_Data";

    public string SqliteFileName { get; set; } = "fivesocieties.db";

    /// Filled from ConnectionStrings:FiveSocieties.
    public string? ConnectionString { get; set; }

    public bool IsSqlite => string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase);
    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!options.IsSqlite && !options.IsPostgreSql)
            return ValidateOptionsResult.Fail(
                $"Database:Provider 的值“{options.Provider}”无效，应为 Sqlite 或 PostgreSQL。");
        if (options.IsPostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
            return ValidateOptionsResult.Fail(
                "使用 PostgreSQL 时必须设置 ConnectionStrings:FiveSocieties（例如 Host=127.0.0.1;Database=fivesocieties;Username=…;Password=…）。");
        if (options.IsSqlite && string.IsNullOrWhiteSpace(options.ConnectionString) && string.IsNullOrWhiteSpace(options.DataDirectory))
            return ValidateOptionsResult.Fail("Database:DataDirectory 不能为空。");
        return ValidateOptionsResult.Success;
    }
}
