using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Tests.Engine;

public class RankerTests
{
    private static readonly MatchingWeights Weights = new();
    private static readonly DivisionCode Village = DivisionCode.Parse("341821100201");

    private static readonly NeedProfile Need = new()
    {
        NeedId = 1,
        ItemCode = "elderly.meal",
        Groups = [BeneficiaryGroup.ElderlyLivingAlone],
        Village = Village,
        Location = new GeoPoint(31.1000, 119.2000),
        Slots = WeeklySlots.Of((DayOfWeek.Saturday, DayPart.Morning)),
        Skills = ["烹饪"],
        Text = "独居老人需要送餐",
    };

    private static ProviderProfile Volunteer(long id) => new()
    {
        Ref = new ProviderRef(ResourceKind.Volunteer, id),
        Name = "王秀英",
        IsActive = true,
        ServiceCodes = ["elderly.meal"],
        HomeRegion = Village,
        Location = new GeoPoint(31.1072, 119.2000),
        RadiusKm = 5,
        CapacityLeft = 2,
        Availability = WeeklySlots.Of((DayOfWeek.Saturday, DayPart.Morning), (DayOfWeek.Sunday, DayPart.Afternoon)),
        Skills = ["烹饪"],
        Text = "退休厨师，可以给长者送饭",
        Record = new ProviderRecord(13, 12, 10, 48, 0, 0),
    };

    [Fact]
    public void Explanation_ReadsLikeAWorkerWouldSayIt()
    {
        var ranked = Ranker.Score(Need, Volunteer(1), ChineseText.Similarity(Need.Text, Volunteer(1).Text), Weights);

        Assert.Equal("同村 · 距离 0.8 公里 · 周六上午有空 · 会烹饪 · 已完成 12 次服务，平均 4.8 分", ranked.Explanation);
        Assert.Equal(8, ranked.Factors.Count);
        Assert.Equal(ranked.Score, ranked.Factors.Sum(f => f.Points), 1);
    }

    [Fact]
    public void Score_ExactItemBeatsTheSameAreaAndNearBeatsFar()
    {
        var exact = Ranker.Score(Need, Volunteer(1), 0, Weights);
        var area = Ranker.Score(Need, Volunteer(1) with { ServiceCodes = ["elderly"] }, 0, Weights);
        var far = Ranker.Score(Need, Volunteer(1) with { Location = new GeoPoint(31.14, 119.2) }, 0, Weights);

        Assert.True(exact.Score > area.Score);
        Assert.True(exact.Score > far.Score);
        Assert.Equal("同领域服务", area.Factors.Single(f => f.Factor == MatchFactor.CatalogueFit).Explanation);
    }

    [Fact]
    public void Record_ANewcomerStartsInTheMiddleNotAtTheBottom()
    {
        var newcomer = Ranker.Score(Need, Volunteer(1) with { Record = ProviderRecord.Empty }, 0, Weights);
        var poor = Ranker.Score(Need, Volunteer(1) with { Record = new ProviderRecord(10, 4, 8, 12, 0, 0) }, 0, Weights);
        var good = Ranker.Score(Need, Volunteer(1), 0, Weights);

        Assert.True(poor.Score < newcomer.Score && newcomer.Score < good.Score);
        Assert.Contains("新加入", newcomer.Explanation);
    }

    [Fact]
    public void Fairness_TheBusyAndTheOftenProposedRankLower()
    {
        var idle = Ranker.Score(Need, Volunteer(1), 0, Weights);
        var busy = Ranker.Score(Need, Volunteer(1) with { Record = Volunteer(1).Record with { CurrentLoad = 2, RecentProposals = 4 } }, 0, Weights);

        Assert.True(busy.Score < idle.Score);
        Assert.Equal("进行中 2 项，近期推荐 4 次", busy.Factors.Single(f => f.Factor == MatchFactor.Fairness).Explanation);
        Assert.True(busy.Factors.Single(f => f.Factor == MatchFactor.Fairness).Points < 0);
        // No penalty is a plain zero, not -0 (which pages would show as "+-0").
        Assert.False(double.IsNegative(idle.Factors.Single(f => f.Factor == MatchFactor.Fairness).Points));
    }

    [Fact]
    public void Ties_AreBrokenByKindThenId()
    {
        var ranked = Ranker.Rank(Need, [(Volunteer(9), 0), (Volunteer(3), 0), (Volunteer(5), 0)], Weights, 10);

        Assert.Equal([3L, 5L, 9L], ranked.Select(r => r.Provider.Id));
    }

    [Fact]
    public void Weights_OutOfRangeAreRefusedWithTheirName()
    {
        var problems = new MatchingWeights { Text = -1, DistanceScaleKm = 0 }.Validate().ToList();

        Assert.Contains(problems, p => p.Contains("Matching:Weights:Text"));
        Assert.Contains(problems, p => p.Contains("DistanceScaleKm"));
        Assert.Empty(new MatchingWeights().Validate());
    }
}
