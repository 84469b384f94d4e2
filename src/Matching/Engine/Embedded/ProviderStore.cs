using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Engine.Embedded;

/// The active providers, one slot each, stored column by column in flat arrays (no object per
/// provider), with posting lists by service code and place. Text tokens, skills and posting keys
/// are packed as variable-length integers in one byte arena.
internal sealed class ProviderStore(MatchingWeights weights, Vocabulary tokens, Vocabulary skills, Vocabulary codes)
{
    private const int NoDay = int.MinValue;

    private readonly Dictionary<long, int> _slotOf = [];
    private readonly Stack<int> _free = new();
    internal readonly Postings Postings = new();

    /// What a search reads of every candidate, side by side in memory.
    internal struct Row
    {
        public long Key;
        public ulong TextSignature;   // see Embedded.TextSignature
        public double Latitude, Longitude, Radius;
        public long Home;
        public double ProviderPoints;
        public int Capacity;          // int.MaxValue when not limited
        public int Availability;
        public int BackgroundUntil, ActiveFrom, ActiveUntil; // day numbers
        public int BlobAt;
        public int SumOfSquares;
        public byte Groups;           // eligible beneficiary groups, 0 = all
        public byte Flags;            // bit 0: radius-based; bit 1: has a location
        public byte LargestCount;     // the largest count of any token of the text (at most 255)
    }

    internal Row[] Rows = [];
    internal ProviderRecord[] Record = [];
    private readonly Dictionary<int, (long Budget, long MaxGrant)> _funds = [];

    private byte[] _arena = new byte[1 << 16];
    private int _arenaUsed, _arenaGarbage;

    public int Count => _slotOf.Count;
    public int Slots => Rows.Length;
    /// The largest radius seen in each radius class (0 when the class is empty).
    public double[] MaxRadiusKm { get; } = new double[GeoGrid.Classes];

    public void Reserve(int capacity)
    {
        if (capacity > Rows.Length) Grow(capacity);
    }

    public void Upsert(ProviderProfile p)
    {
        var key = ProviderKey.Of(p.Ref);
        Remove(key);
        if (!p.IsActive) return;
        var slot = _free.Count > 0 ? _free.Pop() : NextSlot();
        var radiusBased = p.RadiusKm is not null;
        ref var row = ref Rows[slot];
        row.Key = key;
        row.Flags = (byte)((radiusBased ? 1 : 0) | (p.Location is not null ? 2 : 0));
        row.Latitude = p.Location?.Latitude ?? 0;
        row.Longitude = p.Location?.Longitude ?? 0;
        row.Radius = p.RadiusKm ?? 0;
        if (radiusBased && p.Location is not null)
        {
            var radiusClass = GeoGrid.ClassOf(p.RadiusKm!.Value);
            MaxRadiusKm[radiusClass] = Math.Max(MaxRadiusKm[radiusClass], p.RadiusKm.Value);
        }
        row.Capacity = p.CapacityLeft ?? int.MaxValue;
        if (p.Ref.Kind == ResourceKind.Fund) _funds[slot] = (p.RemainingBudget?.Fen ?? -1, p.MaxPerGrant?.Fen ?? -1);
        row.Groups = GroupMask.Of(p.EligibleGroups);
        row.Availability = p.Availability.Bits;
        row.BackgroundUntil = p.BackgroundCheckValidUntil?.DayNumber ?? NoDay;
        row.ActiveFrom = p.ActiveFrom?.DayNumber ?? NoDay;
        row.ActiveUntil = p.ActiveUntil?.DayNumber ?? NoDay;
        row.Home = p.HomeRegion.Number;
        row.ProviderPoints = Ranker.ProviderPoints(p.Record, weights);
        Record[slot] = p.Record;

        var bag = TokenBag.Of(p.Text, tokens, add: true);
        Rows[slot].SumOfSquares = checked((int)bag.SumOfSquares);
        Rows[slot].TextSignature = TextSignature.Of(bag.Ids);
        Rows[slot].LargestCount = TextSignature.LargestCount(bag);
        var blob = new List<byte>(bag.Ids.Length * 2 + 16);
        var skillIds = p.Skills.Select(skills.GetOrAdd).Distinct().Order().ToArray();
        VarInt.Write(blob, (uint)skillIds.Length);
        foreach (var id in skillIds) VarInt.Write(blob, (uint)id);
        var previous = 0;
        VarInt.Write(blob, (uint)bag.Ids.Length);
        for (var i = 0; i < bag.Ids.Length; i++)
        {
            var delta = (uint)(bag.Ids[i] - previous);
            previous = bag.Ids[i];
            var many = bag.Counts[i] > 1;
            VarInt.Write(blob, (delta << 1) | (many ? 1u : 0u));
            if (many) VarInt.Write(blob, (uint)bag.Counts[i]);
        }

        var keys = PostingKeys(p).Distinct().ToArray();
        VarInt.Write(blob, (uint)keys.Length);
        foreach (var k in keys)
        {
            VarInt.Write(blob, (ulong)k);
            Postings.Add(k, slot);
        }
        Rows[slot].BlobAt = Append(blob);
        // Only now a live slot: a compaction during Append copies live blobs, and this slot's
        // BlobAt pointed at a freed blob (or into an arena long gone) until the line above.
        _slotOf[key] = slot;
    }

