using System.Text.RegularExpressions;
using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Catalogue;

/// Catalogue codes: an area is "elderly", an item is "elderly.meal". A provider lists the codes
/// it serves; an area code means "every item of the area".
public static partial class ServiceCode
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,31}$")]
    private static partial Regex AreaPattern();

    [GeneratedRegex("^[a-z][a-z0-9-]{1,31}\\.[a-z0-9][a-z0-9-]{0,47}$")]
    private static partial Regex ItemPattern();

    public static bool IsArea(string code) => AreaPattern().IsMatch(code);
    public static bool IsItem(string code) => ItemPattern().IsMatch(code);

    public static string AreaOf(string code)
    {
        var dot = code.IndexOf('.');
        return dot < 0 ? code : code[..dot];
    }

    /// Does a provider that lists <paramref name="served"/> serve <paramref name="itemCode"/>,
    /// either exactly or through its area?
    public static bool Serves(IEnumerable<string> served, string itemCode)
    {
        var area = AreaOf(itemCode);
        foreach (var code in served)
            if (code == itemCode || code == area) return true;
        return false;
    }

    internal static string RequireArea(string? code)
    {
        var value = code?.Trim() ?? "";
        return IsArea(value) ? value : throw new DomainException("catalogue.area-code", "服务领域代码“{0}”格式不正确。", value);
    }

    internal static string RequireItem(string? code)
    {
        var value = code?.Trim() ?? "";
        return IsItem(value) ? value : throw new DomainException("catalogue.item-code", "服务项目代码“{0}”格式不正确。", value);
    }

    /// Validates a provider's list: every entry must be an area or an item code.
    internal static List<string> RequireList(IEnumerable<string>? codes, string field)
    {
        var list = Guard.Tags(codes, field, 100, 80);
        foreach (var code in list)
            if (!IsArea(code) && !IsItem(code))
                throw new DomainException("catalogue.code", "{0}中的代码“{1}”不是有效的服务目录代码。", field, code);
        return list;
    }
}
