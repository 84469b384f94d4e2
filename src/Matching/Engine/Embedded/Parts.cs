using System.Runtime.InteropServices;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Engine.Embedded;

/// A growable list of slots, removed by swapping with the last: order does not matter, since
/// every search ranks with a total order.
internal sealed class Posting
{
    private int[] _items = new int[4];

    public int Count { get; private set; }
    public ReadOnlySpan<int> Items => _items.AsSpan(0, Count);

    public void Add(int slot)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = slot;
    }

    public void Remove(int slot)
    {
        var at = Array.IndexOf(_items, slot, 0, Count);
        if (at < 0) return;
        _items[at] = _items[--Count];
        if (Count > 0 && Count * 4 < _items.Length && _items.Length > 8) Array.Resize(ref _items, _items.Length / 2);
    }
}

/// Posting lists keyed by a service code and a place (a region code or a grid cell).
internal sealed class Postings
{
    private readonly Dictionary<long, Posting> _lists = [];

    public static long RegionKey(int code, long region) => ((long)code << 40) | region;
    public static long CellKey(int code, int cell) => ((long)code << 40) | (1L << 39) | (uint)cell;
    public static long RegionKey(int code, DivisionCode region) => RegionKey(code, region.Number);

    /// The same list restricted to open needs that ask for money (the only ones a fund may serve).
    public static long AskingMoney(long key) => key | (1L << 62);

    public void Add(long key, int slot)
    {
        if (!_lists.TryGetValue(key, out var list)) _lists[key] = list = new Posting();
        list.Add(slot);
    }

    public void Remove(long key, int slot)
    {
        if (!_lists.TryGetValue(key, out var list)) return;
        list.Remove(slot);
        if (list.Count == 0) _lists.Remove(key);
    }

    public ReadOnlySpan<int> Get(long key) => _lists.TryGetValue(key, out var list) ? list.Items : [];

    public void Clear() => _lists.Clear();
}

/// Strings (text tokens, skills, service codes) numbered in order of first sight.
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public Vocabulary()
    {
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        _bySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _ids.Count;

    public int GetOrAdd(string word)
    {
        if (_ids.TryGetValue(word, out var id)) return id;
        _ids[word] = id = _ids.Count;
        return id;
    }

    public int GetOrAdd(ReadOnlySpan<char> word)
    {
        if (_bySpan.TryGetValue(word, out var id)) return id;
        return GetOrAdd(word.ToString());
    }

    public int Find(string word) => _ids.TryGetValue(word, out var id) ? id : -1;
    public int Find(ReadOnlySpan<char> word) => _bySpan.TryGetValue(word, out var id) ? id : -1;
}

/// Latitude/longitude grids. Providers that serve within a radius of home sit in the home cell of a
/// grid sized for their radius class (radius up to 2, 4, 8 … 100 km, cells about as wide as the
/// radius), so a search visits a handful of cells per class instead of a box as wide as the largest
/// radius anywhere. Open needs sit in one fixed grid. (Longitudes are not wrapped at ±180°.)
internal static class GeoGrid
{
    public const double KmPerDegree = 6371.0088 * Math.PI / 180;
    private static readonly double[] ClassKm = [2, 4, 8, 16, 32, 64, 128];

    /// The grid of open needs: tag 7, 0.05° cells.
    public const int NeedGrid = 7;

    public static int Classes => ClassKm.Length;

    public static int ClassOf(double radiusKm)
    {
        for (var i = 0; i < ClassKm.Length - 1; i++)
            if (radiusKm <= ClassKm[i]) return i;
        return ClassKm.Length - 1;
    }

    private static double CellDegrees(int grid) => grid == NeedGrid ? 0.05 : Math.Max(0.02, ClassKm[grid] / KmPerDegree);

    public static int CellOf(int grid, double latitude, double longitude)
    {
        var size = CellDegrees(grid);
        return Pack(grid, Row(latitude, size), Column(longitude, size));
    }

    /// Every cell of <paramref name="grid"/> within <paramref name="km"/> of a point (a slightly
    /// generous box; the caller checks the exact distance).
    public static void CellsAround(int grid, GeoPoint at, double km, List<int> cells)
    {
        cells.Clear();
        var size = CellDegrees(grid);
        var dLat = km / KmPerDegree * 1.01 + 1e-9;
        var maxLat = Math.Min(89.9, Math.Abs(at.Latitude) + dLat);
        var dLon = Math.Min(180, km / (KmPerDegree * Math.Cos(maxLat * Math.PI / 180)) * 1.01 + 1e-9);
        int r0 = Row(at.Latitude - dLat, size), r1 = Row(at.Latitude + dLat, size);
        int c0 = Column(at.Longitude - dLon, size), c1 = Column(at.Longitude + dLon, size);
        for (var r = r0; r <= r1; r++)
            for (var c = c0; c <= c1; c++)
                cells.Add(Pack(grid, r, c));
    }

