namespace FiveSocieties.Matching.Matches;

/// The one-line reason a worker reads beside a proposal, from its factors:
/// "同村 · 距离 0.8 公里 · 周六上午有空 · 已完成 12 次服务，平均 4.8 分".
public static class MatchExplanation
{
    private static readonly MatchFactor[] Shown =
        [MatchFactor.Locality, MatchFactor.Distance, MatchFactor.Availability, MatchFactor.Skills, MatchFactor.Record];

    public static string Of(IEnumerable<ScoreFactor> factors)
    {
        var byFactor = factors.Where(f => f.Explanation.Length > 0).GroupBy(f => f.Factor)
            .ToDictionary(g => g.Key, g => g.First().Explanation);
        return string.Join(" · ", Shown.Where(byFactor.ContainsKey).Select(f => byFactor[f]));
    }
}
