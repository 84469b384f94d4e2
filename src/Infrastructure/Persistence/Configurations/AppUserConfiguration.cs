using FiveSocieties.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(64);
        builder.Property(u => u.RegionCode).HasMaxLength(12);
        builder.HasIndex(u => u.StationId);
        builder.HasIndex(u => u.OrganisationId);
        builder.HasIndex(u => u.VolunteerId);
        builder.HasIndex(u => u.PhoneNumber); // sign-in takes a mobile number as login name
    }
}
