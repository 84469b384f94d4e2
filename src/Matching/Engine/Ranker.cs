using System.Globalization;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Engine;

/// A provider proposed for a need, with its score and why.
public sealed record RankedCandidate(ProviderProfile Provider, double Score, IReadOnlyList<ScoreFactor> Factors)
{
    /// "同村 · 距离 0.8 公里 · 周六上午有空 · 已完成 12 次服务，平均 4.8 分"
    public string Explanation => string.Join(" · ", Factors
        .Where(f => f.Factor is MatchFactor.Locality or MatchFactor.Distance or MatchFactor.Availability
                        or MatchFactor.Skills or MatchFactor.Record && f.Explanation.Length > 0)
        .Select(f => f.Explanation));
}

/// The final ordering of candidates that already pass every hard rule. Pure: the same inputs
/// always give the same scores, whichever index found the candidates.
public static class Ranker
{
    public static IReadOnlyList<RankedCandidate> Rank(NeedProfile need, IEnumerable<(ProviderProfile Provider, double Text)> candidates,
        MatchingWeights weights, int top)
    {
        var ranked = candidates.Select(c => Score(need, c.Provider, c.Text, weights)).ToList();
        ranked.Sort(Compare);
        return ranked.Count > top ? ranked.GetRange(0, top) : ranked;
    }

    /// Higher score first; ties by kind, then by id, so the order never depends on the index.
    public static int Compare(RankedCandidate a, RankedCandidate b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0) return byScore;
        var byKind = a.Provider.Ref.Kind.CompareTo(b.Provider.Ref.Kind);
        return byKind != 0 ? byKind : a.Provider.Ref.Id.CompareTo(b.Provider.Ref.Id);
    }

    public static RankedCandidate Score(NeedProfile need, ProviderProfile p, double textRelevance, MatchingWeights w)
    {
        var factors = new List<ScoreFactor>(8);

        var exact = p.ServiceCodes.Contains(need.ItemCode);
        factors.Add(new ScoreFactor(MatchFactor.CatalogueFit, exact ? w.CatalogueFit : w.CatalogueFit * 0.6,
            exact ? "服务项目对口" : "同领域服务"));

        var text = Math.Clamp(textRelevance, 0, 1);
        factors.Add(new ScoreFactor(MatchFactor.Text, w.Text * text, text > 0 ? $"描述相关度 {text:P0}" : ""));

        if (need.Location is { } at && p.Location is { } home)
        {
            var km = at.DistanceKm(home);
            factors.Add(new ScoreFactor(MatchFactor.Distance, w.Distance * Math.Exp(-km / w.DistanceScaleKm),
                $"距离 {km.ToString(km < 10 ? "0.0" : "0", CultureInfo.InvariantCulture)} 公里"));
        }
        else factors.Add(new ScoreFactor(MatchFactor.Distance, w.Distance * 0.25, ""));

        if (need.Skills.Count > 0)
        {
            var have = need.Skills.Where(s => p.Skills.Contains(s)).ToList();
            factors.Add(new ScoreFactor(MatchFactor.Skills, w.Skills * have.Count / need.Skills.Count,
                have.Count > 0 ? "会" + string.Join("、", have) : "所需技能不符"));
        }
        else factors.Add(new ScoreFactor(MatchFactor.Skills, w.Skills * 0.5, ""));

        if (!need.Slots.IsEmpty && !p.Availability.IsEmpty)
        {
            var common = need.Slots.Intersect(p.Availability);
            factors.Add(new ScoreFactor(MatchFactor.Availability, w.Availability * common.Count / need.Slots.Count,
                FirstSlots(common) + "有空"));
        }
        else factors.Add(new ScoreFactor(MatchFactor.Availability, w.Availability * 0.5, ""));

        var (locality, place) = Locality(need.Village, p.HomeRegion);
        factors.Add(new ScoreFactor(MatchFactor.Locality, w.Locality * locality, place));

        factors.Add(RecordFactor(p.Record, w));
        factors.Add(FairnessFactor(p, w));

        var score = Math.Round(factors.Sum(f => f.Points), 4);
        return new RankedCandidate(p, score, factors.Select(f => f with { Points = Math.Round(f.Points, 2) }).ToList());
    }

    /// Five-society linkage prefers local resources: same village, then township, then county.
    private static (double Share, string Label) Locality(DivisionCode village, DivisionCode home)
    {
        if (home == village) return (1, "同村");
        if (home.Level >= RegionLevel.Township && village.IsWithin(home.AtLevel(RegionLevel.Township))) return (0.6, "同镇");
        if (village.IsWithin(home.AtLevel(RegionLevel.County))) return (0.3, "同县");
        return (0, "县外");
    }

    /// Ratings and completions, pulled towards a prior (4 stars, 80 % completed) so that a newcomer
    /// with no history starts in the middle, not at the bottom.
    private static ScoreFactor RecordFactor(ProviderRecord r, MatchingWeights w)
    {
        const double priorRatings = 3, priorMean = 4.0, priorAccepted = 2, priorRate = 0.8;
        var rating = (r.RatingSum + priorRatings * priorMean) / (r.RatingCount + priorRatings);
        var completion = (r.Completed + priorAccepted * priorRate) / (Math.Max(r.Accepted, r.Completed) + priorAccepted);
        var share = 0.6 * (rating - 1) / 4 + 0.4 * Math.Min(1, completion);
        var text = r.Completed == 0 && r.RatingCount == 0
            ? "新加入，暂无服务记录"
            : r.RatingCount > 0
                ? $"已完成 {r.Completed} 次服务，平均 {(double)r.RatingSum / r.RatingCount:0.0} 分"
                : $"已完成 {r.Completed} 次服务";
        return new ScoreFactor(MatchFactor.Record, w.Record * share, text);
    }

    /// The busier a provider and the more it was proposed lately, the lower it ranks, so that work
    /// spreads over everyone willing instead of the same few.
    private static ScoreFactor FairnessFactor(ProviderProfile p, MatchingWeights w)
    {
        var pressure = Math.Min(1, (p.Record.CurrentLoad + 0.5 * p.Record.RecentProposals) / w.FairnessSaturation);
        var text = p.Record.CurrentLoad == 0 && p.Record.RecentProposals == 0
            ? "近期未被推荐"
            : $"进行中 {p.Record.CurrentLoad} 项，近期推荐 {p.Record.RecentProposals} 次";
        return new ScoreFactor(MatchFactor.Fairness, -w.Fairness * pressure, text);
    }

    private static string FirstSlots(WeeklySlots slots)
    {
        var text = slots.Describe();
        var parts = text.Split('、');
        return parts.Length <= 2 ? text : string.Join("、", parts.Take(2)) + "等";
    }
}