    public bool Remove(long key)
    {
        if (!_slotOf.Remove(key, out var slot)) return false;
        var blob = Blob(slot);
        var at = 0;
        SkipSkills(blob, ref at);
        SkipTokens(blob, ref at);
        var keyCount = VarInt.Read(blob, ref at);
        for (var i = 0; i < keyCount; i++) Postings.Remove((long)VarInt.ReadLong(blob, ref at), slot);
        _arenaGarbage += at;
        Rows[slot].Key = 0;
        _funds.Remove(slot);
        _free.Push(slot);
        return true;
    }

    public void Clear()
    {
        _slotOf.Clear();
        _free.Clear();
        Postings.Clear();
        _funds.Clear();
        Grow(0);
        _arena = new byte[1 << 16];
        _arenaUsed = _arenaGarbage = 0;
        Array.Clear(MaxRadiusKm);
    }

    public ReadOnlySpan<byte> Blob(int slot) => _arena.AsSpan(Rows[slot].BlobAt);

    /// A fund's remaining budget and maximum grant, in fen (-1 when not set).
    public (long Budget, long MaxGrant) Fund(int slot) => _funds.TryGetValue(slot, out var fund) ? fund : (-1, -1);

    /// What is wrong with the store's bookkeeping (for tests): every live slot's blob parses and
    /// lists the slot under its posting keys, and the arena holds the live blobs and the garbage
    /// it counts, nothing else.
    internal List<string> Problems()
    {
        var problems = new List<string>();
        long live = 0;
        foreach (var (key, slot) in _slotOf)
        {
            if (Rows[slot].Key != key) problems.Add($"slot {slot} holds {Rows[slot].Key}, not {key}");
            var blob = Blob(slot);
            var at = 0;
            SkipSkills(blob, ref at);
            SkipTokens(blob, ref at);
            var keyCount = VarInt.Read(blob, ref at);
            for (var i = 0; i < keyCount; i++)
                if (Postings.Get((long)VarInt.ReadLong(blob, ref at)).IndexOf(slot) < 0) problems.Add($"slot {slot} missing from a posting list");
            live += at;
        }
        if (live + _arenaGarbage != _arenaUsed) problems.Add($"arena holds {_arenaUsed} bytes: {live} live, {_arenaGarbage} garbage");
        return problems;
    }

    /// Drops the arena's spare room after a bulk load.
    public void TrimExcess()
    {
        if (_arenaGarbage > 0) Compact();
        Array.Resize(ref _arena, Math.Max(_arenaUsed, 1024));
    }

    /// The dot product of this provider's token counts with the query's, spread in <paramref name="counts"/>.
    public long Dot(int slot, int[] counts)
    {
        var blob = Blob(slot);
        var at = 0;
        SkipSkills(blob, ref at);
        var n = VarInt.Read(blob, ref at);
        long dot = 0;
        var id = 0;
        for (var i = 0; i < n; i++)
        {
            var v = VarInt.Read(blob, ref at);
            id += (int)(v >> 1);
            var count = (v & 1) != 0 ? (int)VarInt.Read(blob, ref at) : 1;
            dot += (long)count * counts[id];
        }
        return dot;
    }

