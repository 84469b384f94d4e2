using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Tests.Evaluation;
using Xunit;

namespace FiveSocieties.Matching.Tests.Engine;

/// What every <see cref="ICandidateIndex"/> must do, checked against a brute-force oracle (every
/// provider through <see cref="HardRules"/> and <see cref="Ranker"/>). Run for each implementation.
public abstract class CandidateIndexContract
{
    protected static readonly MatchingWeights Weights = new();

    protected abstract Task<ICandidateIndex> CreateAsync(MatchingWeights weights);

    /// Checks an implementation can make of its own state after a test changed the index.
    protected virtual void AfterChanges() { }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IReadOnlyList<RankedCandidate> BruteForce(NeedProfile need, IEnumerable<ProviderProfile> providers, ProviderQuery query, MatchingWeights weights) =>
        Ranker.Rank(need, providers
                .Where(p => query.Allows(p.Ref.Kind) && HardRules.Passes(need, p, query.Today))
                .Select(p => (p, ChineseText.Similarity(need.Text, p.Text))),
            weights, query.Top);

    public static IReadOnlyList<RankedNeed> BruteForce(ProviderProfile provider, IEnumerable<NeedProfile> needs, NeedQuery query, MatchingWeights weights)
    {
        var ranked = needs.Where(n => HardRules.Passes(n, provider, query.Today))
            .Select(n => Ranker.ScoreNeed(n, provider, ChineseText.Similarity(n.Text, provider.Text), weights)).ToList();
        ranked.Sort(Ranker.Compare);
        return ranked.Take(query.Top).ToList();
    }

    private async Task<(ICandidateIndex Index, RandomWorld World)> LoadedAsync(int seed, int providers = 600, int needs = 300)
    {
        var world = new RandomWorld(seed, providers, needs);
        var index = await CreateAsync(Weights);
        await index.ReplaceAllAsync(world.Providers, world.Needs, Ct);
        return (index, world);
    }

    public static IEnumerable<TheoryDataRow<int>> Seeds() => [1, 2, 3, 4, 5];

    [Theory, MemberData(nameof(Seeds))]
    public async Task Providers_SameRankingScoresAndExplanationsAsTheOracle(int seed)
    {
        var (index, world) = await LoadedAsync(seed);
        var compared = 0;
        foreach (var need in world.Needs)
        {
            var query = new ProviderQuery(20, RandomWorld.Today);
            var expected = BruteForce(need, world.Providers, query, Weights);
            var actual = await index.SearchProvidersAsync(need, query, Ct);
            AssertSame(expected, actual, need.NeedId);
            compared += expected.Count;
        }
        Assert.True(compared > 1000, $"the random world should produce plenty of candidates, got {compared}");
    }

    /// With the same data, every index returns the same proposals in the same order for the labelled set.
    [Fact]
    public async Task EvaluationSet_SameProposalsInTheSameOrderAsTheOracle()
    {
        var set = EvaluationSet.Load();
        var index = await CreateAsync(Weights);
        await index.ReplaceAllAsync(set.Providers, [], Ct);
        var compared = 0;
        foreach (var c in set.Cases)
        {
            var query = new ProviderQuery(10, set.Today);
            var expected = BruteForce(c.Need, set.Providers, query, Weights);
            AssertSame(expected, await index.SearchProvidersAsync(c.Need, query, Ct), c.Need.NeedId);
            compared += expected.Count;
        }
        Assert.True(compared > 100, $"the labelled set should give hundreds of proposals, got {compared}");
    }

    [Theory, MemberData(nameof(Seeds))]
    public async Task Providers_KindFilterAndSmallTopAgreeWithTheOracle(int seed)
    {
        var (index, world) = await LoadedAsync(seed);
        foreach (var need in world.Needs.Take(100))
            foreach (var kind in Enum.GetValues<ResourceKind>())
            {
                var query = new ProviderQuery(3, RandomWorld.Today, new HashSet<ResourceKind> { kind });
                var actual = await index.SearchProvidersAsync(need, query, Ct);
                Assert.All(actual, c => Assert.Equal(kind, c.Provider.Kind));
                AssertSame(BruteForce(need, world.Providers, query, Weights), actual, need.NeedId);
            }
    }

    [Theory, MemberData(nameof(Seeds))]
    public async Task Providers_NoProposalEverBreaksAHardRule(int seed)
    {
        var (index, world) = await LoadedAsync(seed);
        var byRef = world.Providers.ToDictionary(p => p.Ref);
        foreach (var need in world.Needs)
            foreach (var candidate in await index.SearchProvidersAsync(need, new ProviderQuery(50, RandomWorld.Today), Ct))
                Assert.Null(HardRules.FirstViolation(need, byRef[candidate.Provider], RandomWorld.Today));
    }

