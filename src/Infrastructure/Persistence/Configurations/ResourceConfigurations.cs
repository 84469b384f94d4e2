using FiveSocieties.Infrastructure.Search;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

/// Each kind of resource has its own table; the columns they share are mapped here once.
internal abstract class ResourceConfiguration<T> : IEntityTypeConfiguration<T> where T : Resource
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        builder.HasVersion();
        builder.HasSearchText();
        builder.HasIndex(r => new { r.CreatedAt, r.Id });
        builder.Property(r => r.Name).HasMaxLength(64);
        builder.Property(r => r.Description).HasMaxLength(1000);
        builder.Property(r => r.ExternalId).HasMaxLength(64);
        builder.Property(r => r.StatusChangedBy).HasMaxLength(64);
        builder.Property(r => r.StatusReason).HasMaxLength(200);
        builder.PrimitiveCollection(r => r.ServiceCodes).HasField("_serviceCodes");
        builder.HasOne<Region>().WithMany().HasForeignKey(r => r.HomeRegionCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.HomeRegionCode);
        builder.HasIndex(r => r.Status);
        builder.HasIndex(r => r.ExternalId).IsUnique();
        builder.Ignore(r => r.Kind);
        builder.Ignore(r => r.IsMatchable);
        builder.Ignore(r => r.AverageRating);
        builder.Ignore("Profile");
        ConfigureKind(builder);
    }

    protected abstract void ConfigureKind(EntityTypeBuilder<T> builder);

    protected static void MapLocation(EntityTypeBuilder<T> builder)
    {
        builder.Property<double?>("_latitude").HasColumnName("Latitude");
        builder.Property<double?>("_longitude").HasColumnName("Longitude");
    }
}

internal sealed class VolunteerConfiguration : ResourceConfiguration<Volunteer>
{
    protected override void ConfigureKind(EntityTypeBuilder<Volunteer> builder)
    {
        MapLocation(builder);
        builder.Ignore(v => v.Location);
        builder.Ignore(v => v.HomeVillageCode);
        builder.Ignore(v => v.HoursServed);
        builder.Ignore(v => v.FreeTaskSlots);
        builder.PrimitiveCollection(v => v.Skills).HasField("_skills");
        builder.OwnsMany(v => v.Certifications, c => c.ToJson());
        builder.Navigation(v => v.Certifications).HasField("_certifications");
        builder.HasIndex(v => v.Mobile);
    }
}

internal sealed class SocialOrganisationConfiguration : ResourceConfiguration<SocialOrganisation>
{
    protected override void ConfigureKind(EntityTypeBuilder<SocialOrganisation> builder)
    {
        builder.ToTable("Organisations");
        MapLocation(builder);
        builder.Ignore(o => o.Location);
        builder.Property(o => o.ContactName).HasMaxLength(32);
        builder.Property(o => o.Address).HasMaxLength(128);
        builder.HasIndex(o => o.CreditCode).IsUnique();
        builder.PrimitiveCollection(o => o.ServiceArea).HasField("_serviceArea")
            .ElementType(e => e.HasConversion<Conversions.DivisionCodeConverter>());
    }
}

internal sealed class CharitableFundConfiguration : ResourceConfiguration<CharitableFund>
{
    protected override void ConfigureKind(EntityTypeBuilder<CharitableFund> builder)
    {
        builder.ToTable("Funds");
        builder.Ignore(f => f.Granted);
        builder.PrimitiveCollection(f => f.EligibleGroups).HasField("_eligibleGroups")
            .ElementType(e => e.HasConversion<string>());
        builder.PrimitiveCollection(f => f.RegionScope).HasField("_regionScope")
            .ElementType(e => e.HasConversion<Conversions.DivisionCodeConverter>());
        builder.HasOne<SocialOrganisation>().WithMany().HasForeignKey(f => f.ManagerOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MicroGrantProjectConfiguration : ResourceConfiguration<MicroGrantProject>
{
    protected override void ConfigureKind(EntityTypeBuilder<MicroGrantProject> builder)
    {
        builder.PrimitiveCollection(p => p.TargetGroups).HasField("_targetGroups")
            .ElementType(e => e.HasConversion<string>());
        builder.PrimitiveCollection(p => p.RegionScope).HasField("_regionScope")
            .ElementType(e => e.HasConversion<Conversions.DivisionCodeConverter>());
        builder.HasOne<SocialOrganisation>().WithMany().HasForeignKey(p => p.OwnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
