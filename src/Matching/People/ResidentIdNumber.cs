using System.Globalization;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.People;

/// The 18-character citizen identity number (公民身份号码, GB 11643-1999): 6-digit address code,
/// 8-digit birth date, 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character.
public readonly record struct ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private ResidentIdNumber(string value) => Value = value;

    public string Value { get; }

    public DateOnly BirthDate => DateOnly.ParseExact(Value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);
    public bool IsMale => (Value[16] - '0') % 2 == 1;
    public bool IsMinorOn(DateOnly day) => BirthDate.AddYears(18) > day;

    /// 3418**********123X — the middle hidden, as lists must show it.
    public string Masked => string.Concat(Value.AsSpan(0, 4), new string('*', 10), Value.AsSpan(14));

    public static bool TryParse(string? input, out ResidentIdNumber id, out string error)
    {
        id = default;
        var value = (input ?? "").Trim().ToUpperInvariant();
        if (value.Length != 18)
        {
            error = "身份证号应为 18 位。";
            return false;
        }
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                error = "身份证号前 17 位必须是数字。";
                return false;
            }
        }
        if (!DivisionCode.IsKnownProvince(value.AsSpan(0, 2)))
        {
            error = "身份证号的地区码无效。";
            return false;
        }
        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900)
        {
            error = "身份证号中的出生日期无效。";
            return false;
        }
        if (value[17] != CheckCharacter(value))
        {
            error = "身份证号校验位不正确，请核对。";
            return false;
        }
        id = new ResidentIdNumber(value);
        error = "";
        return true;
    }

    public static ResidentIdNumber Parse(string? input) =>
        TryParse(input, out var id, out var error) ? id : throw new DomainException("id-number.invalid", error);

    /// Appends the check character to the first 17 digits (for generating test and demo numbers).
    public static ResidentIdNumber Complete(string first17) => Parse(first17 + CheckCharacter(first17));

    internal static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    public override string ToString() => Value;
}
