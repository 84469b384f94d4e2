using System.Globalization;
using FiveSocieties.Infrastructure.Imports;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Shared;

namespace FiveSocieties.Web.Features.Imports;

/// Reads one row's cells by column key, turning what people write in rosters into values:
/// Chinese names of services, groups and types, dates as Excel or people write them, and weekly
/// times such as "周一至周五晚上". Each unreadable cell adds an error naming its column.
public sealed class CellReader(
    IReadOnlyDictionary<string, string> cells,
    IReadOnlyDictionary<string, string> headerOf,
    IReadOnlyDictionary<string, string> serviceCodes,
    int row,
    List<ImportError> errors)
{
    private readonly int _errorsBefore = errors.Count;

    public int Row => row;

    /// Did any cell of this row fail to read?
    public bool HasErrors => errors.Count > _errorsBefore;

    public string? Text(string key) => cells.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    public string Header(string key) => headerOf.GetValueOrDefault(key, key);

    public void Error(string key, string message) => errors.Add(new ImportError(row, headerOf.GetValueOrDefault(key, key), message));

    /// Did this cell already fail to read? (Its follow-on messages, such as "请至少选择一项" after an
    /// unknown service, would only confuse.)
    public bool HasError(string key) => errors.Skip(_errorsBefore).Any(e => e.Column == headerOf.GetValueOrDefault(key, key));

    public List<string> List(string key) => Resources.InputReader.Split(Text(key));

    public int? Int(string key)
    {
        var text = Text(key);
        if (text is null) return null;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value == decimal.Truncate(value)
            && value is >= int.MinValue and <= int.MaxValue)
            return (int)value;
        Error(key, $"“{text}”不是整数。");
        return null;
    }

    public double? Double(string key)
    {
        var text = Text(key);
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        Error(key, $"“{text}”不是数字。");
        return null;
    }

    /// Amounts of money in yuan: "5000", "5,000", "¥5000", "5000元", "0.5万".
    public decimal? Yuan(string key)
    {
        var text = Text(key)?.Replace(",", "").Replace("，", "").Replace("¥", "").Replace("￥", "").Replace("元", "").Trim();
        if (text is null) return null;
        var factor = 1m;
        if (text.EndsWith('万'))
        {
            factor = 10_000m;
            text = text[..^1];
        }
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) return value * factor;
        Error(key, $"“{Text(key)}”不是金额。");
        return null;
    }

    /// 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, or an Excel date serial.
    public DateOnly? Date(string key)
    {
        var text = Text(key);
        if (text is null) return null;
        var normal = text.Replace("年", "-").Replace("月", "-").Replace("日", "").Replace('/', '-').Replace('.', '-').Trim('-', ' ');
        if (DateOnly.TryParseExact(normal, ["yyyy-M-d", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (date >= InputRules.EarliestDate && date <= InputRules.LatestDate) return date;
            Error(key, $"“{text}”超出可填写的日期范围（1900 年至 2099 年）。");
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 20000 and < 80000)
            return DateOnly.FromDateTime(DateTime.FromOADate(serial));
        Error(key, $"“{text}”不是日期，请写成 2026-03-01。");
        return null;
    }

    /// Catalogue areas or items by name ("养老服务", "助餐服务") or code ("elderly.meal").
    public List<string> Services(string key)
    {
        var codes = new List<string>();
        foreach (var name in List(key))
        {
            if (serviceCodes.TryGetValue(name, out var code) || serviceCodes.TryGetValue(name.ToLowerInvariant(), out code)) codes.Add(code);
            else Error(key, $"服务目录中没有“{name}”。");
        }
        return codes.Distinct().ToList();
    }

    public List<BeneficiaryGroup> Groups(string key)
    {
        var groups = new List<BeneficiaryGroup>();
        foreach (var name in List(key))
        {
            var group = BeneficiaryGroups.All.Cast<BeneficiaryGroup?>().FirstOrDefault(g =>
                Labels.Of(g!.Value) == name || g.Value.ToString().Equals(name, StringComparison.OrdinalIgnoreCase)
                || name.Length >= 2 && Labels.Of(g.Value).Contains(name, StringComparison.Ordinal));
            if (group is { } found) groups.Add(found);
            else Error(key, $"“{name}”不是服务对象类别（普通居民、特困供养人员、低保对象、独居困难老人、困境儿童、留守儿童、残疾人）。");
        }
        return groups.Distinct().ToList();
    }

    /// An enum by its Chinese label or English name; the default when the cell is empty.
    public T Choice<T>(string key, T fallback, Func<T, string> label) where T : struct, Enum
    {
        var text = Text(key);
        if (text is null) return fallback;
        foreach (var value in Enum.GetValues<T>())
            if (label(value) == text || value.ToString().Equals(text, StringComparison.OrdinalIgnoreCase)
                || label(value).StartsWith(text, StringComparison.Ordinal) && text.Length >= 2)
                return value;
        Error(key, $"“{text}”不是可选的值（{string.Join(" / ", Enum.GetValues<T>().Select(label))}）。");
        return fallback;
    }

    public ConsentMethod? Consent(string key)
    {
        var text = Text(key);
        if (text is null) return null;
        if (text.Contains('口')) return ConsentMethod.VerbalRecordedByStaff;
        if (text.Contains('书') || text.Contains("签")) return ConsentMethod.WrittenSigned;
        Error(key, $"“{text}”不是同意方式，请填“口头”或“书面”。");
        return null;
    }

    /// Weekly times as the bits of the grid, from "周六上午、周日下午", "周一至周五晚上", "周末全天", "每天".
    public List<int> Slots(string key)
    {
        var bits = new List<int>();
        foreach (var part in List(key))
        {
            if (TryWeekly(part, out var found)) bits.AddRange(found);
            else Error(key, $"无法识别的时间“{part}”，请写成“周六上午”“周一至周五晚上”“周末全天”。");
        }
        return bits.Distinct().Order().ToList();
    }

    private static readonly string[] DayChars = ["一", "二", "三", "四", "五", "六", "日"];

    private static bool TryWeekly(string text, out List<int> bits)
    {
        bits = [];
        var t = text.Replace("星期", "周").Replace("礼拜", "周").Replace("周天", "周日").Replace("至", "-").Replace("到", "-").Replace("~", "-").Replace("—", "-");
        var parts = new List<int>();
        if (t.Contains("上午") || t.Contains("早上")) parts.Add(0);
        if (t.Contains("下午")) parts.Add(1);
        if (t.Contains("晚上") || t.Contains("夜间")) parts.Add(2);
        if (parts.Count == 0) parts = [0, 1, 2]; // "周六" or "全天": the whole day

        var days = new List<int>();
        if (t.Contains("每天") || t.Contains("每日") || t.StartsWith("全天", StringComparison.Ordinal)) days = [0, 1, 2, 3, 4, 5, 6];
        if (t.Contains("工作日")) days.AddRange([0, 1, 2, 3, 4]);
        if (t.Contains("周末") || t.Contains("双休")) days.AddRange([5, 6]);
        var range = System.Text.RegularExpressions.Regex.Match(t, "周([一二三四五六日])-周?([一二三四五六日])");
        if (range.Success)
        {
            int from = Array.IndexOf(DayChars, range.Groups[1].Value), to = Array.IndexOf(DayChars, range.Groups[2].Value);
            for (var d = from; d <= to; d++) days.Add(d);
        }
        else
        {
            foreach (System.Text.RegularExpressions.Match single in System.Text.RegularExpressions.Regex.Matches(t, "周([一二三四五六日])"))
                days.Add(Array.IndexOf(DayChars, single.Groups[1].Value));
        }
        if (days.Count == 0) return false;
        foreach (var day in days.Distinct())
            foreach (var p in parts)
                bits.Add(day * 3 + p);
        return true;
    }
}