    [Theory, MemberData(nameof(Seeds))]
    public async Task Needs_ReverseMatchingAgreesWithTheOracle(int seed)
    {
        var (index, world) = await LoadedAsync(seed);
        var compared = 0;
        foreach (var provider in world.Providers)
        {
            var query = new NeedQuery(15, RandomWorld.Today);
            var expected = BruteForce(provider, world.Needs, query, Weights);
            var actual = await index.SearchNeedsAsync(provider, query, Ct);
            Assert.True(expected.Select(n => (n.NeedId, n.Score)).SequenceEqual(actual.Select(n => (n.NeedId, n.Score))),
                $"provider {provider.Ref}: expected [{string.Join(", ", expected.Select(n => $"{n.NeedId}:{n.Score}"))}] " +
                $"got [{string.Join(", ", actual.Select(n => $"{n.NeedId}:{n.Score}"))}]");
            Assert.Equal(expected.Select(n => n.Explanation), actual.Select(n => n.Explanation));
            compared += expected.Count;
        }
        Assert.True(compared > 500, $"the random world should produce plenty of reverse matches, got {compared}");
    }

    [Fact]
    public async Task Changes_PausedFullOrRemovedProvidersDisappearAndComeBack()
    {
        var (index, world) = await LoadedAsync(11);
        var query = new ProviderQuery(5, RandomWorld.Today);
        var (need, first) = await FirstWithCandidatesAsync(index, world, query);
        var provider = world.Providers.Single(p => p.Ref == first.Provider);

        await index.UpsertProviderAsync(provider with { IsActive = false }, Ct);
        Assert.DoesNotContain(first.Provider, (await index.SearchProvidersAsync(need, query, Ct)).Select(c => c.Provider));
        Assert.DoesNotContain(need.NeedId, (await index.SearchNeedsAsync(provider with { IsActive = false }, new NeedQuery(50, RandomWorld.Today), Ct)).Select(n => n.NeedId));

        await index.UpsertProviderAsync(provider, Ct);
        Assert.Equal(first, (await index.SearchProvidersAsync(need, query, Ct))[0], RankedEquality.Instance);

        await index.UpsertProviderAsync(provider with { CapacityLeft = 0 }, Ct);
        Assert.DoesNotContain(first.Provider, (await index.SearchProvidersAsync(need, query, Ct)).Select(c => c.Provider));

        await index.UpsertProviderAsync(provider, Ct);
        await index.RemoveProviderAsync(provider.Ref, Ct);
        Assert.DoesNotContain(first.Provider, (await index.SearchProvidersAsync(need, query, Ct)).Select(c => c.Provider));
        Assert.Equal(world.Providers.Count(p => p.IsActive) - 1, (await index.CountAsync(Ct)).Providers);
    }

    [Fact]
    public async Task Changes_ABusierProviderDropsInTheRanking()
    {
        var (index, world) = await LoadedAsync(12);
        var query = new ProviderQuery(10, RandomWorld.Today);
        var (need, first) = await FirstWithCandidatesAsync(index, world, query, atLeast: 2);
        var provider = world.Providers.Single(p => p.Ref == first.Provider);
        var busy = provider with { Record = provider.Record with { CurrentLoad = 20, RecentProposals = 20 } };

        await index.UpsertProviderAsync(busy, Ct);
        var after = await index.SearchProvidersAsync(need, query, Ct);
        var moved = after.SingleOrDefault(c => c.Provider == first.Provider);
        Assert.True(moved is null || moved.Score < first.Score);
        AssertSame(BruteForce(need, world.Providers.Select(p => p.Ref == busy.Ref ? busy : p), query, Weights), after, need.NeedId);
    }

    [Fact]
    public async Task Changes_NeedsComeAndGoFromReverseMatching()
    {
        var (index, world) = await LoadedAsync(13);
        var query = new NeedQuery(50, RandomWorld.Today);
        var provider = world.Providers.First(p => BruteForce(p, world.Needs, query, Weights).Count > 0);
        var need = BruteForce(provider, world.Needs, query, Weights)[0].NeedId;

        await index.RemoveNeedAsync(need, Ct);
        Assert.DoesNotContain(need, (await index.SearchNeedsAsync(provider, query, Ct)).Select(n => n.NeedId));
        Assert.Equal(world.Needs.Count - 1, (await index.CountAsync(Ct)).OpenNeeds);

        await index.UpsertNeedAsync(world.Needs.Single(n => n.NeedId == need), Ct);
        Assert.Contains(need, (await index.SearchNeedsAsync(provider, query, Ct)).Select(n => n.NeedId));
    }

