namespace FiveSocieties.Matching.Common;

/// Small checks shared by the aggregates; each failure is a <see cref="DomainException"/> in Chinese.
internal static class Guard
{
    /// Trimmed text within a length; one line unless <paramref name="multiline"/> (descriptions,
    /// notes, reasons), and never a character <see cref="PlainText"/> refuses.
    public static string Text(string? value, string field, int maxLength, bool required = true, bool multiline = false)
    {
        var trimmed = value?.Trim() ?? "";
        if (required && !PlainText.HasVisibleText(trimmed))
            throw new DomainException("field.required", "{0}不能为空。", field);
        if (trimmed.Length > maxLength)
            throw new DomainException("field.too-long", "{0}不能超过 {1} 个字。", field, maxLength);
        if (PlainText.Check(trimmed, multiline) is var problem and not PlainText.Problem.None)
            throw new DomainException("field.characters", PlainText.Message(problem), field);
        return trimmed;
    }

    public static string? OptionalText(string? value, string field, int maxLength, bool multiline = false)
    {
        var text = Text(value, field, maxLength, required: false, multiline);
        return text.Length == 0 ? null : text;
    }

    /// A value the enum defines: a number sent for an enum (7 for an urgency) is refused, never stored.
    public static T Defined<T>(T value, string field) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new DomainException("field.undefined", "{0}的值无效。", field);
        return value;
    }

    public static IReadOnlyList<T> Defined<T>(IEnumerable<T> values, string field) where T : struct, Enum
    {
        var list = values.ToList();
        foreach (var value in list) Defined(value, field);
        return list;
    }

    public static int Range(int value, string field, int min, int max)
    {
        if (value < min || value > max)
            throw new DomainException("field.range", "{0}应在 {1} 到 {2} 之间。", field, min, max);
        return value;
    }

    public static double Range(double value, string field, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
            throw new DomainException("field.range", "{0}应在 {1} 到 {2} 之间。", field, min, max);
        return value;
    }

    public static string Actor(string actorId)
    {
        if (string.IsNullOrWhiteSpace(actorId))
            throw new DomainException("actor.required", "必须记录操作人。");
        return actorId;
    }

    /// Distinct, trimmed, non-empty entries, each within a length limit; order kept.
    public static List<string> Tags(IEnumerable<string>? values, string field, int maxCount, int maxLength)
    {
        var result = new List<string>();
        foreach (var raw in values ?? [])
        {
            var value = raw?.Trim() ?? "";
            if (value.Length == 0 || result.Contains(value, StringComparer.Ordinal)) continue;
            if (value.Length > maxLength)
                throw new DomainException("field.too-long", "{0}中的“{1}”过长（最多 {2} 个字）。", field, value, maxLength);
            if (PlainText.Check(value) is var problem and not PlainText.Problem.None)
                throw new DomainException("field.characters", PlainText.Message(problem), field);
            result.Add(value);
        }
        if (result.Count > maxCount)
            throw new DomainException("field.too-many", "{0}最多 {1} 项。", field, maxCount);
        return result;
    }
}
