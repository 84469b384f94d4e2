using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FiveSocieties.Infrastructure.Search;

/// Lists search Chinese text without a segmentation dictionary: each searchable row keeps its words
/// as space-separated CJK bigrams and ASCII words (the engine's <see cref="ChineseText"/> tokens) in a
/// shadow "SearchText" column; SQLite indexes it with FTS5, PostgreSQL with a GIN index. Needs also
/// keep an "UrgencyRank" so that sorting by urgency is numeric and indexable.
public static class SearchDocuments
{
    public const string Column = "SearchText";
    public const string UrgencyRank = "UrgencyRank";

    internal static void HasSearchText<T>(this EntityTypeBuilder<T> builder) where T : class =>
        builder.Property<string>(Column).HasDefaultValue("");

    /// Called before every save: recomputes the search words of added or changed rows.
    internal static void Update(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            if (entry.Metadata.FindProperty(Column) is null) continue;
            var text = Text(entry.Entity);
            var property = entry.Property(Column);
            if (!Equals(property.CurrentValue, text)) property.CurrentValue = text;
            if (entry.Entity is Need need && entry.Metadata.FindProperty(UrgencyRank) is not null)
                entry.Property(UrgencyRank).CurrentValue = Rank(need.Urgency);
        }
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

    /// The query's words, in the same form as the documents'.
    public static IReadOnlyList<string> QueryTokens(string query) => ChineseText.Tokens(query).Distinct().ToList();

    private static string Tokens(IEnumerable<string?> parts) =>
        string.Join(' ', ChineseText.Tokens(string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)))).Distinct());
}
