using FiveSocieties.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("Events");
        builder.HasKey(e => e.Seq);
        builder.Property(e => e.Seq).ValueGeneratedOnAdd();
        builder.Property(e => e.Type).HasMaxLength(32);
        builder.Property(e => e.Detail).HasMaxLength(1000);
        builder.Property(e => e.RequesterId).HasMaxLength(64);
        builder.Property(e => e.ProviderGroup).HasMaxLength(64);
        // Each audience reads "its events after n": one index per way of belonging, ending in Seq.
        builder.HasIndex(e => new { e.Village, e.Seq });
        builder.HasIndex(e => new { e.Township, e.Seq });
        builder.HasIndex(e => new { e.County, e.Seq });
        builder.HasIndex(e => new { e.RequesterId, e.Seq });
        builder.HasIndex(e => new { e.ProviderGroup, e.Seq });
        builder.HasIndex(e => e.At);
    }
}
