using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace FiveSocieties.Web.Features.Shared;

/// The position after the last row of a page: an opaque token holding the sort keys of that row.
/// Pages are found by position, not by offset, so page 500 costs what page 1 costs.
public readonly record struct Keyset(long Rank, long Ticks, long Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Rank}.{Ticks}.{Id}")));

    public static Keyset? Decode(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return null;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token)).Split('.');
            return parts.Length == 3
                   && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var rank)
                   && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                   && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                   && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new Keyset(rank, ticks, id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// A page of a list. <see cref="Total"/> counts at most <see cref="CountLimit"/> rows (the UI says
/// "10000+"), so that counting never costs more than paging.
public sealed record Page<T>(IReadOnlyList<T> Rows, int Total, string? Next)
{
    public const int CountLimit = 10_000;

    public bool TotalIsCapped => Total > CountLimit;

    /// Counts the list in its own order, so the count walks the same index range as the pages.
    public static async Task<int> CountAsync<TRow>(IOrderedQueryable<TRow> rows, CancellationToken ct) =>
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(rows.Take(CountLimit + 1), ct);
}