    /// The provider's skill ids, sorted.
    public int[] SkillIds(int slot)
    {
        var blob = Blob(slot);
        var at = 0;
        var n = (int)VarInt.Read(blob, ref at);
        var ids = new int[n];
        for (var i = 0; i < n; i++) ids[i] = (int)VarInt.Read(blob, ref at);
        return ids;
    }

    /// How many of the wanted skills (ids, -1 when unknown to the index) the provider has.
    public int SkillsHad(int slot, ReadOnlySpan<int> wanted)
    {
        if (wanted.Length == 0) return 0;
        var blob = Blob(slot);
        var at = 0;
        var n = (int)VarInt.Read(blob, ref at);
        if (n == 0) return 0;
        Span<int> have = n <= 64 ? stackalloc int[n] : new int[n];
        for (var i = 0; i < n; i++) have[i] = (int)VarInt.Read(blob, ref at);
        var had = 0;
        foreach (var skill in wanted)
            if (skill >= 0 && have.BinarySearch(skill) >= 0) had++;
        return had;
    }

    /// Where a provider is listed: for each code it serves, the regions of its service area, or
    /// its home grid cell when it serves within a radius. A provider that could never be in area
    /// (no area, or a radius without a home position) is not listed at all.
    private IEnumerable<long> PostingKeys(ProviderProfile p)
    {
        foreach (var code in p.ServiceCodes)
        {
            var id = codes.GetOrAdd(code);
            if (p.RadiusKm is not null)
            {
                if (p.Location is { } home)
                    yield return Postings.CellKey(id, GeoGrid.CellOf(GeoGrid.ClassOf(p.RadiusKm.Value), home.Latitude, home.Longitude));
            }
            else
                foreach (var region in p.ServiceArea)
                    yield return Postings.RegionKey(id, region);
        }
    }

    private static void SkipSkills(ReadOnlySpan<byte> blob, ref int at)
    {
        var n = VarInt.Read(blob, ref at);
        for (var i = 0; i < n; i++) VarInt.Read(blob, ref at);
    }

    private static void SkipTokens(ReadOnlySpan<byte> blob, ref int at)
    {
        var n = VarInt.Read(blob, ref at);
        for (var i = 0; i < n; i++)
            if ((VarInt.Read(blob, ref at) & 1) != 0) VarInt.Read(blob, ref at);
    }

    private int Append(List<byte> blob)
    {
        if (_arenaUsed + blob.Count > _arena.Length)
        {
            if (_arenaGarbage > _arenaUsed / 2) Compact();
            if (_arenaUsed + blob.Count > _arena.Length)
                Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + blob.Count));
        }
        var at = _arenaUsed;
        for (var i = 0; i < blob.Count; i++) _arena[at + i] = blob[i];
        _arenaUsed += blob.Count;
        return at;
    }

    /// Copies the live blobs to a fresh arena, dropping those of removed or replaced providers.
    private void Compact()
    {
        var fresh = new byte[Math.Max(_arenaUsed - _arenaGarbage, _arena.Length)];
        var used = 0;
        foreach (var slot in _slotOf.Values)
        {
            var blob = Blob(slot);
            var length = BlobLength(blob);
            blob[..length].CopyTo(fresh.AsSpan(used));
            Rows[slot].BlobAt = used;
            used += length;
        }
        _arena = fresh;
        _arenaUsed = used;
        _arenaGarbage = 0;
    }

    private static int BlobLength(ReadOnlySpan<byte> blob)
    {
        var at = 0;
        SkipSkills(blob, ref at);
        SkipTokens(blob, ref at);
        var keyCount = VarInt.Read(blob, ref at);
        for (var i = 0; i < keyCount; i++) VarInt.ReadLong(blob, ref at);
        return at;
    }

    private int _next;

    private int NextSlot()
    {
        if (_next == Rows.Length) Grow(Math.Max(1024, Rows.Length * 2));
        return _next++;
    }

    private void Grow(int capacity)
    {
        if (capacity == 0) _next = 0;
        Array.Resize(ref Rows, capacity);
        Array.Resize(ref Record, capacity);
    }
}

/// Beneficiary groups as bits of a byte.
internal static class GroupMask
{
    public static byte Of(IEnumerable<People.BeneficiaryGroup> groups)
    {
        var mask = 0;
        foreach (var g in groups) mask |= 1 << (int)g;
        return (byte)mask;
    }
}