    private static int Row(double latitude, double size) => (int)Math.Floor(Math.Clamp(latitude, -90, 90) / size);
    private static int Column(double longitude, double size) => (int)Math.Floor(Math.Clamp(longitude, -180, 180) / size);
    private static int Pack(int grid, int row, int column) => (grid << 29) | ((row + 8192) << 15) | (column + 16384);
}

/// Region keys of a village and all its ancestors (province, city, county, township, itself):
/// a provider serving any of them serves the village.
internal static class RegionKeys
{
    public static void AncestorsOf(long village, Span<long> keys)
    {
        keys[0] = DivisionNumbers.AtLevel(village, RegionLevel.Village);
        keys[1] = DivisionNumbers.AtLevel(village, RegionLevel.Township);
        keys[2] = DivisionNumbers.AtLevel(village, RegionLevel.County);
        keys[3] = DivisionNumbers.AtLevel(village, RegionLevel.City);
        keys[4] = DivisionNumbers.AtLevel(village, RegionLevel.Province);
    }
}

/// Providers packed as kind (top byte) and id, so that comparing packed keys orders by kind then id.
internal static class ProviderKey
{
    public static long Of(ProviderRef p) => ((long)p.Kind << 56) | p.Id;
    public static ProviderRef Ref(long key) => new((Catalogue.ResourceKind)(key >>> 56), key & ((1L << 56) - 1));
}

/// The best <c>k</c> entries seen, by score then by key (lower key wins a tie): a binary heap
/// with the worst kept entry on top.
internal sealed class TopK(int k)
{
    private readonly (double Score, long Key, int Slot)[] _heap = new (double, long, int)[Math.Max(1, k)];

    public int Count { get; private set; }
    public bool IsFull => Count == k;
    public double Worst => _heap[0].Score;

    public void Offer(double score, long key, int slot)
    {
        if (k <= 0) return;
        if (Count < k)
        {
            _heap[Count] = (score, key, slot);
            Up(Count++);
        }
        else if (Better(score, key, _heap[0].Score, _heap[0].Key))
        {
            _heap[0] = (score, key, slot);
            Down(0);
        }
    }

    /// Best first.
    public (double Score, long Key, int Slot)[] Sorted()
    {
        var result = _heap.AsSpan(0, Count).ToArray();
        Array.Sort(result, (a, b) => Better(a.Score, a.Key, b.Score, b.Key) ? -1 : Better(b.Score, b.Key, a.Score, a.Key) ? 1 : 0);
        return result;
    }

    private static bool Better(double s1, long k1, double s2, long k2) => s1 > s2 || (s1 == s2 && k1 < k2);

    private void Up(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(_heap[parent].Score, _heap[parent].Key, _heap[i].Score, _heap[i].Key)) break;
            (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
            i = parent;
        }
    }

    private void Down(int i)
    {
        while (true)
        {
            int left = 2 * i + 1, right = left + 1, worst = i;
            if (left < Count && Better(_heap[worst].Score, _heap[worst].Key, _heap[left].Score, _heap[left].Key)) worst = left;
            if (right < Count && Better(_heap[worst].Score, _heap[worst].Key, _heap[right].Score, _heap[right].Key)) worst = right;
            if (worst == i) return;
            (_heap[worst], _heap[i]) = (_heap[i], _heap[worst]);
            i = worst;
        }
    }
}

/// Unsigned LEB128 integers, for the packed token lists and posting keys.
internal static class VarInt
{
    public static void Write(List<byte> to, ulong value)
    {
        while (value >= 0x80)
        {
            to.Add((byte)(value | 0x80));
            value >>= 7;
        }
        to.Add((byte)value);
    }

    public static uint Read(ReadOnlySpan<byte> from, ref int at) => (uint)ReadLong(from, ref at);

    public static ulong ReadLong(ReadOnlySpan<byte> from, ref int at)
    {
        ulong value = 0;
        var shift = 0;
        byte b;
        do
        {
            b = from[at++];
            value |= (ulong)(b & 0x7f) << shift;
            shift += 7;
        } while (b >= 0x80);
        return value;
    }
}

