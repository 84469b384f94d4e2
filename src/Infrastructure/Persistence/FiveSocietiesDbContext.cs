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
/// <param name="indexFeed">Whether saves write index changes (a shared candidate index reads them); none outside the app.</param>
public abstract class FiveSocietiesDbContext(DbContextOptions options, Matching.Feed.IndexFeed? indexFeed) : IdentityDbContext<AppUser>(options)
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
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();
    public DbSet<Outbox.OutboxEvent> Events => Set<Outbox.OutboxEvent>();
    public DbSet<Matching.Feed.IndexChange> IndexChanges => Set<Matching.Feed.IndexChange>();
    public DbSet<Matching.Feed.IndexCursor> IndexCursors => Set<Matching.Feed.IndexCursor>();
    public DbSet<Matching.Feed.DelayedMatching> DelayedMatchings => Set<Matching.Feed.DelayedMatching>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FiveSocietiesDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder) => Conversions.Apply(builder);

    /// Events were written since the last commit: the dispatcher is woken when it commits.
    internal bool WroteEvents { get; set; }

    /// Index changes were written since the last commit: the index relay is woken when it commits.
    internal bool WroteIndexChanges { get; set; }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        // One path for both (only the data-protection key ring saves synchronously).
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// Saves the changes and, in the same transaction, the events they make and the providers and
    /// needs they change for the candidate index (transactional outboxes).
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Search.QueryColumns.Update(ChangeTracker);
        Versioning.Bump(ChangeTracker);
        var pending = Outbox.OutboxCollector.Collect(ChangeTracker);
        var changes = indexFeed is { Enabled: true } ? Matching.Feed.IndexChangeCollector.Collect(ChangeTracker) : [];
        if (pending.Count == 0 && changes.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        // Two saves (the rows need the new rows' ids): the first must accept its changes, or the second would repeat them.
        if (!acceptAllChangesOnSuccess) throw new NotSupportedException("Changes that make events are always accepted on success.");

        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await OrderEventsAsync(cancellationToken);
            if (pending.Count > 0) Events.AddRange(await Outbox.OutboxCollector.RowsAsync(this, pending, cancellationToken));
            IndexChanges.AddRange(Matching.Feed.IndexChangeCollector.Rows(changes, DateTimeOffset.UtcNow));
            await base.SaveChangesAsync(true, cancellationToken);
            WroteEvents |= pending.Count > 0;
            WroteIndexChanges |= changes.Count > 0;
            if (own is not null) await own.CommitAsync(cancellationToken);
            return saved;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// Event and index-change numbers must grow in commit order, or a reader asking for the rows after n could
    /// pass over one numbered below n that commits later. SQLite has one writer at a time, so its
    /// numbers already follow commits; PostgreSQL's sequences do not, so <see cref="PostgresDbContext"/>
    /// numbers events under a lock held until the commit.
    protected virtual Task OrderEventsAsync(CancellationToken ct) => Task.CompletedTask;
}

public sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options, Matching.Feed.IndexFeed? indexFeed = null) : FiveSocietiesDbContext(options, indexFeed)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        base.ConfigureConventions(builder);
        Conversions.ApplySqlite(builder);
    }
}

public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options, Matching.Feed.IndexFeed? indexFeed = null) : FiveSocietiesDbContext(options, indexFeed)
{
    /// Held from the numbering of a transaction's events to its commit (released by PostgreSQL then);
    /// the notification wakes every node's dispatcher when the transaction commits.
    protected override Task OrderEventsAsync(CancellationToken ct) =>
        Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({Outbox.OutboxSignal.OrderLock}); SELECT pg_notify('{Outbox.OutboxSignal.Channel}', '')", ct);

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        base.ConfigureConventions(builder);
        Conversions.ApplyPostgres(builder);
    }
}
