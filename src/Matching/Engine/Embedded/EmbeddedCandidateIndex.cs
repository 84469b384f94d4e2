using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Engine.Embedded;

/// The default candidate index: in process, no server. Providers are pruned by service code and
/// place (service-area regions, or a geographic grid for radius-based volunteers) through posting
/// lists, checked against the hard rules on compact columns, scored with <see cref="Ranker"/>'s
/// arithmetic and kept in a top-k heap; a candidate whose best possible score cannot enter the
/// heap is dropped before its text is compared. Only the final top k are explained.
/// Thread-safe: searches share a read lock, changes take the write lock.
public sealed class EmbeddedCandidateIndex : ICandidateIndex, IDisposable
{
    private readonly MatchingWeights _weights;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Vocabulary _tokens = new(), _skills = new(), _codes = new();
    private readonly ProviderStore _providers;
    private readonly NeedStore _needs;

    public EmbeddedCandidateIndex(MatchingWeights weights)
    {
        var problems = weights.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(weights));
        _weights = weights;
        _providers = new ProviderStore(weights, _tokens, _skills, _codes);
        _needs = new NeedStore(_tokens, _skills, _codes);
    }

    public ValueTask ReplaceAllAsync(IEnumerable<ProviderProfile> providers, IEnumerable<NeedProfile> openNeeds, CancellationToken ct = default)
    {
        ReplaceAll(providers, openNeeds);
        return ValueTask.CompletedTask;
    }

    public void ReplaceAll(IEnumerable<ProviderProfile> providers, IEnumerable<NeedProfile> openNeeds)
    {
        Write(() =>
        {
            _providers.Clear();
            _needs.Clear();
            if (providers.TryGetNonEnumeratedCount(out var count)) _providers.Reserve(count);
            foreach (var p in providers) _providers.Upsert(p);
            foreach (var n in openNeeds) _needs.Upsert(n);
            _providers.TrimExcess();
        });
    }

    public ValueTask UpsertProviderAsync(ProviderProfile provider, CancellationToken ct = default)
    {
        Write(() => _providers.Upsert(provider));
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveProviderAsync(ProviderRef provider, CancellationToken ct = default)
    {
        Write(() => _providers.Remove(ProviderKey.Of(provider)));
        return ValueTask.CompletedTask;
    }

    public ValueTask UpsertNeedAsync(NeedProfile need, CancellationToken ct = default)
    {
        Write(() => _needs.Upsert(need));
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveNeedAsync(long needId, CancellationToken ct = default)
    {
        Write(() => _needs.Remove(needId));
        return ValueTask.CompletedTask;
    }

    public ValueTask<IndexCounts> CountAsync(CancellationToken ct = default) =>
        ValueTask.FromResult(Read(() => new IndexCounts(_providers.Count, _needs.Count)));

    public ValueTask<IReadOnlyList<RankedCandidate>> SearchProvidersAsync(NeedProfile need, ProviderQuery query, CancellationToken ct = default) =>
        ValueTask.FromResult(SearchProviders(need, query));

    public ValueTask<IReadOnlyList<RankedNeed>> SearchNeedsAsync(ProviderProfile provider, NeedQuery query, CancellationToken ct = default) =>
        ValueTask.FromResult(SearchNeeds(provider, query));

    public IReadOnlyList<RankedCandidate> SearchProviders(NeedProfile need, ProviderQuery query) =>
        Read(() => new ProviderSearch(this, need, query).Run());

    public IReadOnlyList<RankedNeed> SearchNeeds(ProviderProfile provider, NeedQuery query) =>
        Read(() => new NeedSearch(this, provider, query).Run());

    public void Dispose() => _lock.Dispose();

    /// What is wrong with the index's own bookkeeping, for tests; nothing when all is well.
    internal IReadOnlyList<string> Problems() => Read(_providers.Problems);

    private void Write(Action change)
    {
        _lock.EnterWriteLock();
        try { change(); }
        finally { _lock.ExitWriteLock(); }
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try { return read(); }
        finally { _lock.ExitReadLock(); }
    }

    /// One search for the providers of a need.
    private sealed class ProviderSearch
    {
        private readonly EmbeddedCandidateIndex _index;
        private readonly ProviderStore _store;
        private readonly NeedProfile _need;
        private readonly ProviderQuery _query;
        private readonly Collector _collector;
        private readonly Scratch _scratch;
        private readonly TokenBag _text;
        private readonly TextSignature.Query _textBound;
        private readonly int[] _skills;
        private readonly byte _groups;
        private readonly int _today;
        private readonly long _amount, _village;
        private readonly HashSet<long> _excluded;

        public ProviderSearch(EmbeddedCandidateIndex index, NeedProfile need, ProviderQuery query)
        {
            _index = index;
            _store = index._providers;
            _need = need;
            _query = query;
            _collector = new Collector(Math.Clamp(query.Top, 0, ProviderQuery.MaxTop), index._weights, TextOf);
            _scratch = Scratch.For(index._tokens.Count, _store.Slots);
            _text = TokenBag.Of(need.Text, index._tokens, add: false);
            _textBound = new TextSignature.Query(_text);
            _skills = need.Skills.Select(index._skills.Find).ToArray();
            _groups = GroupMask.Of(need.Groups);
            _today = query.Today.DayNumber;
            _amount = need.Amount?.Fen ?? 0;
            _village = need.Village.Number;
            _excluded = need.Excluded.Select(ProviderKey.Of).ToHashSet();
        }

        public IReadOnlyList<RankedCandidate> Run()
        {
            if (_collector.Top == 0) return [];
            _scratch.Spread(_text);
            try
            {
                // Exact item first, so that a provider listing both the item and its area counts as exact.
                Visit(_index._codes.Find(_need.ItemCode), exact: true);
                Visit(_index._codes.Find(_need.AreaCode), exact: false);
                return _collector.Finish().Select(Explain).ToList();
            }
            finally
            {
                _scratch.Clear(_text);
            }
        }

        private void Visit(int code, bool exact)
        {
            if (code < 0) return;
            // Nearest first (own village, township, county…), so the floor of the top k rises early.
            Span<long> regions = stackalloc long[5];
            RegionKeys.AncestorsOf(_village, regions);
            foreach (var region in regions)
                foreach (var slot in _store.Postings.Get(Postings.RegionKey(code, region)))
                    Consider(slot, exact, radiusBased: false);
            if (_need.Location is not { } at) return;
            for (var radiusClass = 0; radiusClass < GeoGrid.Classes; radiusClass++)
            {
                if (_store.MaxRadiusKm[radiusClass] == 0) continue;
                GeoGrid.CellsAround(radiusClass, at, _store.MaxRadiusKm[radiusClass], _scratch.Cells);
                foreach (var cell in _scratch.Cells)
                    foreach (var slot in _store.Postings.Get(Postings.CellKey(code, cell)))
                        Consider(slot, exact, radiusBased: true);
            }
        }

        private void Consider(int slot, bool exact, bool radiusBased)
        {
            ref var stamp = ref _scratch.Stamps[slot];
            if (stamp == _scratch.Stamp) return;
            stamp = _scratch.Stamp;
            ref readonly var row = ref _store.Rows[slot];
            if (!Passes(slot, in row)) return;

            // Bounds first, cheapest first: could this candidate reach the top k with every skill
            // wanted, as near as its latitude allows, and the best text its signature allows?
            var located = _need.Location is not null && (row.Flags & 2) != 0;
            if (radiusBased && !located) return;
            double? kmAtLeast = located ? GeoPoint.KmAtLeast(_need.Location!.Value.Latitude, row.Latitude) : null;
            if (radiusBased && kmAtLeast > row.Radius) return;
            var textHigh = _textBound.CosineAtMost(row.TextSignature, row.LargestCount, row.SumOfSquares);
            var signals = new MatchSignals(exact, 0, kmAtLeast, _skills.Length, _skills.Length, _need.Slots,
                new WeeklySlots(row.Availability), Ranker.LocalityOf(_village, row.Home));
            if (_collector.CannotEnter(signals, row.ProviderPoints, textHigh)) return;

            if (_skills.Length > 0)
            {
                signals = signals with { SkillsHad = _store.SkillsHad(slot, _skills) };
                if (_collector.CannotEnter(signals, row.ProviderPoints, textHigh)) return;
            }
            if (located)
            {
                var km = _need.Location!.Value.DistanceKm(new GeoPoint(row.Latitude, row.Longitude));
                if (radiusBased && !(km <= row.Radius)) return;
                signals = signals with { DistanceKm = km };
            }
            _collector.Add(signals, row.ProviderPoints, textHigh, row.Key, slot);
        }

        /// <see cref="HardRules.FirstViolation"/> on the row (activity, service and area are
        /// settled by the posting lists and the radius check).
        private bool Passes(int slot, in ProviderStore.Row row)
        {
            var kind = (ResourceKind)(row.Key >>> 56);
            if (!_query.Allows(kind)) return false;
            if (row.Capacity <= 0) return false;
            var groups = row.Groups;
            if (groups != 0 && (groups & _groups) == 0) return false;
            if (!_need.Slots.IsEmpty && row.Availability != 0 && (row.Availability & _need.Slots.Bits) == 0) return false;
            if (_need.InvolvesChildren && kind == ResourceKind.Volunteer && row.BackgroundUntil < _today) return false;
            if (row.ActiveFrom != int.MinValue && _today < row.ActiveFrom) return false;
            if (row.ActiveUntil != int.MinValue && _today > row.ActiveUntil) return false;
            if (kind == ResourceKind.Fund)
            {
                var (budget, max) = _store.Fund(slot);
                if (_amount <= 0 || budget < 0 || _amount > budget || max < 0 || _amount > max) return false;
            }
            if (_excluded.Count > 0 && _excluded.Contains(row.Key)) return false;
            return true;
        }

        private double TextOf(int slot)
        {
            if (_text.Ids.Length == 0) return 0;
            return TokenBag.Cosine(_store.Dot(slot, _scratch.Counts), _text.Norm, Math.Sqrt(_store.Rows[slot].SumOfSquares));
        }

        private RankedCandidate Explain(Collector.Hit hit)
        {
            var skillIds = _store.SkillIds(hit.Slot);
            var had = _need.Skills.Where((_, i) => _skills[i] >= 0 && Array.BinarySearch(skillIds, _skills[i]) >= 0);
            return new RankedCandidate(ProviderKey.Ref(hit.Key), hit.Score,
                Ranker.Factors(hit.Signals, _store.Record[hit.Slot], _index._weights, had));
        }
    }

    /// One search for the open needs a provider could serve.
    private sealed class NeedSearch
    {
        private readonly EmbeddedCandidateIndex _index;
        private readonly NeedStore _store;
        private readonly ProviderProfile _p;
        private readonly NeedQuery _query;
        private readonly Collector _collector;
        private readonly Scratch _scratch;
        private readonly TokenBag _text;
        private readonly TextSignature.Query _textBound;
        private readonly double _providerPoints;
        private readonly long _key, _home, _budget, _maxGrant;
        private readonly byte _groups;
        private readonly int[] _skills;
        private readonly bool _checkedForChildren;
        private readonly HashSet<int> _servedCodes = [];

        public NeedSearch(EmbeddedCandidateIndex index, ProviderProfile provider, NeedQuery query)
        {
            _index = index;
            _store = index._needs;
            _p = provider;
            _query = query;
            _collector = new Collector(Math.Clamp(query.Top, 0, NeedQuery.MaxTop), index._weights, TextOf);
            _scratch = Scratch.For(index._tokens.Count, _store.Capacity);
            _text = TokenBag.Of(provider.Text, index._tokens, add: false);
            _textBound = new TextSignature.Query(_text);
            _providerPoints = Ranker.ProviderPoints(provider.Record, index._weights);
            _key = ProviderKey.Of(provider.Ref);
            _home = provider.HomeRegion.Number;
            _budget = provider.RemainingBudget?.Fen ?? -1;
            _maxGrant = provider.MaxPerGrant?.Fen ?? -1;
            _groups = GroupMask.Of(provider.EligibleGroups);
            _skills = provider.Skills.Select(index._skills.Find).Where(id => id >= 0).Distinct().Order().ToArray();
            _checkedForChildren = provider.Ref.Kind != ResourceKind.Volunteer
                                  || provider.BackgroundCheckValidUntil is { } until && until >= query.Today;
        }

        public IReadOnlyList<RankedNeed> Run()
        {
            // The rules that depend on the provider alone.
            if (_collector.Top == 0 || !_p.IsActive || _p.CapacityLeft is <= 0) return [];
            if ((_p.ActiveFrom is { } from && _query.Today < from) || (_p.ActiveUntil is { } end && _query.Today > end)) return [];
            _scratch.Spread(_text);
            try
            {
                // Posting lists best bound first; once the top k is full, a list whose bound cannot
                // enter it ends the search (the lists after it are no better).
                var lists = Lists();
                lists.Sort((a, b) => b.Bound.CompareTo(a.Bound));
                foreach (var list in lists)
                {
                    if (_collector.CannotEnter(list.Bound)) break;
                    foreach (var slot in _store.Postings.Get(list.Key))
                        Consider(slot, list.Within);
                }
                return _collector.Finish().Select(Explain).ToList();
            }
            finally
            {
                _scratch.Clear(_text);
            }
        }

        private readonly record struct List(long Key, long? Within, double Bound);

        /// The posting lists of needs this provider may serve: by grid cell around home for a
        /// radius, else by county, each with the best score any of its needs could have.
        private List<List> Lists()
        {
            var lists = new List<List>();
            Func<long, long> only = _p.Ref.Kind == ResourceKind.Fund ? Postings.AskingMoney : key => key;
            foreach (var code in _p.ServiceCodes.Distinct())
            {
                var id = _index._codes.Find(code);
                if (id < 0) continue;
                _servedCodes.Add(id);
                if (_p.RadiusKm is { } radius)
                {
                    if (_p.Location is not { } home) continue;
                    GeoGrid.CellsAround(GeoGrid.NeedGrid, home, radius, _scratch.Cells);
                    foreach (var cell in _scratch.Cells) lists.Add(new List(only(Postings.CellKey(id, cell)), null, double.PositiveInfinity));
                    continue;
                }
                var exact = ServiceCode.IsItem(code);
                foreach (var region in _p.ServiceArea)
                {
                    var area = region.Number;
                    var level = DivisionNumbers.Level(area);
                    if (level >= RegionLevel.County)
                    {
                        var county = DivisionNumbers.AtLevel(area, RegionLevel.County);
                        lists.Add(new List(only(Postings.RegionKey(id, county)), level == RegionLevel.County ? null : area, Bound(exact, county)));
                    }
                    else
                        foreach (var county in _store.CountiesWithin(id, area))
                            lists.Add(new List(only(Postings.RegionKey(id, county)), null, Bound(exact, county)));
                }
            }
            return lists;
        }

        /// The best score a need of this county could have: every skill, every slot, the best text,
        /// as near as the county's box of needs allows, and the best locality the county allows.
        private double Bound(bool exact, long county)
        {
            var weights = _index._weights;
            var locality = DivisionNumbers.IsWithin(_home, county) ? Locality.SameVillage
                : DivisionNumbers.IsWithin(county, DivisionNumbers.AtLevel(_home, RegionLevel.County)) ? Locality.SameCounty
                : Locality.Elsewhere;
            var anySlot = new WeeklySlots(1);
            var signals = new MatchSignals(exact, 0, null, 1, 1, anySlot, anySlot, locality);
            var best = Ranker.PartialPoints(signals, _providerPoints, weights);
            if (_p.Location is { } home && _store.BoxOf(county) is { } box)
                best = Math.Max(best, Ranker.PartialPoints(signals with
                {
                    DistanceKm = home.KmAtLeastToBox(box.MinLatitude, box.MaxLatitude, box.MinLongitude, box.MaxLongitude),
                }, _providerPoints, weights));
            return best + weights.Text + Ranker.BoundSlack;
        }

        private void Consider(int slot, long? within)
        {
            ref var stamp = ref _scratch.Stamps[slot];
            if (stamp == _scratch.Stamp) return;
            // A need outside this one region may still lie in another of the provider's regions: mark it seen only once in area.
            if (within is { } area && !DivisionNumbers.IsWithin(_store.Village[slot], area)) return;
            // The cheap lower bound on the distance first, the exact distance only for a candidate that could enter the top k.
            var located = !double.IsNaN(_store.Latitude[slot]) && _p.Location is not null;
            double? km = located ? GeoPoint.KmAtLeast(_store.Latitude[slot], _p.Location!.Value.Latitude) : null;
            if (_p.RadiusKm is { } radius && !(km <= radius)) return;
            stamp = _scratch.Stamp;
            // Could it enter the top k with every skill it wants, as near as the latitudes allow and
            // the best text the signatures allow? (Read from few columns, before the rules.)
            var exact = _servedCodes.Contains(_store.ItemCode[slot]);
            // (Every skill wanted, unless the provider has none at all.)
            var wantedCount = _store.SkillCount[slot];
            var signals = new MatchSignals(exact, 0, km, wantedCount, _skills.Length == 0 ? 0 : wantedCount,
                new WeeklySlots(_store.Slots[slot]), _p.Availability,
                Ranker.LocalityOf(_store.Village[slot], _home));
            var textHigh = _textBound.CosineAtMost(_store.TextSignature[slot], _store.LargestCount[slot], _store.Text[slot].SumOfSquares);
            if (_collector.CannotEnter(signals, _providerPoints, textHigh)) return;
            if (!Passes(slot)) return;
            var wanted = _store.SkillIds[slot];
            var had = 0;
            foreach (var skill in wanted)
                if (skill >= 0 && Array.BinarySearch(_skills, skill) >= 0) had++;
            signals = signals with { SkillsWanted = wanted.Length, SkillsHad = had };
            if (located)
            {
                km = new GeoPoint(_store.Latitude[slot], _store.Longitude[slot]).DistanceKm(_p.Location!.Value);
                if (_p.RadiusKm is { } r && !(km <= r)) return;
                signals = signals with { DistanceKm = km };
            }
            _collector.Add(signals, _providerPoints, textHigh, _store.Profile[slot]!.NeedId, slot);
        }

        /// <see cref="HardRules.FirstViolation"/> on the columns, for the rules that depend on the need.
        private bool Passes(int slot)
        {
            foreach (var excluded in _store.Excluded[slot])
                if (excluded == _key) return false;
            if (_p.Ref.Kind == ResourceKind.Fund)
            {
                var amount = _store.Amount[slot];
                if (amount <= 0 || _budget < 0 || amount > _budget || _maxGrant < 0 || amount > _maxGrant) return false;
            }
            if (_groups != 0 && (_groups & _store.Groups[slot]) == 0) return false;
            var slots = _store.Slots[slot];
            if (slots != 0 && !_p.Availability.IsEmpty && (slots & _p.Availability.Bits) == 0) return false;
            if (_store.Children[slot] && !_checkedForChildren) return false;
            return true;
        }

        private double TextOf(int slot)
        {
            var text = _store.Text[slot];
            long dot = 0;
            for (var i = 0; i < text.Ids.Length; i++) dot += (long)text.Counts[i] * _scratch.Counts[text.Ids[i]];
            return TokenBag.Cosine(dot, text.Norm, _text.Norm);
        }

        private RankedNeed Explain(Collector.Hit hit)
        {
            var need = _store.Profile[hit.Slot]!;
            var had = need.Skills.Where(_p.Skills.Contains);
            return new RankedNeed(need.NeedId, hit.Score, Ranker.Factors(hit.Signals, _p.Record, _index._weights, had));
        }
    }
}

/// Top k in two phases. While candidates stream in, each is scored without its text (a lower
/// bound) and with the best text its token signature allows (an upper bound). A candidate whose lower bound would enter the
/// top k so far has its text compared at once, so the k-th best exact score so far is a floor under
/// the final k-th score, and a candidate whose upper bound is below it is dropped at once. Then the
/// survivors are taken best upper bound first, their text compared, and the loop stops as soon as
/// no remaining upper bound can enter the top k.
internal sealed class Collector
{
    public readonly record struct Hit(double Score, long Key, int Slot, MatchSignals Signals);
    private readonly record struct Pending(double High, double ProviderPoints, long Key, int Slot, MatchSignals Signals, bool Exact);

    /// Reused from search to search on the same thread (searches never nest).
    [ThreadStatic] private static List<Pending>? _spare;
    [ThreadStatic] private static PriorityQueue<int, double>? _spareQueue;

    private readonly int _top;
    private readonly MatchingWeights _weights;
    private readonly Func<int, double> _text;
    private readonly TopK _floor;
    private readonly List<Pending> _pending;

    public Collector(int top, MatchingWeights weights, Func<int, double> text)
    {
        _top = top;
        _weights = weights;
        _text = text;
        _floor = new TopK(top);
        _pending = _spare ?? [];
        _spare = null;
        _pending.Clear();
    }

    public int Top => _top;

    /// True when even the best text relevance possible (<paramref name="textHigh"/>, a cosine) could
    /// not lift these signals into the top k.
    public bool CannotEnter(in MatchSignals signals, double providerPoints, double textHigh) =>
        _floor.IsFull && Ranker.PartialPoints(signals, providerPoints, _weights) + _weights.Text * textHigh + Ranker.BoundSlack < _floor.Worst;

    /// True when no candidate scoring at most <paramref name="high"/> can enter the top k.
    public bool CannotEnter(double high) => _floor.IsFull && high < _floor.Worst;

    public void Add(in MatchSignals signals, double providerPoints, double textHigh, long key, int slot)
    {
        var partial = Ranker.PartialPoints(signals, providerPoints, _weights);
        var high = partial + _weights.Text * textHigh + Ranker.BoundSlack;
        if (_floor.IsFull && high < _floor.Worst) return;
        if (!_floor.IsFull || partial - Ranker.BoundSlack > _floor.Worst)
        {
            // Enters the top k so far whatever its text: score it exactly, which lifts the floor.
            var exact = signals with { Text = _text(slot) };
            var score = Ranker.Points(exact, providerPoints, _weights);
            _floor.Offer(score, key, slot);
            _pending.Add(new Pending(score, providerPoints, key, slot, exact, Exact: true));
        }
        else
            _pending.Add(new Pending(high, providerPoints, key, slot, signals, Exact: false));
    }

    public List<Hit> Finish()
    {
        var floor = _floor.IsFull ? _floor.Worst : double.NegativeInfinity;
        var queue = _spareQueue ?? new PriorityQueue<int, double>();
        _spareQueue = null;
        queue.Clear();
        try
        {
            for (var i = 0; i < _pending.Count; i++)
                if (_pending[i].High >= floor) queue.Enqueue(i, -_pending[i].High);
            var final = new TopK(_top);
            var signals = new Dictionary<int, MatchSignals>();
            while (queue.TryDequeue(out var i, out _))
            {
                var p = _pending[i];
                if (final.IsFull && p.High < final.Worst) break;
                var withText = p.Exact ? p.Signals : p.Signals with { Text = _text(p.Slot) };
                final.Offer(p.Exact ? p.High : Ranker.Points(withText, p.ProviderPoints, _weights), p.Key, p.Slot);
                signals[p.Slot] = withText;
            }
            return final.Sorted().Select(h => new Hit(h.Score, h.Key, h.Slot, signals[h.Slot])).ToList();
        }
        finally
        {
            queue.Clear();
            _spareQueue = queue;
            _pending.Clear();
            _spare = _pending;
        }
    }
}
