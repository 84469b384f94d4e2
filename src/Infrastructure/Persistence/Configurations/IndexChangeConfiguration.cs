using FiveSocieties.Infrastructure.Matching.Feed;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

internal sealed class IndexChangeConfiguration : IEntityTypeConfiguration<IndexChange>
{
    public void Configure(EntityTypeBuilder<IndexChange> builder)
    {
        builder.ToTable("IndexChanges");
        builder.HasKey(e => e.Seq);
        builder.Property(e => e.Seq).ValueGeneratedOnAdd();
        builder.Ignore(e => e.Provider);
        builder.HasIndex(e => e.At);
    }
}

internal sealed class IndexCursorConfiguration : IEntityTypeConfiguration<IndexCursor>
{
    public void Configure(EntityTypeBuilder<IndexCursor> builder)
    {
        builder.ToTable("IndexCursors");
        builder.HasKey(e => e.Name);
        builder.Property(e => e.Name).HasMaxLength(64);
        // Two relays moving the same cursor: the second finds it moved and reads again.
        builder.Property(e => e.Position).IsConcurrencyToken();
    }
}

internal sealed class DelayedMatchingConfiguration : IEntityTypeConfiguration<DelayedMatching>
{
    public void Configure(EntityTypeBuilder<DelayedMatching> builder)
    {
        builder.ToTable("DelayedMatchings");
        builder.HasKey(e => e.NeedId);
        builder.Property(e => e.NeedId).ValueGeneratedNever();
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.HasIndex(e => e.Since);
    }
}