    [Fact]
    public async Task Changes_NewProvidersAndNeedsAreFoundWithoutARebuild()
    {
        var index = await CreateAsync(Weights);
        await index.ReplaceAllAsync([], [], Ct);
        var world = new RandomWorld(14, 300, 150);
        foreach (var p in world.Providers) await index.UpsertProviderAsync(p, Ct);
        foreach (var n in world.Needs) await index.UpsertNeedAsync(n, Ct);
        foreach (var need in world.Needs.Take(60))
        {
            var query = new ProviderQuery(10, RandomWorld.Today);
            AssertSame(BruteForce(need, world.Providers, query, Weights), await index.SearchProvidersAsync(need, query, Ct), need.NeedId);
        }
        await index.ReplaceAllAsync([], [], Ct);
        Assert.Equal(new IndexCounts(0, 0), await index.CountAsync(Ct));
    }

    /// Long-running churn as a live site makes it: providers leave, the rest are re-scored after
    /// every proposal, newcomers take the places that were freed. The answers stay those of a scan.
    [Fact]
    public async Task Changes_ManyUpdatesRemovalsAndNewcomers_KeepTheAnswersOfAScan()
    {
        var (index, world) = await LoadedAsync(16, providers: 1200, needs: 120);
        var live = world.Providers.Where(p => p.IsActive).ToDictionary(p => p.Ref);
        foreach (var p in live.Values.Take(400).ToList())
        {
            await index.RemoveProviderAsync(p.Ref, Ct);
            live.Remove(p.Ref);
        }
        var rng = new Random(16);
        var next = 1_000_000;
        for (var i = 0; i < 20_000; i++)
        {
            ProviderProfile p;
            if (i % 5 == 0)
            {
                // A newcomer, and now and then one leaves, so that freed places keep being reused.
                p = world.Provider(next++) with { IsActive = true };
                if (i % 10 == 0)
                {
                    var gone = live.Keys.ElementAt(rng.Next(live.Count));
                    await index.RemoveProviderAsync(gone, Ct);
                    live.Remove(gone);
                }
            }
            else
            {
                var old = live.Values.ElementAt(rng.Next(live.Count));
                p = old with { Record = old.Record with { RecentProposals = rng.Next(10) } };
            }
            await index.UpsertProviderAsync(p, Ct);
            live[p.Ref] = p;
        }
        Assert.Equal(live.Count, (await index.CountAsync(Ct)).Providers);
        AfterChanges();
        foreach (var need in world.Needs)
        {
            var query = new ProviderQuery(10, RandomWorld.Today);
            AssertSame(BruteForce(need, live.Values, query, Weights), await index.SearchProvidersAsync(need, query, Ct), need.NeedId);
        }
    }

    [Fact]
    public async Task Declined_AProviderThatDeclinedIsNeverProposedAgain()
    {
        var (index, world) = await LoadedAsync(15);
        var query = new ProviderQuery(5, RandomWorld.Today);
        var (need, first) = await FirstWithCandidatesAsync(index, world, query);
        var declined = need with { Excluded = new HashSet<ProviderRef> { first.Provider } };
        Assert.DoesNotContain(first.Provider, (await index.SearchProvidersAsync(declined, query, Ct)).Select(c => c.Provider));
    }

    private static async Task<(NeedProfile Need, RankedCandidate First)> FirstWithCandidatesAsync(ICandidateIndex index, RandomWorld world,
        ProviderQuery query, int atLeast = 1)
    {
        foreach (var need in world.Needs)
        {
            var found = await index.SearchProvidersAsync(need, query, Ct);
            if (found.Count >= atLeast) return (need, found[0]);
        }
        throw new InvalidOperationException("the random world has no need with candidates");
    }

    protected static void AssertSame(IReadOnlyList<RankedCandidate> expected, IReadOnlyList<RankedCandidate> actual, long needId)
    {
        Assert.True(expected.Select(c => (c.Provider, c.Score)).SequenceEqual(actual.Select(c => (c.Provider, c.Score))),
            $"need {needId}: expected [{string.Join(", ", expected.Select(c => $"{c.Provider}={c.Score}"))}] " +
            $"got [{string.Join(", ", actual.Select(c => $"{c.Provider}={c.Score}"))}]");
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Factors, actual[i].Factors);
    }

    private sealed class RankedEquality : IEqualityComparer<RankedCandidate>
    {
        public static readonly RankedEquality Instance = new();
        public bool Equals(RankedCandidate? a, RankedCandidate? b) =>
            a is not null && b is not null && a.Provider == b.Provider && a.Score == b.Score && a.Factors.SequenceEqual(b.Factors);
        public int GetHashCode(RankedCandidate c) => c.Provider.GetHashCode();
    }
}
