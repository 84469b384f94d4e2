using System.Globalization;
using System.Text;

namespace FiveSocieties.Matching.Common;

/// What text people may type into the platform. Names, titles and descriptions are shown on
/// screens, written to Excel files and read aloud by screen readers: characters that nobody types
/// on purpose — control characters, bidirectional overrides that reverse what follows (display
/// spoofing), unpaired surrogates and non-characters — are refused where text enters, and never
/// shown raw where stored text leaves (<see cref="ForDisplay"/>).
public static class PlainText
{
    public enum Problem
    {
        None,
        LineBreak,        // a line break or tab in a one-line field
        ControlCharacter, // U+0000–U+001F (but tab and line breaks in prose), U+007F–U+009F
        DirectionControl, // U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C
        Invisible,        // other format characters (zero-width space, word joiner, BOM …) in a one-line field
        BrokenCharacter,  // an unpaired surrogate, U+FFFE, U+FFFF, U+FFF9–U+FFFB
    }

    /// The first thing wrong with <paramref name="value"/>; prose (descriptions, notes, reasons) may
    /// hold tabs, line breaks and joiners (emoji sequences), one-line fields none of them.
    public static Problem Check(string? value, bool multiline = false)
    {
        if (string.IsNullOrEmpty(value)) return Problem.None;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            var problem = Of(c, multiline);
            if (problem != Problem.None) return problem;
        }
        return Problem.None;
    }

    /// The Chinese sentence for a problem, with {0} for the field's name.
    public static string Message(Problem problem) => problem switch
    {
        Problem.LineBreak => "{0}只能填写一行，不能含换行或制表符。",
        Problem.ControlCharacter => "{0}含有不可见的控制字符，请删除后重新填写。",
        Problem.DirectionControl => "{0}含有改变文字方向的控制字符，请删除后重新填写。",
        Problem.Invisible => "{0}含有不可见的字符（如零宽空格），请删除后重新填写。",
        Problem.BrokenCharacter => "{0}含有无法识别的字符，请删除后重新填写。",
        _ => "",
    };

    /// Stored text as it may be shown or written to a file: whatever <see cref="Check"/> would
    /// refuse becomes U+FFFD, so an old record typed before the check cannot reverse a page or a
    /// log line, or break an export. Line breaks and tabs are kept.
    public static string ForDisplay(string? value)
    {
        if (string.IsNullOrEmpty(value) || Check(value, multiline: true) == Problem.None) return value ?? "";
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                result.Append(c).Append(value[++i]);
                continue;
            }
            result.Append(Of(c, multiline: true) == Problem.None ? c : '\uFFFD');
        }
        return result.ToString();
    }

    /// The text without control and format characters (zero-width spaces, direction overrides …) and
    /// with runs of white space made one space: what a reader sees of a one-line answer.
    public static string Visible(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var result = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                if (result.Length > 0 && result[^1] != ' ') result.Append(' ');
            }
            else if (!char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format && !char.IsSurrogate(c)) result.Append(c);
        }
        return result.ToString().Trim();
    }

    /// Whether the text holds anything a reader can see: a reason made of zero-width or direction
    /// characters and spaces is no reason.
    public static bool HasVisibleText(string? value)
    {
        if (string.IsNullOrEmpty(value)) return false;
        foreach (var c in value)
            if (!char.IsWhiteSpace(c) && !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format) return true;
        return false;
    }

    /// What is wrong with one UTF-16 unit on its own (a surrogate always counts as broken here).
    public static Problem Of(char c, bool multiline)
    {
        if (c is '\t' or '\n' or '\r') return multiline ? Problem.None : Problem.LineBreak;
        if (c < '\u0020' || c is >= '\u007F' and <= '\u009F') return Problem.ControlCharacter;
        if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C')
            return Problem.DirectionControl;
        if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' or >= '\uFFF9' and <= '\uFFFB') return Problem.BrokenCharacter;
        // Joiners (U+200C, U+200D) and variation selectors build emoji and are fine in prose.
        if (!multiline && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) return Problem.Invisible;
        return Problem.None;
    }
}
