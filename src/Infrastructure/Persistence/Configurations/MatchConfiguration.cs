using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

internal sealed class MatchConfiguration : IEntityTypeConfiguration<Match>
{
    public void Configure(EntityTypeBuilder<Match> builder)
    {
        builder.HasVersion();
        builder.HasOne<Need>().WithMany().HasForeignKey(m => m.NeedId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(m => m.Provider);
        builder.Ignore(m => m.ServedMinutes);

        builder.OwnsMany(m => m.Factors, f =>
        {
            f.ToJson();
            f.Property(x => x.Factor).HasConversion<string>();
        });
        builder.Navigation(m => m.Factors).HasField("_factors");

        builder.OwnsHistory(m => m.History, "MatchStatusChanges", "MatchId");

        builder.OwnsMany(m => m.ServiceRecords, r =>
        {
            r.ToTable("ServiceRecords");
            r.WithOwner().HasForeignKey("MatchId");
            r.HasKey(x => x.Id);
            r.Property(x => x.Notes).HasMaxLength(1000);
            r.Property(x => x.RecordedById).HasMaxLength(64);
            r.Property(x => x.RecordedByName).HasMaxLength(64);
            r.Ignore(x => x.Hours);
        });
        builder.Navigation(m => m.ServiceRecords).HasField("_serviceRecords");

        builder.OwnsMany(m => m.Feedback, f =>
        {
            f.ToTable("Feedback");
            f.WithOwner().HasForeignKey("MatchId");
            f.HasKey(x => x.Id);
            f.Property(x => x.Comment).HasMaxLength(500);
            f.Property(x => x.ById).HasMaxLength(64);
            f.Property(x => x.ByName).HasMaxLength(64);
        });
        builder.Navigation(m => m.Feedback).HasField("_feedback");

        builder.HasIndex(m => new { m.NeedId, m.Status });
        builder.HasIndex(m => new { m.ProviderKind, m.ProviderId, m.Status });
        builder.HasIndex(m => m.ProposedAt);
    }
}
