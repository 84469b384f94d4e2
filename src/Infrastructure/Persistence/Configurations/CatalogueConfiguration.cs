using FiveSocieties.Matching.Catalogue;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

internal sealed class ServiceAreaConfiguration : IEntityTypeConfiguration<ServiceArea>
{
    public void Configure(EntityTypeBuilder<ServiceArea> builder)
    {
        builder.HasKey(a => a.Code);
        builder.Property(a => a.Code).HasMaxLength(32);
        builder.Property(a => a.Name).HasMaxLength(32);
    }
}

internal sealed class ServiceItemConfiguration : IEntityTypeConfiguration<ServiceItem>
{
    public void Configure(EntityTypeBuilder<ServiceItem> builder)
    {
        builder.HasKey(i => i.Code);
        builder.Property(i => i.Code).HasMaxLength(80);
        builder.Property(i => i.AreaCode).HasMaxLength(32);
        builder.Property(i => i.Name).HasMaxLength(32);
        builder.Property(i => i.Description).HasMaxLength(500);
        builder.HasOne<ServiceArea>().WithMany().HasForeignKey(i => i.AreaCode).OnDelete(DeleteBehavior.Restrict);
        builder.PrimitiveCollection(i => i.UsualResourceKinds).HasField("_usualResourceKinds")
            .ElementType(e => e.HasConversion<string>());
        builder.PrimitiveCollection(i => i.Keywords).HasField("_keywords");
        builder.Ignore(i => i.NeedsBundle);
    }
}
