using FiveSocieties.Matching.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

internal sealed class PersonalDataAccessConfiguration : IEntityTypeConfiguration<PersonalDataAccess>
{
    public void Configure(EntityTypeBuilder<PersonalDataAccess> builder)
    {
        builder.ToTable("PersonalDataAccessLog");
        builder.Property(a => a.ViewerId).HasMaxLength(64);
        builder.Property(a => a.ViewerName).HasMaxLength(64);
        builder.Property(a => a.ViewerRole).HasMaxLength(32);
        builder.Property(a => a.SubjectId).HasMaxLength(64);
        builder.Property(a => a.SubjectName).HasMaxLength(64);
        builder.Property(a => a.Reason).HasMaxLength(200);
        builder.HasIndex(a => new { a.At, a.Id });
        builder.HasIndex(a => a.SubjectRegion);
        builder.HasIndex(a => a.ViewerId);
    }
}
