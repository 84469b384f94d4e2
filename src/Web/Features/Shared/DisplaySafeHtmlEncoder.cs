using System.Text.Encodings.Web;
using FiveSocieties.Matching.Common;

namespace FiveSocieties.Web.Features.Shared;

/// The HTML encoder behind every Razor page: the framework's, except that a character
/// <see cref="PlainText"/> refuses at input — a control character, a direction override such as
/// U+202E that would reverse the rest of a line, a broken surrogate — is written as U+FFFD. Input is
/// checked where it enters; this covers text stored before that check. Encoding such a character
/// as an entity (&amp;#x202E;) would not help: the browser turns it back into the override.
/// (Written as an encoder, not as a helper each view must remember to call.)
public sealed unsafe class DisplaySafeHtmlEncoder(HtmlEncoder inner) : HtmlEncoder
{
    private const char Replacement = '\uFFFD';

    public override int MaxOutputCharactersPerInputCharacter => inner.MaxOutputCharactersPerInputCharacter;

    public override string Encode(string value) => inner.Encode(PlainText.ForDisplay(value));

    public override void Encode(TextWriter output, string value, int startIndex, int characterCount) =>
        inner.Encode(output, PlainText.ForDisplay(value.Substring(startIndex, characterCount)));

    public override void Encode(TextWriter output, char[] value, int startIndex, int characterCount) =>
        inner.Encode(output, PlainText.ForDisplay(new string(value, startIndex, characterCount)));

    public override bool WillEncode(int unicodeScalar) => IsUnsafe(unicodeScalar) || inner.WillEncode(unicodeScalar);

    public override int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        var first = inner.FindFirstCharacterToEncode(text, textLength);
        var limit = first < 0 ? textLength : first;
        for (var i = 0; i < limit; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < limit && char.IsLowSurrogate(span[i + 1])) { i++; continue; }
            if (IsUnsafe(span[i])) return i;
        }
        return first;
    }

    public override bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (!IsUnsafe(unicodeScalar)) return inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        numberOfCharactersWritten = 0;
        if (bufferLength < 1) return false;
        buffer[0] = Replacement;
        numberOfCharactersWritten = 1;
        return true;
    }

    private static bool IsUnsafe(int scalar) => scalar <= char.MaxValue && PlainText.Of((char)scalar, multiline: true) != PlainText.Problem.None;
}
