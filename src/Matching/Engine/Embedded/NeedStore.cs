using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Engine.Embedded;

/// The open needs, for reverse matching, stored column by column: each listed under its item code
/// and its area code, by county and by grid cell (and once more in lists of needs asking for money,
/// for funds), so a provider finds the needs of the codes it serves in its area and checks them on
/// flat arrays.
internal sealed class NeedStore(Vocabulary tokens, Vocabulary skills, Vocabulary codes)
{
    private readonly Dictionary<long, int> _slotOf = [];
    private readonly Stack<int> _free = new();
    private readonly Dictionary<int, HashSet<long>> _countiesByCode = [];
    private readonly Dictionary<long, Box> _boxes = [];

    /// Where the located needs of a county lie (grown as needs come, never shrunk).
    internal record struct Box(double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude);
    internal readonly Postings Postings = new();

    internal NeedProfile?[] Profile = [];
    internal long[] Village = [];
    internal int[] ItemCode = [];                      // vocabulary id
    internal double[] Latitude = [], Longitude = [];   // NaN when unknown
    internal int[] Slots = [];
    internal byte[] Groups = [];
    internal long[] Amount = [];                       // fen; 0 when no money asked
    internal bool[] Children = [];
    internal int[][] SkillIds = [];                    // -1 for a skill unknown to the index
    internal byte[] SkillCount = [];                   // SkillIds' length, at most 255
    internal long[][] Excluded = [];                   // provider keys
    internal TokenBag[] Text = [];
    internal ulong[] TextSignature = [];
    internal byte[] LargestCount = [];                 // of any token of the text, at most 255
    internal long[][] Keys = [];
    private int _next;

    public int Count => _slotOf.Count;
    public int Capacity => Profile.Length;

    public void Upsert(NeedProfile need)
    {
        Remove(need.NeedId);
        var slot = _free.Count > 0 ? _free.Pop() : NextSlot();
        var village = need.Village.Number;
        var county = DivisionNumbers.AtLevel(village, RegionLevel.County);
        var keys = new List<long>(4);
        foreach (var code in new[] { need.ItemCode, need.AreaCode })
        {
            var id = codes.GetOrAdd(code);
            keys.Add(Postings.RegionKey(id, county));
            if (!_countiesByCode.TryGetValue(id, out var counties)) _countiesByCode[id] = counties = [];
            counties.Add(county);
            if (need.Location is { } at) keys.Add(Postings.CellKey(id, GeoGrid.CellOf(GeoGrid.NeedGrid, at.Latitude, at.Longitude)));
        }
        if (need.Amount is { Fen: > 0 }) keys.AddRange(keys.Select(Postings.AskingMoney).ToList());
        Profile[slot] = need;
        ItemCode[slot] = codes.GetOrAdd(need.ItemCode);
        if (need.Location is { } point)
            _boxes[county] = _boxes.TryGetValue(county, out var box)
                ? new Box(Math.Min(box.MinLatitude, point.Latitude), Math.Max(box.MaxLatitude, point.Latitude),
                    Math.Min(box.MinLongitude, point.Longitude), Math.Max(box.MaxLongitude, point.Longitude))
                : new Box(point.Latitude, point.Latitude, point.Longitude, point.Longitude);
        Village[slot] = village;
        Latitude[slot] = need.Location?.Latitude ?? double.NaN;
        Longitude[slot] = need.Location?.Longitude ?? double.NaN;
        Slots[slot] = need.Slots.Bits;
        Groups[slot] = GroupMask.Of(need.Groups);
        Amount[slot] = need.Amount?.Fen ?? 0;
        Children[slot] = need.InvolvesChildren;
        SkillIds[slot] = need.Skills.Select(s => skills.GetOrAdd(s)).ToArray();
        SkillCount[slot] = (byte)Math.Min(255, SkillIds[slot].Length);
        Excluded[slot] = need.Excluded.Select(ProviderKey.Of).ToArray();
        Text[slot] = TokenBag.Of(need.Text, tokens, add: true);
        TextSignature[slot] = Embedded.TextSignature.Of(Text[slot].Ids);
        LargestCount[slot] = Embedded.TextSignature.LargestCount(Text[slot]);
        Keys[slot] = keys.ToArray();
        foreach (var key in Keys[slot]) Postings.Add(key, slot);
        _slotOf[need.NeedId] = slot;
    }

    public bool Remove(long needId)
    {
        if (!_slotOf.Remove(needId, out var slot)) return false;
        foreach (var key in Keys[slot]) Postings.Remove(key, slot);
        Profile[slot] = null;
        SkillIds[slot] = [];
        Excluded[slot] = [];
        Text[slot] = default;
        Keys[slot] = [];
        _free.Push(slot);
        return true;
    }

    public void Clear()
    {
        _slotOf.Clear();
        _free.Clear();
        _countiesByCode.Clear();
        _boxes.Clear();
        Postings.Clear();
        _next = 0;
        Grow(0);
    }

    /// The counties holding needs of a code inside <paramref name="area"/> (a city or province).
    public IEnumerable<long> CountiesWithin(int code, long area)
    {
        if (!_countiesByCode.TryGetValue(code, out var counties)) yield break;
        foreach (var county in counties)
            if (DivisionNumbers.IsWithin(county, area)) yield return county;
    }

    /// The box of the county's located needs, if it has any.
    public Box? BoxOf(long county) => _boxes.TryGetValue(county, out var box) ? box : null;

    private int NextSlot()
    {
        if (_next == Profile.Length) Grow(Math.Max(1024, Profile.Length * 2));
        return _next++;
    }

    private void Grow(int capacity)
    {
        Array.Resize(ref Profile, capacity);
        Array.Resize(ref Village, capacity);
        Array.Resize(ref ItemCode, capacity);
        Array.Resize(ref Latitude, capacity);
        Array.Resize(ref Longitude, capacity);
        Array.Resize(ref Slots, capacity);
        Array.Resize(ref Groups, capacity);
        Array.Resize(ref Amount, capacity);
        Array.Resize(ref Children, capacity);
        Array.Resize(ref SkillIds, capacity);
        Array.Resize(ref SkillCount, capacity);
        Array.Resize(ref Excluded, capacity);
        Array.Resize(ref Text, capacity);
        Array.Resize(ref TextSignature, capacity);
        Array.Resize(ref LargestCount, capacity);
        Array.Resize(ref Keys, capacity);
    }
}
