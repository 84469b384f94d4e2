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
            _collector = new Collector(Math.Clamp(query.Top, 0, ProviderQuery.MaxTop), index._weights);
            _scratch = Scratch.For(index._tokens.Count, _store.Slots);
            _text = TokenBag.Of(need.Text, index._tokens, add: false);
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
                return _collector.Finish(TextOf).Select(Explain).ToList();
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

            var had = _skills.Length == 0 ? 0 : _store.SkillsHad(slot, _skills);
            var locality = Ranker.LocalityOf(_village, row.Home);
            var providerSlots = new WeeklySlots(row.Availability);
            // Before the distance: could this candidate reach the top k even at distance zero?
            var near = new MatchSignals(exact, 0, 0, _skills.Length, had, _need.Slots, providerSlots, locality);
            if (_collector.CannotEnter(near, row.ProviderPoints)) return;

            double? km = null;
            if (_need.Location is { } at && (row.Flags & 2) != 0)
            {
                km = at.DistanceKm(new GeoPoint(row.Latitude, row.Longitude));
                if (radiusBased && !(km <= row.Radius)) return;
            }
            else if (radiusBased) return;
            _collector.Add(near with { DistanceKm = km }, row.ProviderPoints, row.Key, slot);
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
        private readonly double _providerPoints;
        private readonly long _key, _home, _budget, _maxGrant;
        private readonly byte _groups;
        private readonly int[] _skills;
        private readonly bool _checkedForChildren;

        public NeedSearch(EmbeddedCandidateIndex index, ProviderProfile provider, NeedQuery query)
        {
            _index = index;
            _store = index._needs;
            _p = provider;
            _query = query;
            _collector = new Collector(Math.Clamp(query.Top, 0, NeedQuery.MaxTop), index._weights);
            _scratch = Scratch.For(index._tokens.Count, _store.Capacity);
            _text = TokenBag.Of(provider.Text, index._tokens, add: false);
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
                // Items before areas, so that a need reached through its exact item counts as exact.
                foreach (var code in _p.ServiceCodes.Distinct().OrderBy(c => ServiceCode.IsItem(c) ? 0 : 1))
                    Visit(_index._codes.Find(code), exact: ServiceCode.IsItem(code));
                return _collector.Finish(TextOf).Select(Explain).ToList();
            }
            finally
            {
                _scratch.Clear(_text);
            }
        }

        private void Visit(int code, bool exact)
        {
            if (code < 0) return;
            if (_p.RadiusKm is { } radius)
            {
                if (_p.Location is not { } home) return;
                GeoGrid.CellsAround(GeoGrid.NeedGrid, home, radius, _scratch.Cells);
                foreach (var cell in _scratch.Cells)
                    foreach (var slot in _store.Postings.Get(Postings.CellKey(code, cell)))
                        Consider(slot, exact, null);
                return;
            }
            foreach (var region in _p.ServiceArea)
            {
                var area = region.Number;
                var level = DivisionNumbers.Level(area);
                if (level >= RegionLevel.County)
                {
                    var within = level == RegionLevel.County ? (long?)null : area;
                    foreach (var slot in _store.Postings.Get(Postings.RegionKey(code, DivisionNumbers.AtLevel(area, RegionLevel.County))))
                        Consider(slot, exact, within);
                }
                else
                    foreach (var county in _store.CountiesWithin(code, area))
                        foreach (var slot in _store.Postings.Get(Postings.RegionKey(code, county)))
                            Consider(slot, exact, null);
            }
        }

        private void Consider(int slot, bool exact, long? within)
        {
            ref var stamp = ref _scratch.Stamps[slot];
            if (stamp == _scratch.Stamp) return;
            // A need outside this one region may still lie in another of the provider's regions: mark it seen only once in area.
            if (within is { } area && !DivisionNumbers.IsWithin(_store.Village[slot], area)) return;
            double? km = null;
            if (!double.IsNaN(_store.Latitude[slot]) && _p.Location is { } home)
                km = new GeoPoint(_store.Latitude[slot], _store.Longitude[slot]).DistanceKm(home);
            if (_p.RadiusKm is { } radius && !(km <= radius)) return;
            stamp = _scratch.Stamp;
            if (!Passes(slot)) return;
            var wanted = _store.SkillIds[slot];
            var had = 0;
            foreach (var skill in wanted)
                if (skill >= 0 && Array.BinarySearch(_skills, skill) >= 0) had++;
            var signals = new MatchSignals(exact, 0, km, wanted.Length, had, new WeeklySlots(_store.Slots[slot]), _p.Availability,
                Ranker.LocalityOf(_store.Village[slot], _home));
            _collector.Add(signals, _providerPoints, _store.Profile[slot]!.NeedId, slot);
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
/// bound) and with a perfect text (an upper bound); the k-th best lower bound so far is a floor
/// under the final k-th score, so a candidate whose upper bound is below it is dropped at once.
/// Then the survivors are taken best upper bound first, their text compared, and the loop stops
/// as soon as no remaining upper bound can enter the top k.
internal sealed class Collector(int top, MatchingWeights weights)
{
    public readonly record struct Hit(double Score, long Key, int Slot, MatchSignals Signals);
    private readonly record struct Pending(double High, double ProviderPoints, long Key, int Slot, MatchSignals Signals);

    private readonly TopK _floor = new(top);
    private readonly List<Pending> _pending = [];

    public int Top => top;

    /// True when even a perfect text could not lift these signals into the top k.
    public bool CannotEnter(in MatchSignals signals, double providerPoints) =>
        _floor.IsFull && Ranker.PartialPoints(signals, providerPoints, weights) + weights.Text + Ranker.BoundSlack < _floor.Worst;

    public void Add(in MatchSignals signals, double providerPoints, long key, int slot)
    {
        var partial = Ranker.PartialPoints(signals, providerPoints, weights);
        var high = partial + weights.Text + Ranker.BoundSlack;
        if (_floor.IsFull && high < _floor.Worst) return;
        _floor.Offer(partial - Ranker.BoundSlack, key, slot);
        _pending.Add(new Pending(high, providerPoints, key, slot, signals));
    }

    public IEnumerable<Hit> Finish(Func<int, double> text)
    {
        var floor = _floor.IsFull ? _floor.Worst : double.NegativeInfinity;
        var queue = new PriorityQueue<int, double>(_pending.Count);
        for (var i = 0; i < _pending.Count; i++)
            if (_pending[i].High >= floor) queue.Enqueue(i, -_pending[i].High);
        var final = new TopK(top);
        var signals = new Dictionary<int, MatchSignals>();
        while (queue.TryDequeue(out var i, out _))
        {
            var p = _pending[i];
            if (final.IsFull && p.High < final.Worst) break;
            var withText = p.Signals with { Text = text(p.Slot) };
            final.Offer(Ranker.Points(withText, p.ProviderPoints, weights), p.Key, p.Slot);
            signals[p.Slot] = withText;
        }
        return final.Sorted().Select(h => new Hit(h.Score, h.Key, h.Slot, signals[h.Slot]));
    }
}
