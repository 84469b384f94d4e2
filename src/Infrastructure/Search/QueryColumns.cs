using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Search;

/// Shadow columns derived from a row for the lists to filter, sort and search fast; the domain
/// types never see them. They are recomputed before every save, and at start-up for rows saved
/// under an older <see cref="Version"/>.
///
/// - SearchText: the row's words as space-separated CJK bigrams and ASCII words (the engine's
///   <see cref="ChineseText"/> tokens), indexed by FTS5 on SQLite and GIN on PostgreSQL.
/// - UrgencyRank: urgency as a number, so "most urgent first" sorts and pages on an index.
/// - GroupMask: the beneficiary groups as bits, a cheap test on every row (no JSON to parse).
/// - TownshipCode, CountyCode: the village's township and county, so that a station's or a
///   county's list is one equality on an index that also holds the sort keys.
public static class QueryColumns
{
    /// Bump when a derivation changes: rows of an older version are recomputed at start-up.
    public const int Version = 2;

    public const string VersionColumn = "QueryVersion";
    public const string SearchText = "SearchText";
    public const string UrgencyRank = "UrgencyRank";
    public const string GroupMask = "GroupMask";
    public const string TownshipCode = "TownshipCode";
    public const string CountyCode = "CountyCode";

    internal static void HasSearchText<T>(this EntityTypeBuilder<T> builder) where T : class
    {
        builder.Property<string>(SearchText).HasDefaultValue("");
        builder.Property<int>(VersionColumn).HasDefaultValue(0);
    }

    /// Called before every save: recomputes the derived columns of added or changed rows.
    internal static void Update(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            if (entry.Metadata.FindProperty(SearchText) is null) continue;
            Set(entry, SearchText, Text(entry.Entity));
            Set(entry, VersionColumn, Version);
            if (entry.Entity is Need need)
            {
                Set(entry, UrgencyRank, Rank(need.Urgency));
                Set(entry, GroupMask, Mask(need.BeneficiaryGroups));
                Set(entry, TownshipCode, need.VillageCode.AtLevel(RegionLevel.Township));
                Set(entry, CountyCode, need.VillageCode.AtLevel(RegionLevel.County));
            }
        }
    }

    private static void Set(EntityEntry entry, string column, object value)
    {
        var property = entry.Property(column);
        if (!Equals(property.CurrentValue, value)) property.CurrentValue = value;
    }

    public static string Text(object entity) => Tokens(entity switch
    {
        Need n => [n.Title, n.Description, n.Requester.BeneficiaryName, n.AddressDetail, n.Requester.ContactMobile?.Value,
            string.Join(" ", n.RequiredSkills)],
        Volunteer v => [v.Name, v.Description, v.Mobile.Value, string.Join(" ", v.Skills)],
        SocialOrganisation o => [o.Name, o.Description, o.ContactName, o.ContactMobile.Value, o.CreditCode.Value, o.Address],
        Resource r => [r.Name, r.Description],
        _ => [],
    });

    public static int Rank(Urgency urgency) => (int)urgency;

    public static int Mask(IEnumerable<BeneficiaryGroup> groups) => groups.Aggregate(0, (mask, g) => mask | Bit(g));

    public static int Bit(BeneficiaryGroup group) => 1 << (int)group;

    /// The query's words, in the same form as the documents'.
    public static IReadOnlyList<string> QueryTokens(string query) => ChineseText.Tokens(query).Distinct().ToList();

    private static string Tokens(IEnumerable<string?> parts) =>
        string.Join(' ', ChineseText.Tokens(string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)))).Distinct());
}
