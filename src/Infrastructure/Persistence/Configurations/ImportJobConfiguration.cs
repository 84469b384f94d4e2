using FiveSocieties.Infrastructure.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.HasVersion();
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.FileName).HasMaxLength(200);
        builder.Property(j => j.RequestedById).HasMaxLength(64);
        builder.Property(j => j.RequestedByName).HasMaxLength(64);
        builder.Property(j => j.RequestedByRole).HasMaxLength(32);
        builder.Property(j => j.RequestedForRegion).HasMaxLength(12);
        builder.Property(j => j.Message).HasMaxLength(500);
        builder.Ignore(j => j.Errors);
        builder.Ignore(j => j.Percent);
        builder.Ignore(j => j.IsFinished);
        builder.HasIndex(j => new { j.RequestedById, j.CreatedAt });
        builder.HasIndex(j => j.Status);
    }
}
