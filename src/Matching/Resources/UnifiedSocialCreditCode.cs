using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Resources;

/// The 18-character unified social credit code (统一社会信用代码, GB 32100-2015):
/// registration authority, category, 6-digit division code, 9-character organisation code,
/// and a MOD 31 check character. The letters I, O, S, V and Z are never used.
public readonly record struct UnifiedSocialCreditCode
{
    internal const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private const string NationalDivision = "100000";

    private UnifiedSocialCreditCode(string value) => Value = value;

    public string Value { get; }

    /// Registered with civil affairs (民政): social groups, social service agencies, foundations.
    public bool IsCivilAffairsRegistration => Value[0] == '5';
    public string DivisionPrefix => Value.Substring(2, 6);

    public static bool TryParse(string? input, out UnifiedSocialCreditCode code, out string error)
    {
        code = default;
        var value = (input ?? "").Trim().ToUpperInvariant();
        if (value.Length != 18)
        {
            error = "统一社会信用代码应为 18 位。";
            return false;
        }
        foreach (var c in value)
        {
            if (Alphabet.IndexOf(c) < 0)
            {
                error = $"统一社会信用代码含有不允许的字符“{c}”（不使用 I、O、S、V、Z）。";
                return false;
            }
        }
        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                error = "统一社会信用代码第 3–8 位应为行政区划码（数字）。";
                return false;
            }
        }
        // Central registration authorities (民政部, 国家市场监督管理总局) use 100000, not a province.
        if (!DivisionCode.IsKnownProvince(value.AsSpan(2, 2)) && !value.AsSpan(2, 6).SequenceEqual(NationalDivision))
        {
            error = "统一社会信用代码中的行政区划码无效。";
            return false;
        }
        if (value[17] != CheckCharacter(value))
        {
            error = "统一社会信用代码校验位不正确，请核对。";
            return false;
        }
        code = new UnifiedSocialCreditCode(value);
        error = "";
        return true;
    }

    public static UnifiedSocialCreditCode Parse(string? input) =>
        TryParse(input, out var code, out var error) ? code : throw new DomainException("credit-code.invalid", error);

    /// Appends the check character to the first 17 characters (for generating test and demo codes).
    public static UnifiedSocialCreditCode Complete(string first17) =>
        Parse(first17.ToUpperInvariant() + CheckCharacter(first17.ToUpperInvariant()));

    internal static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(first17[i]) * Weights[i];
        var check = 31 - sum % 31;
        return Alphabet[check == 31 ? 0 : check];
    }

    public override string ToString() => Value;
}
