using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Infrastructure.Persistence;

/// The one database of the platform. Each provider has a small subclass only so that each keeps
/// its own set of migrations (<see cref="SqliteDbContext"/>, <see cref="PostgresDbContext"/>).
public abstract class FiveSocietiesDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Station> Stations => Set<Station>();
    public DbSet<ServiceArea> ServiceAreas => Set<ServiceArea>();
    public DbSet<ServiceItem> ServiceItems => Set<ServiceItem>();
    public DbSet<Need> Needs => Set<Need>();
    public DbSet<Volunteer> Volunteers => Set<Volunteer>();
    public DbSet<SocialOrganisation> Organisations => Set<SocialOrganisation>();
    public DbSet<CharitableFund> Funds => Set<CharitableFund>();
    public DbSet<MicroGrantProject> MicroGrantProjects => Set<MicroGrantProject>();
    public DbSet<Match> Matches => Set<Match>();
    public DbSet<PersonalDataAccess> PersonalDataAccessLog => Set<PersonalDataAccess>();
    public DbSet<Imports.ImportJob> ImportJobs => Set<Imports.ImportJob>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FiveSocietiesDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder) => Conversions.Apply(builder);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Search.QueryColumns.Update(ChangeTracker);
        Versioning.Bump(ChangeTracker);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Search.QueryColumns.Update(ChangeTracker);
        Versioning.Bump(ChangeTracker);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}

public sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options) : FiveSocietiesDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        base.ConfigureConventions(builder);
        Conversions.ApplySqlite(builder);
    }
}

public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : FiveSocietiesDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        base.ConfigureConventions(builder);
        Conversions.ApplyPostgres(builder);
    }
}
