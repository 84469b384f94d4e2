using System.Globalization;

namespace FiveSocieties.Matching.Common;

/// An amount of renminbi held as integer fen (分), so sums never drift.
public readonly record struct Money(long Fen) : IComparable<Money>
{
    public static Money Zero => new(0);
    public static Money FromYuan(decimal yuan) => new(checked((long)decimal.Round(yuan * 100, MidpointRounding.AwayFromZero)));

    public decimal Yuan => Fen / 100m;
    public bool IsPositive => Fen > 0;

    public static Money operator +(Money a, Money b) => new(checked(a.Fen + b.Fen));
    public static Money operator -(Money a, Money b) => new(checked(a.Fen - b.Fen));
    public static bool operator <(Money a, Money b) => a.Fen < b.Fen;
    public static bool operator >(Money a, Money b) => a.Fen > b.Fen;
    public static bool operator <=(Money a, Money b) => a.Fen <= b.Fen;
    public static bool operator >=(Money a, Money b) => a.Fen >= b.Fen;

    public int CompareTo(Money other) => Fen.CompareTo(other.Fen);

    /// "¥12,345.60", the way amounts are written on Chinese forms.
    public override string ToString() =>
        (Fen < 0 ? "-¥" : "¥") + Math.Abs(Yuan).ToString("#,##0.00", CultureInfo.InvariantCulture);
}
