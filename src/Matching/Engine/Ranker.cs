using System.Globalization;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Engine;

/// A provider proposed for a need, with its score and why.
public sealed record RankedCandidate(ProviderRef Provider, double Score, IReadOnlyList<ScoreFactor> Factors)
{
    /// "同村 · 距离 0.8 公里 · 周六上午有空 · 已完成 12 次服务，平均 4.8 分"
    public string Explanation => MatchExplanation.Of(Factors);
}

/// An open need a provider could serve, with the score the provider would have there.
public sealed record RankedNeed(long NeedId, double Score, IReadOnlyList<ScoreFactor> Factors)
{
    public string Explanation => MatchExplanation.Of(Factors);
}

/// Five-society linkage prefers local resources.
public enum Locality { Elsewhere, SameCounty, SameTownship, SameVillage }

/// Everything the ranking needs to know of one need–provider pair, reduced to numbers. Indexes
/// compute it from their own storage; <see cref="Ranker"/> turns it into points.
public readonly record struct MatchSignals(
    bool ExactItem,
    double Text,
    double? DistanceKm,
    int SkillsWanted,
    int SkillsHad,
    WeeklySlots NeedSlots,
    WeeklySlots ProviderSlots,
    Locality Locality);

/// The final ordering of candidates that already pass every hard rule. Pure: the same inputs
/// always give the same scores, whichever index found the candidates. The points of each factor
/// are computed in one place, so the fast path of an index (<see cref="Points"/>) and the
/// explained path (<see cref="Score(NeedProfile, ProviderProfile, double, MatchingWeights)"/>)
/// agree to the last bit.
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
    public static int Compare(RankedCandidate a, RankedCandidate b) => Compare(a.Score, a.Provider, b.Score, b.Provider);

    public static int Compare(double scoreA, ProviderRef a, double scoreB, ProviderRef b)
    {
        var byScore = scoreB.CompareTo(scoreA);
        if (byScore != 0) return byScore;
        var byKind = a.Kind.CompareTo(b.Kind);
        return byKind != 0 ? byKind : a.Id.CompareTo(b.Id);
    }

    /// Higher score first; ties by the older need (lower id) first.
    public static int Compare(RankedNeed a, RankedNeed b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : a.NeedId.CompareTo(b.NeedId);
    }

    public static MatchSignals Signals(NeedProfile need, ProviderProfile p, double textRelevance)
    {
        var had = 0;
        foreach (var skill in need.Skills)
            if (p.Skills.Contains(skill)) had++;
        return new MatchSignals(
            ExactItem: p.ServiceCodes.Contains(need.ItemCode),
            Text: textRelevance,
            DistanceKm: need.Location is { } at && p.Location is { } home ? at.DistanceKm(home) : null,
            SkillsWanted: need.Skills.Count,
            SkillsHad: had,
            NeedSlots: need.Slots,
            ProviderSlots: p.Availability,
            Locality: LocalityOf(need.Village, p.HomeRegion));
    }

    public static RankedCandidate Score(NeedProfile need, ProviderProfile p, double textRelevance, MatchingWeights w)
    {
        var signals = Signals(need, p, textRelevance);
        return new RankedCandidate(p.Ref, Points(signals, ProviderPoints(p.Record, w), w),
            Factors(signals, p.Record, w, need.Skills.Where(p.Skills.Contains)));
    }

    public static RankedNeed ScoreNeed(NeedProfile need, ProviderProfile p, double textRelevance, MatchingWeights w)
    {
        var candidate = Score(need, p, textRelevance, w);
        return new RankedNeed(need.NeedId, candidate.Score, candidate.Factors);
    }

    /// The score alone, without allocating: what an index computes for every candidate.
    /// <paramref name="providerPoints"/> is <see cref="ProviderPoints"/> of the provider's record.
    public static double Points(in MatchSignals s, double providerPoints, MatchingWeights w)
    {
        var total = CataloguePoints(s.ExactItem, w);
        total += TextPoints(s.Text, w);
        total += DistancePoints(s.DistanceKm, w);
        total += SkillPoints(s.SkillsWanted, s.SkillsHad, w);
        total += AvailabilityPoints(s.NeedSlots, s.ProviderSlots, w);
        total += LocalityPoints(s.Locality, w);
        total += providerPoints;
        return Math.Round(total, 4);
    }

    /// The score before rounding and without the text factor: an index brackets the final score
    /// between <c>partial</c> and <c>partial + weights.Text</c> (± <see cref="BoundSlack"/>) before it
    /// compares any text.
    public static double PartialPoints(in MatchSignals s, double providerPoints, MatchingWeights w) =>
        CataloguePoints(s.ExactItem, w) + DistancePoints(s.DistanceKm, w) + SkillPoints(s.SkillsWanted, s.SkillsHad, w)
        + AvailabilityPoints(s.NeedSlots, s.ProviderSlots, w) + LocalityPoints(s.Locality, w) + providerPoints;

    /// More than rounding to four places and a different order of additions can move a score.
    public const double BoundSlack = 1e-3;

    /// The part of the score that depends on the provider alone: its record, less the fairness penalty.
    public static double ProviderPoints(ProviderRecord r, MatchingWeights w) => RecordPoints(r, w) - FairnessPenalty(r, w);

    /// Each factor with its points and a short explanation in Chinese.
    public static IReadOnlyList<ScoreFactor> Factors(in MatchSignals s, ProviderRecord record, MatchingWeights w, IEnumerable<string> skillsHad)
    {
        var text = Math.Clamp(s.Text, 0, 1);
        return
        [
            Factor(MatchFactor.CatalogueFit, CataloguePoints(s.ExactItem, w), s.ExactItem ? "服务项目对口" : "同领域服务"),
            Factor(MatchFactor.Text, TextPoints(s.Text, w),
                text > 0 ? "描述相关度 " + ((int)Math.Round(text * 100, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture) + "%" : ""),
            Factor(MatchFactor.Distance, DistancePoints(s.DistanceKm, w), s.DistanceKm is { } km
                ? "距离 " + km.ToString(km < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " 公里" : ""),
            Factor(MatchFactor.Skills, SkillPoints(s.SkillsWanted, s.SkillsHad, w), s.SkillsWanted == 0 ? ""
                : s.SkillsHad > 0 ? "会" + string.Join("、", skillsHad) : "所需技能不符"),
            Factor(MatchFactor.Availability, AvailabilityPoints(s.NeedSlots, s.ProviderSlots, w),
                s.NeedSlots.IsEmpty || s.ProviderSlots.IsEmpty ? "" : FirstSlots(s.NeedSlots.Intersect(s.ProviderSlots)) + "有空"),
            Factor(MatchFactor.Locality, LocalityPoints(s.Locality, w), LocalityLabel(s.Locality)),
            Factor(MatchFactor.Record, RecordPoints(record, w), RecordText(record)),
            Factor(MatchFactor.Fairness, -FairnessPenalty(record, w), FairnessText(record)),
        ];
    }

    // (+ 0.0 turns a rounded -0 into 0, which would otherwise show as "+-0".)
    private static ScoreFactor Factor(MatchFactor factor, double points, string explanation) => new(factor, Math.Round(points, 2) + 0.0, explanation);

    public static Locality LocalityOf(DivisionCode village, DivisionCode home) => LocalityOf(village.Number, home.Number);

    /// Same village; same township (when the provider's home is a township or village); same
    /// county (or whatever the home's county-level ancestor is); elsewhere.
    public static Locality LocalityOf(long village, long home)
    {
        // DivisionNumbers' rules spelled out with constant divisors: this runs for every candidate.
        if (home == village) return Locality.SameVillage;
        if (home % 1_000_000 != 0) // a township or a village
        {
            if (village / 1000 == home / 1000) return Locality.SameTownship;
            return village / 1_000_000 == home / 1_000_000 ? Locality.SameCounty : Locality.Elsewhere;
        }
        var sameCounty = home % 100_000_000 != 0 ? village / 1_000_000 == home / 1_000_000
            : home % 10_000_000_000 != 0 ? village / 100_000_000 == home / 100_000_000
            : village / 10_000_000_000 == home / 10_000_000_000;
        return sameCounty ? Locality.SameCounty : Locality.Elsewhere;
    }

    private static double CataloguePoints(bool exact, MatchingWeights w) => exact ? w.CatalogueFit : w.CatalogueFit * 0.6;

    private static double TextPoints(double text, MatchingWeights w) => w.Text * Math.Clamp(text, 0, 1);

    private static double DistancePoints(double? km, MatchingWeights w) =>
        km is { } d ? w.Distance * Math.Exp(-d / w.DistanceScaleKm) : w.Distance * 0.25;

    private static double SkillPoints(int wanted, int had, MatchingWeights w) =>
        wanted > 0 ? w.Skills * had / wanted : w.Skills * 0.5;

    private static double AvailabilityPoints(WeeklySlots need, WeeklySlots provider, MatchingWeights w) =>
        !need.IsEmpty && !provider.IsEmpty ? w.Availability * need.Intersect(provider).Count / need.Count : w.Availability * 0.5;

    private static double LocalityPoints(Locality locality, MatchingWeights w) => w.Locality * locality switch
    {
        Locality.SameVillage => 1,
        Locality.SameTownship => 0.6,
        Locality.SameCounty => 0.3,
        _ => 0,
    };

    private static string LocalityLabel(Locality locality) => locality switch
    {
        Locality.SameVillage => "同村",
        Locality.SameTownship => "同镇",
        Locality.SameCounty => "同县",
        _ => "县外",
    };

    /// Ratings and completions, pulled towards a prior (4 stars, 80 % completed) so that a newcomer
    /// with no history starts in the middle, not at the bottom.
    private static double RecordPoints(ProviderRecord r, MatchingWeights w)
    {
        const double priorRatings = 3, priorMean = 4.0, priorAccepted = 2, priorRate = 0.8;
        var rating = (r.RatingSum + priorRatings * priorMean) / (r.RatingCount + priorRatings);
        var completion = (r.Completed + priorAccepted * priorRate) / (Math.Max(r.Accepted, r.Completed) + priorAccepted);
        return w.Record * (0.6 * (rating - 1) / 4 + 0.4 * Math.Min(1, completion));
    }

    private static string RecordText(ProviderRecord r) =>
        r.Completed == 0 && r.RatingCount == 0
            ? "新加入，暂无服务记录"
            : r.RatingCount > 0
                ? "已完成 " + r.Completed.ToString(CultureInfo.InvariantCulture) + " 次服务，平均 "
                  + ((double)r.RatingSum / r.RatingCount).ToString("0.0", CultureInfo.InvariantCulture) + " 分"
                : "已完成 " + r.Completed.ToString(CultureInfo.InvariantCulture) + " 次服务";

    /// The busier a provider and the more it was proposed lately, the lower it ranks, so that work
    /// spreads over everyone willing instead of the same few.
    private static double FairnessPenalty(ProviderRecord r, MatchingWeights w) =>
        w.Fairness * Math.Min(1, (r.CurrentLoad + 0.5 * r.RecentProposals) / w.FairnessSaturation);

    private static string FairnessText(ProviderRecord r) =>
        r.CurrentLoad == 0 && r.RecentProposals == 0
            ? "近期未被推荐"
            : "进行中 " + r.CurrentLoad.ToString(CultureInfo.InvariantCulture) + " 项，近期推荐 " + r.RecentProposals.ToString(CultureInfo.InvariantCulture) + " 次";

    /// "周六上午、周日下午", or the first two and "等" when there are more.
    private static string FirstSlots(WeeklySlots slots)
    {
        if (slots.Count <= 2) return slots.Describe();
        return new WeeklySlots(FirstBits(slots.Bits, 2)).Describe() + "等";
    }

    private static int FirstBits(int bits, int count)
    {
        var kept = 0;
        for (var bit = 0; bit < 21 && count > 0; bit++)
            if ((bits & (1 << bit)) != 0)
            {
                kept |= 1 << bit;
                count--;
            }
        return kept;
    }
}
