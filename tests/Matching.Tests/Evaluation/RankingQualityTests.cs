using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Engine.Embedded;
using FiveSocieties.Matching.Matches;

namespace FiveSocieties.Matching.Tests.Evaluation;

/// The engine against the labelled set: providers a good social worker would pick, graded 3/2/1.
/// Reports precision@5 and nDCG@10 and holds a floor under them; no proposal may break a hard rule.
public class RankingQualityTests(ITestOutputHelper output)
{
    private static readonly EvaluationSet Set = EvaluationSet.Load();

    /// Measured with the default weights: precision@5 = 0.752, nDCG@10 = 0.820 (printed by the test).
    /// The floor leaves room to tune weights, not to lose the ranking.
    private const double PrecisionFloor = 0.70, NdcgFloor = 0.78;

    [Fact]
    public void Quality_PrecisionAt5AndNdcgAt10StayAboveTheFloor()
    {
        using var index = new EmbeddedCandidateIndex(new MatchingWeights());
        index.ReplaceAll(Set.Providers, []);
        double precision = 0, ndcg = 0;
        foreach (var c in Set.Cases)
        {
            var ranked = index.SearchProviders(c.Need, new ProviderQuery(10, Set.Today)).Select(r => r.Provider).ToList();
            precision += PrecisionAt(5, ranked, c.Grades);
            ndcg += NdcgAt(10, ranked, c.Grades);
        }
        precision /= Set.Cases.Count;
        ndcg /= Set.Cases.Count;
        output.WriteLine($"{Set.Cases.Count} needs over {Set.Providers.Count} providers: precision@5 = {precision:0.000}, nDCG@10 = {ndcg:0.000}");
        Assert.True(precision >= PrecisionFloor, $"precision@5 {precision:0.000} fell below {PrecisionFloor}");
        Assert.True(ndcg >= NdcgFloor, $"nDCG@10 {ndcg:0.000} fell below {NdcgFloor}");
    }

    [Fact]
    public void HardRules_NoProposalOverTheWholeSetBreaksOne()
    {
        using var index = new EmbeddedCandidateIndex(new MatchingWeights());
        index.ReplaceAll(Set.Providers, []);
        var byRef = Set.Providers.ToDictionary(p => p.Ref);
        var proposals = 0;
        foreach (var c in Set.Cases)
            foreach (var candidate in index.SearchProviders(c.Need, new ProviderQuery(ProviderQuery.MaxTop, Set.Today)))
            {
                Assert.Null(HardRules.FirstViolation(c.Need, byRef[candidate.Provider], Set.Today));
                proposals++;
            }
        Assert.True(proposals > 300, $"expected hundreds of proposals over the set, got {proposals}");
    }

    [Fact]
    public void Metrics_AreRightOnAHandWorkedExample()
    {
        var a = new ProviderRef(FiveSocieties.Matching.Catalogue.ResourceKind.Volunteer, 1);
        var b = a with { Id = 2 };
        var c = a with { Id = 3 };
        var grades = new Dictionary<ProviderRef, int> { [a] = 3, [c] = 1 };

        Assert.Equal(0.4, PrecisionAt(5, [a, b, c], grades), 6);
        // DCG = 7/log2(2) + 0 + 1/log2(4) = 7.5; ideal = 7 + 1/log2(3) = 7.6309
        Assert.Equal(7.5 / (7 + 1 / Math.Log2(3)), NdcgAt(10, [a, b, c], grades), 6);
    }

    public static double PrecisionAt(int k, IReadOnlyList<ProviderRef> ranked, IReadOnlyDictionary<ProviderRef, int> grades) =>
        ranked.Take(k).Count(grades.ContainsKey) / (double)k;

    public static double NdcgAt(int k, IReadOnlyList<ProviderRef> ranked, IReadOnlyDictionary<ProviderRef, int> grades)
    {
        static double Gain(int grade, int position) => (Math.Pow(2, grade) - 1) / Math.Log2(position + 2);
        var dcg = ranked.Take(k).Select((p, i) => Gain(grades.GetValueOrDefault(p), i)).Sum();
        var ideal = grades.Values.OrderDescending().Take(k).Select((g, i) => Gain(g, i)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }
}
