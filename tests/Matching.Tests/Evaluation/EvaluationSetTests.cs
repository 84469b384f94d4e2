using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Tests.Evaluation;

/// Guards the evaluation set itself: big enough, consistent, and labelled only with providers the
/// hard rules allow, so a ranker is never scored on a provider it may not propose.
public class EvaluationSetTests
{
    private static readonly EvaluationSet Set = EvaluationSet.Load();

    [Fact]
    public void Load_HoldsAtLeast500ProvidersAnd50Needs()
    {
        Assert.True(Set.Providers.Count >= 500, $"{Set.Providers.Count} providers");
        Assert.True(Set.Cases.Count >= 50, $"{Set.Cases.Count} needs");
    }

    [Fact]
    public void Ids_AreUnique()
    {
        Assert.Equal(Set.Providers.Count, Set.Providers.Select(p => p.Ref).Distinct().Count());
        Assert.Equal(Set.Providers.Count, Set.Providers.Select(p => p.Ref.Id).Distinct().Count());
        Assert.Equal(Set.Cases.Count, Set.Cases.Select(c => c.Need.NeedId).Distinct().Count());
    }

    [Fact]
    public void Labels_NameExistingProvidersThatPassEveryHardRule()
    {
        var providers = Set.Providers.ToDictionary(p => p.Ref);
        var problems = new List<string>();
        foreach (var c in Set.Cases)
            foreach (var (provider, grade) in c.Grades)
            {
                if (grade is < 1 or > 3)
                    problems.Add($"need {c.Need.NeedId}: {provider} has grade {grade}");
                if (!providers.TryGetValue(provider, out var profile))
                    problems.Add($"need {c.Need.NeedId}: {provider} does not exist");
                else if (HardRules.FirstViolation(c.Need, profile, Set.Today) is { } rule)
                    problems.Add($"need {c.Need.NeedId}: {provider} breaks {rule}");
            }
        Assert.Empty(problems);
    }

    [Fact]
    public void EveryNeed_HasAtLeastThreeLabelsOneOfThemIdeal()
    {
        foreach (var c in Set.Cases)
        {
            Assert.True(c.Grades.Count >= 3, $"need {c.Need.NeedId} has {c.Grades.Count} labels");
            Assert.Contains(3, c.Grades.Values);
            Assert.False(string.IsNullOrWhiteSpace(c.Note), $"need {c.Need.NeedId} has no note");
        }
    }

    [Fact]
    public void Needs_HaveTextLocationAndKnownVillage()
    {
        foreach (var c in Set.Cases)
        {
            Assert.NotNull(c.Need.Location);
            Assert.False(string.IsNullOrWhiteSpace(c.Need.Text));
            Assert.Equal(RegionLevel.Village, c.Need.Village.Level);
        }
    }
}
