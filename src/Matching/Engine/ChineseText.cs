using System.Buffers;
using System.Text;

namespace FiveSocieties.Matching.Engine;

/// Tokens for Chinese text without a segmentation dictionary: overlapping character bigrams of
/// each CJK run (single characters for one-character runs), and whole ASCII words and numbers,
/// lower-cased. A small domain synonym list maps residents' words to one form first
/// (送餐 → 助餐, 长者 → 老人), so both sides of a match speak the same vocabulary.
public static class ChineseText
{
    // Applied longest first, so "长者饭堂" becomes 助餐 before "长者" could turn it into "老人饭堂".
    private static readonly (string From, string To)[] Synonyms = new (string From, string To)[]
    {
        ("老年人", "老人"), ("长者", "老人"), ("老人家", "老人"), ("高龄", "老人"), ("空巢", "独居"),
        ("送餐", "助餐"), ("送饭", "助餐"), ("老年食堂", "助餐"), ("长者饭堂", "助餐"),
        ("残障人士", "残疾人"), ("残疾人士", "残疾人"), ("残障", "残疾"),
        ("小朋友", "儿童"), ("孩子", "儿童"), ("小孩", "儿童"), ("未成年人", "儿童"), ("学生", "儿童"),
        ("功课", "作业"), ("课业", "作业"), ("托管", "看护"),
        ("看病", "就医"), ("陪诊", "就医"), ("配药", "就医"),
        ("洗澡", "助浴"), ("打扫", "清洁"), ("保洁", "清洁"),
        ("情绪", "心理"), ("谈心", "心理"), ("倾诉", "心理"),
        ("律师", "法律"), ("维权", "法律"),
        ("修理", "维修"), ("电工", "维修"),
    }.OrderByDescending(s => s.From.Length).ToArray();

    private static readonly SearchValues<string> SynonymForms = SearchValues.Create(Synonyms.Select(s => s.From).ToArray(), StringComparison.Ordinal);

    /// Replaces synonyms by their canonical form.
    public static string Normalise(string text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (!text.AsSpan().ContainsAny(SynonymForms)) return text;
        var builder = new StringBuilder(text);
        foreach (var (from, to) in Synonyms) builder.Replace(from, to);
        return builder.ToString();
    }

    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        foreach (var token in TokenSpans(text)) tokens.Add(token.ToString());
        return tokens;
    }

    /// The tokens of <see cref="Tokens"/> as spans, without a string for each.
    public static TokenEnumerator TokenSpans(string text) => new(Normalise(text));

    public ref struct TokenEnumerator(string normalised)
    {
        private int _at, _runEnd = -1;
        private Span<char> _lower;

        public ReadOnlySpan<char> Current { get; private set; }

        public readonly TokenEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            // Inside a CJK run: the next bigram.
            if (_at + 1 < _runEnd)
            {
                Current = normalised.AsSpan(_at++, 2);
                return true;
            }
            if (_runEnd >= 0) _at = _runEnd;
            _runEnd = -1;
            while (_at < normalised.Length)
            {
                var c = normalised[_at];
                if (IsCjk(c))
                {
                    var start = _at;
                    var end = _at;
                    while (end < normalised.Length && IsCjk(normalised[end])) end++;
                    if (end - start == 1)
                    {
                        _at = end;
                        Current = normalised.AsSpan(start, 1);
                        return true;
                    }
                    _runEnd = end;
                    Current = normalised.AsSpan(_at++, 2);
                    return true;
                }
                if (char.IsAsciiLetterOrDigit(c))
                {
                    var start = _at;
                    while (_at < normalised.Length && char.IsAsciiLetterOrDigit(normalised[_at])) _at++;
                    var word = normalised.AsSpan(start, _at - start);
                    if (word.Length > _lower.Length) _lower = new char[Math.Max(32, word.Length)];
                    var length = word.ToLowerInvariant(_lower);
                    Current = _lower[..length];
                    return true;
                }
                _at++;
            }
            return false;
        }
    }

    /// Cosine similarity of the two texts' token counts, in [0, 1].
    public static double Similarity(string a, string b) => Similarity(TextVector.Of(a), TextVector.Of(b));

    public static double Similarity(TextVector a, TextVector b)
    {
        if (a.IsEmpty || b.IsEmpty) return 0;
        var (small, large) = a.Counts.Count <= b.Counts.Count ? (a, b) : (b, a);
        double dot = 0;
        foreach (var (token, count) in small.Counts)
            if (large.Counts.TryGetValue(token, out var other)) dot += count * other;
        return dot / (a.Norm * b.Norm);
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';
}

/// A text's token counts and their Euclidean norm, computed once and compared many times.
public sealed class TextVector
{
    private TextVector(Dictionary<string, int> counts)
    {
        Counts = counts;
        Norm = Math.Sqrt(counts.Values.Sum(c => (double)c * c));
    }

    public IReadOnlyDictionary<string, int> Counts { get; }
    public double Norm { get; }
    public bool IsEmpty => Counts.Count == 0;

    public static TextVector Of(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in ChineseText.Tokens(text)) counts[token] = counts.GetValueOrDefault(token) + 1;
        return new TextVector(counts);
    }
}
