using FiveSocieties.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> builder)
    {
        builder.HasKey(f => new { f.Account, f.Client });
        builder.Property(f => f.Account).HasMaxLength(SignInFailure.AccountLength);
        builder.Property(f => f.Client).HasMaxLength(SignInFailure.ClientLength);
        builder.HasIndex(f => f.LastAt);
    }
}
