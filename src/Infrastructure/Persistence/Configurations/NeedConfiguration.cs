using FiveSocieties.Infrastructure.Search;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Persistence.Configurations;

internal sealed class NeedConfiguration : IEntityTypeConfiguration<Need>
{
    public void Configure(EntityTypeBuilder<Need> builder)
    {
        builder.HasVersion();
        builder.Property(n => n.Title).HasMaxLength(Need.TitleMaxLength);
        builder.Property(n => n.Description).HasMaxLength(Need.DescriptionMaxLength);
        builder.Property(n => n.ServiceItemCode).HasMaxLength(80);
        builder.Property(n => n.AddressDetail).HasMaxLength(128);
        builder.Property(n => n.ExternalId).HasMaxLength(64);
        builder.HasIndex(n => n.ExternalId).IsUnique();
        builder.HasOne<ServiceItem>().WithMany().HasForeignKey(n => n.ServiceItemCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Region>().WithMany().HasForeignKey(n => n.VillageCode).OnDelete(DeleteBehavior.Restrict);

        builder.PrimitiveCollection(n => n.BeneficiaryGroups).HasField("_beneficiaryGroups")
            .ElementType(e => e.HasConversion<string>());
        builder.PrimitiveCollection(n => n.RequiredSkills).HasField("_requiredSkills");

        builder.Property<double?>("_latitude").HasColumnName("Latitude");
        builder.Property<double?>("_longitude").HasColumnName("Longitude");
        builder.Property<DateTimeOffset?>("_windowStart").HasColumnName("WindowStart");
        builder.Property<DateTimeOffset?>("_windowEnd").HasColumnName("WindowEnd");

        builder.ComplexProperty(n => n.Quantity, q =>
        {
            q.Property(x => x.Amount).HasColumnName("QuantityAmount");
            q.Property(x => x.Unit).HasColumnName("QuantityUnit");
        });
        builder.ComplexProperty(n => n.Requester, r =>
        {
            r.Property(x => x.Kind).HasColumnName("RequesterKind");
            r.Property(x => x.PostedById).HasColumnName("PostedById").HasMaxLength(64);
            r.Property(x => x.PostedByName).HasColumnName("PostedByName").HasMaxLength(64);
            r.Property(x => x.BeneficiaryName).HasColumnName("BeneficiaryName").HasMaxLength(32);
            r.Property(x => x.ContactMobile).HasColumnName("ContactMobile");
        });
        builder.ComplexProperty(n => n.Consent, c =>
        {
            c.Property(x => x.WordingVersion).HasColumnName("ConsentWordingVersion").HasMaxLength(32);
            c.Property(x => x.Method).HasColumnName("ConsentMethod");
            c.Property(x => x.GivenAt).HasColumnName("ConsentGivenAt");
        });

        builder.OwnsHistory(n => n.History, "NeedStatusChanges", "NeedId");

        builder.HasSearchText();
        builder.Property<int>(QueryColumns.UrgencyRank);
        builder.Property<int>(QueryColumns.GroupMask);
        builder.Property<DivisionCode>(QueryColumns.TownshipCode).HasMaxLength(12);
        builder.Property<DivisionCode>(QueryColumns.CountyCode).HasMaxLength(12);

        // Keyset pages (newest or oldest first, most urgent first) for each scope: the whole
        // system, a county, a station's township, a village. Equality on the scope column, then
        // the sort keys, so a page is an index range, never a sort.
        const string created = nameof(Need.CreatedAt), id = nameof(Need.Id), rank = QueryColumns.UrgencyRank;
        builder.HasIndex(created, id);
        builder.HasIndex(rank, created, id);
        foreach (var scope in new[] { QueryColumns.CountyCode, QueryColumns.TownshipCode, nameof(Need.VillageCode) })
        {
            builder.HasIndex(scope, created, id);
            builder.HasIndex(scope, rank, created, id);
        }
        builder.HasIndex(nameof(Need.Status), created, id);
        // "Open needs of my station": the most used filter gets its own ranges.
        builder.HasIndex(QueryColumns.TownshipCode, nameof(Need.Status), created, id);
        builder.HasIndex(QueryColumns.CountyCode, nameof(Need.Status), created, id);
        builder.HasIndex(n => n.ServiceItemCode);

        builder.Ignore(n => n.Location);
        builder.Ignore(n => n.Window);
        builder.Ignore(n => n.ServiceAreaCode);
        builder.Ignore(n => n.IsSensitive);
        builder.Ignore(n => n.InvolvesChildren);
        builder.Ignore(n => n.IsEditable);
    }
}
