using FiveSocieties.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

// Contexts for `dotnet ef` only. Migrations are generated from the model, so no database has to
// be reachable; the connection strings are placeholders.
internal sealed class SqliteFactory : IDesignTimeDbContextFactory<SqliteDbContext>
{
    public SqliteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresFactory : IDesignTimeDbContextFactory<PostgresDbContext>
{
    public PostgresDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}

internal static class Program
{
    private static void Main() =>
        Console.WriteLine("Design-time project for `dotnet ef`; see scripts/add-migration.sh.");
}
