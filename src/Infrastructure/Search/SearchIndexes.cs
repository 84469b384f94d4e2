using FiveSocieties.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FiveSocieties.Infrastructure.Search;

/// The full-text indexes over the SearchText columns.
internal static class SearchIndexes
{
    /// SQLite: an FTS5 table per searchable table, fed by triggers. Created at start-up, idempotently,
    /// because EF Core's SQLite migrations rebuild a table for some changes and that drops its
    /// triggers; this puts them back and re-indexes.
    public static async Task EnsureSqliteAsync(FiveSocietiesDbContext db, CancellationToken ct)
    {
        foreach (var table in SearchTables.All)
        {
            var triggers = await db.Database.SqlQueryRaw<int>(
                "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name LIKE {0}", $"{table}_search_%").SingleAsync(ct);
            if (triggers == 3) continue;
            var index = table + "Search";
            foreach (var sql in new[]
                     {
                         $"CREATE VIRTUAL TABLE IF NOT EXISTS \"{index}\" USING fts5(\"SearchText\", content='{table}', content_rowid='Id', tokenize='unicode61')",
                         $"CREATE TRIGGER IF NOT EXISTS \"{table}_search_ai\" AFTER INSERT ON \"{table}\" BEGIN INSERT INTO \"{index}\"(rowid, \"SearchText\") VALUES (new.\"Id\", new.\"SearchText\"); END",
                         $"CREATE TRIGGER IF NOT EXISTS \"{table}_search_ad\" AFTER DELETE ON \"{table}\" BEGIN INSERT INTO \"{index}\"(\"{index}\", rowid, \"SearchText\") VALUES ('delete', old.\"Id\", old.\"SearchText\"); END",
                         $"CREATE TRIGGER IF NOT EXISTS \"{table}_search_au\" AFTER UPDATE OF \"SearchText\" ON \"{table}\" BEGIN INSERT INTO \"{index}\"(\"{index}\", rowid, \"SearchText\") VALUES ('delete', old.\"Id\", old.\"SearchText\"); INSERT INTO \"{index}\"(rowid, \"SearchText\") VALUES (new.\"Id\", new.\"SearchText\"); END",
                         $"INSERT INTO \"{index}\"(\"{index}\") VALUES ('rebuild')",
                     })
            {
#pragma warning disable EF1002 // table names are our own constants
                await db.Database.ExecuteSqlRawAsync(sql, ct);
#pragma warning restore EF1002
            }
        }
    }

    /// PostgreSQL: GIN expression indexes, created by the migration (under EF Core's migration lock).
    public static void CreatePostgres(MigrationBuilder migration)
    {
        foreach (var table in SearchTables.All)
            migration.Sql($"CREATE INDEX \"IX_{table}_SearchText_fts\" ON \"{table}\" USING GIN (to_tsvector('simple', \"SearchText\"));");
    }

    public static void DropPostgres(MigrationBuilder migration)
    {
        foreach (var table in SearchTables.All)
            migration.Sql($"DROP INDEX IF EXISTS \"IX_{table}_SearchText_fts\";");
    }

    /// Rows saved before a derivation existed or changed (or written by SQL) are recomputed at start-up.
    public static async Task BackfillAsync(FiveSocietiesDbContext db, CancellationToken ct)
    {
        await BackfillAsync(db.Needs, db, ct);
        await BackfillAsync(db.Volunteers, db, ct);
        await BackfillAsync(db.Organisations, db, ct);
        await BackfillAsync(db.Funds, db, ct);
        await BackfillAsync(db.MicroGrantProjects, db, ct);
    }

    private static async Task BackfillAsync<T>(DbSet<T> set, FiveSocietiesDbContext db, CancellationToken ct) where T : class
    {
        // By id, so a row whose text has no words at all is visited once, not forever.
        var after = 0L;
        while (true)
        {
            var batch = await set.Where(e => EF.Property<int>(e, QueryColumns.VersionColumn) < QueryColumns.Version && EF.Property<long>(e, "Id") > after)
                .OrderBy(e => EF.Property<long>(e, "Id")).Take(500).ToListAsync(ct);
            if (batch.Count == 0) return;
            foreach (var entity in batch) db.Entry(entity).Property(QueryColumns.VersionColumn).IsModified = true;
            await db.SaveChangesAsync(ct);
            after = (long)db.Entry(batch[^1]).Property("Id").CurrentValue!;
            db.ChangeTracker.Clear();
        }
    }
}
