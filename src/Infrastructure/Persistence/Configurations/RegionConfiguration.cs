using FiveSocieties.Matching.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        builder.HasKey(r => r.Code);
        builder.Property(r => r.Name).HasMaxLength(64);
        builder.HasIndex(r => r.ParentCode);
        builder.Ignore(r => r.Location);
        builder.Ignore(r => r.IsUrbanCommunity);
        builder.Property<double?>("_latitude").HasColumnName("Latitude");
        builder.Property<double?>("_longitude").HasColumnName("Longitude");
    }
}

internal sealed class StationConfiguration : IEntityTypeConfiguration<Station>
{
    public void Configure(EntityTypeBuilder<Station> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(64);
        builder.Property(s => s.Address).HasMaxLength(128);
        builder.Property(s => s.Phone).HasMaxLength(32);
        builder.HasIndex(s => s.RegionCode).IsUnique();
        builder.HasOne<Region>().WithMany().HasForeignKey(s => s.RegionCode).OnDelete(DeleteBehavior.Restrict);
    }
}
