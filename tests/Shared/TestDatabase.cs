using Npgsql;
using Xunit;

namespace FiveSocieties.Tests;

public enum TestProvider
{
    Sqlite,
    PostgreSql,
}

/// A fresh, empty database for one test class: a temporary SQLite file, or a new database on the
/// PostgreSQL server that ./test.sh started (FIVESOCIETIES_TEST_POSTGRES). Without that server the
/// PostgreSQL tests skip locally and fail under CI=true, so CI never passes without really running them.
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "FIVESOCIETIES_TEST_POSTGRES";
    private readonly string? _sqliteDirectory;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(TestProvider provider, string connectionString, string? sqliteDirectory, string? admin, string? name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteDirectory = sqliteDirectory;
        _postgresAdmin = admin;
        _postgresName = name;
    }

    public TestProvider Provider { get; }
    public string ConnectionString { get; }
    public string ProviderSetting => Provider == TestProvider.Sqlite ? "Sqlite" : "PostgreSQL";

    /// The configuration keys the app reads, pointing at this database.
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Database:Provider", ProviderSetting),
        new("ConnectionStrings:FiveSocieties", ConnectionString),
    ];

    public static bool RunningUnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// Skips the calling test when PostgreSQL is not available (locally), fails it under CI.
    public static void RequireAvailable(TestProvider provider)
    {
        if (provider != TestProvider.PostgreSql || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable))) return;
        const string message = $"PostgreSQL is not available: run ./test.sh, or set {PostgresVariable} to a server where the role may create databases.";
        if (RunningUnderCi) throw new InvalidOperationException(message + " (CI=true: PostgreSQL tests must run.)");
        Assert.Skip(message);
    }

    public static bool IsAvailable(TestProvider provider) =>
        provider == TestProvider.Sqlite || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    public static TestDatabase Create(TestProvider provider)
    {
        if (provider == TestProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "fivesocieties-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            return new TestDatabase(provider, $"Data Source={Path.Combine(directory, "test.db")};Default Timeout=30", directory, null, null);
        }

        RequireAvailable(provider);
        var admin = Environment.GetEnvironmentVariable(PostgresVariable)!;
        // EF Core's Migrate creates the database; DisposeAsync drops it.
        var name = "fs_test_" + Guid.NewGuid().ToString("N")[..16];
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 20 };
        return new TestDatabase(provider, builder.ConnectionString, null, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_sqliteDirectory, recursive: true); } catch (IOException) { }
        }
        if (_postgresAdmin is not null && _postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    public override string ToString() => ProviderSetting;
}
