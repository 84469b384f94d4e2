using System.Linq.Expressions;
using FiveSocieties.Matching.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

internal static class HistoryMapping
{
    /// A status history (who, when, from, to, why) as its own table, owned by the aggregate.
    public static void OwnsHistory<TOwner, TStatus>(this EntityTypeBuilder<TOwner> builder,
        Expression<Func<TOwner, IEnumerable<StatusChange<TStatus>>?>> history, string table, string ownerKey)
        where TOwner : class where TStatus : struct, Enum
    {
        builder.OwnsMany(history, h =>
        {
            h.ToTable(table);
            h.WithOwner().HasForeignKey(ownerKey);
            h.HasKey(x => x.Id);
            h.Property(x => x.ActorId).HasMaxLength(64);
            h.Property(x => x.ActorName).HasMaxLength(64);
            h.Property(x => x.Reason).HasMaxLength(200);
        });
        builder.Navigation(history).HasField("_history");
    }
}