/// A text as sorted distinct token ids with their counts, and the sum of squared counts over all
/// its tokens (known to the vocabulary or not), from which the cosine of
/// <see cref="ChineseText.Similarity(TextVector, TextVector)"/> is computed exactly.
internal readonly record struct TokenBag(int[] Ids, int[] Counts, long SumOfSquares)
{
    public static TokenBag Of(string text, Vocabulary vocabulary, bool add)
    {
        var known = new Dictionary<int, int>();
        Dictionary<string, int>? unknown = null;
        foreach (var token in ChineseText.TokenSpans(text))
        {
            var id = add ? vocabulary.GetOrAdd(token) : vocabulary.Find(token);
            if (id >= 0) CollectionsMarshal.GetValueRefOrAddDefault(known, id, out _)++;
            else CollectionsMarshal.GetValueRefOrAddDefault(unknown ??= new(StringComparer.Ordinal), token.ToString(), out _)++;
        }
        long sum = 0;
        var ids = new int[known.Count];
        var counts = new int[known.Count];
        var i = 0;
        foreach (var (id, count) in known)
        {
            sum += (long)count * count;
            ids[i] = id;
            counts[i++] = count;
        }
        if (unknown is not null)
            foreach (var count in unknown.Values) sum += (long)count * count;
        Array.Sort(ids, counts);
        return new TokenBag(ids, counts, sum);
    }

    public double Norm => Math.Sqrt(SumOfSquares);

    /// The same arithmetic as <see cref="ChineseText.Similarity(TextVector, TextVector)"/>: an exact
    /// integer dot product divided by the product of the two norms.
    public static double Cosine(long dot, double normA, double normB) => dot == 0 || normA == 0 || normB == 0 ? 0 : dot / (normA * normB);
}

/// A text's tokens hashed onto the 64 bits of a word, for a cheap upper bound on the cosine before
/// the tokens themselves are compared: two texts can only share tokens whose bits both have set,
/// so the dot product is at most the query's counts on the common bits times the other text's
/// largest count.
internal static class TextSignature
{
    public static int Bit(int tokenId) => (int)((ulong)tokenId * 0x9E3779B97F4A7C15UL >> 58);

    /// The largest count of any token of the text, at most 255 (which stands for 255 or more).
    public static byte LargestCount(TokenBag bag)
    {
        var largest = 0;
        foreach (var count in bag.Counts) largest = Math.Max(largest, count);
        return (byte)Math.Min(255, largest);
    }

    public static ulong Of(int[] ids)
    {
        var signature = 0UL;
        foreach (var id in ids) signature |= 1UL << Bit(id);
        return signature;
    }

    /// The query's counts summed per bit.
    public sealed class Query
    {
        private readonly long[] _perBit = new long[64];
        private readonly double _norm;
        public ulong Signature { get; }

        public Query(TokenBag bag)
        {
            for (var i = 0; i < bag.Ids.Length; i++)
            {
                var bit = Bit(bag.Ids[i]);
                Signature |= 1UL << bit;
                _perBit[bit] += bag.Counts[i];
            }
            _norm = bag.Norm;
        }

        /// At least the cosine between the query and a text with this signature, largest count (255:
        /// 255 or more) and sum of squares.
        public double CosineAtMost(ulong signature, int largestCount, double sumOfSquares)
        {
            var common = Signature & signature;
            if (common == 0) return 0;
            if (largestCount >= 255) return 1;
            long dot = 0;
            while (common != 0)
            {
                dot += _perBit[System.Numerics.BitOperations.TrailingZeroCount(common)];
                common &= common - 1;
            }
            return Math.Min(1, TokenBag.Cosine(dot * largestCount, _norm, Math.Sqrt(sumOfSquares)));
        }
    }
}

/// Per-thread scratch: the query's token counts spread over the vocabulary, and a visit stamp per slot.
internal sealed class Scratch
{
    [ThreadStatic] private static Scratch? _current;

    public int[] Counts = [];
    public int[] Stamps = [];
    public int Stamp;
    public readonly List<int> Cells = [];

    public static Scratch For(int vocabulary, int slots)
    {
        var s = _current ??= new Scratch();
        if (s.Counts.Length < vocabulary) s.Counts = new int[Math.Max(vocabulary, s.Counts.Length * 2)];
        if (s.Stamps.Length < slots)
        {
            s.Stamps = new int[Math.Max(slots, s.Stamps.Length * 2)];
            s.Stamp = 0;
        }
        if (++s.Stamp == int.MaxValue)
        {
            Array.Clear(s.Stamps);
            s.Stamp = 1;
        }
        return s;
    }

    public void Spread(TokenBag bag)
    {
        for (var i = 0; i < bag.Ids.Length; i++) Counts[bag.Ids[i]] = bag.Counts[i];
    }

    public void Clear(TokenBag bag)
    {
        foreach (var id in bag.Ids) Counts[id] = 0;
    }
}
