using FiveSocieties.Matching.People;

namespace FiveSocieties.Web.Features.Shared;

/// Personal numbers in edit forms and API answers are masked (138****1234), so that opening a form
/// never shows a full number; the full one is seen only through the logged reveal. A form sent back
/// with the masked value unchanged means "keep the number on record"; a full number replaces it.
public static class KeptNumbers
{
    public const string MaskedButDifferent = "号码显示为打码时表示保持不变；如需修改，请填写完整的新号码。";

    private delegate bool Parser<T>(string? text, out T value, out string error);

    public static bool IsMasked(string? text) => text?.Contains('*') == true;

    /// The mobile number a field means, or an error; null when the field is empty.
    public static bool TryMobile(string? text, MobileNumber? kept, out MobileNumber? number, out string error) =>
        TryRead(text, kept, k => k.Masked, MobileNumber.TryParse, out number, out error);

    /// The ID number a field means, or an error; null when the field is empty.
    public static bool TryIdNumber(string? text, ResidentIdNumber? kept, out ResidentIdNumber? number, out string error) =>
        TryRead(text, kept, k => k.Masked, ResidentIdNumber.TryParse, out number, out error);

    private static bool TryRead<T>(string? text, T? kept, Func<T, string> mask, Parser<T> parse, out T? number, out string error) where T : struct
    {
        number = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (IsMasked(text))
        {
            if (kept is { } k && mask(k) == text.Trim()) number = k;
            else error = MaskedButDifferent;
            return number is not null;
        }
        if (!parse(text, out var parsed, out error)) return false;
        number = parsed;
        return true;
    }
}
