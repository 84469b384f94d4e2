using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.People;

/// A mainland China mobile number: 11 digits starting 13–19. Accepts what people type
/// (spaces, dashes, a +86 prefix) and keeps the bare 11 digits.
public readonly record struct MobileNumber
{
    private MobileNumber(string value) => Value = value;

    public string Value { get; }

    /// 138****1234
    public string Masked => string.Concat(Value.AsSpan(0, 3), "****", Value.AsSpan(7));

    public static bool TryParse(string? input, out MobileNumber number, out string error)
    {
        number = default;
        Span<char> digits = stackalloc char[16];
        var length = 0;
        foreach (var raw in (input ?? "").Trim())
        {
            // Chinese input methods often type full-width digits and signs (１３８－…).
            var c = raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw;
            if (c is ' ' or '\u3000' or '-' or '(' or ')' or '+') continue;
            if (!char.IsAsciiDigit(c))
            {
                error = "手机号只能包含数字。";
                return false;
            }
            if (length == digits.Length)
            {
                error = "请输入 11 位中国大陆手机号（以 13–19 开头）。";
                return false;
            }
            digits[length++] = c;
        }
        ReadOnlySpan<char> value = digits[..length];
        if (value.StartsWith("0086")) value = value[4..];
        else if (value.Length == 13 && value.StartsWith("86")) value = value[2..];

        if (value.Length != 11 || value[0] != '1' || value[1] < '3')
        {
            error = "请输入 11 位中国大陆手机号（以 13–19 开头）。";
            return false;
        }
        number = new MobileNumber(value.ToString());
        error = "";
        return true;
    }

    public static MobileNumber Parse(string? input) =>
        TryParse(input, out var number, out var error) ? number : throw new DomainException("mobile.invalid", error);

    public override string ToString() => Value;
}
