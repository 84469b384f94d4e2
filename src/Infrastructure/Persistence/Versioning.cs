using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence;

/// Optimistic concurrency that works the same on SQLite and PostgreSQL: a shadow "Version"
/// column, checked on every update and bumped by the context. Two people reserving the last
/// place or the last of a budget: the second save fails with DbUpdateConcurrencyException.
/// Every aggregate method that changes an owned row (a history line, a service record) also
/// touches the root (status, UpdatedAt), so checking the root is enough.
internal static class Versioning
{
    public const string Property = "Version";

    public static void HasVersion<T>(this EntityTypeBuilder<T> builder) where T : class =>
        builder.Property<long>(Property).IsConcurrencyToken();

    public static void Bump(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.State != EntityState.Modified || entry.Metadata.FindProperty(Property) is null) continue;
            PropertyEntry version = entry.Property(Property);
            if (version.IsModified) continue;
            version.CurrentValue = (long)version.OriginalValue! + 1;
            version.IsModified = true;
        }
    }
}
