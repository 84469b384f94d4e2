using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Tests.Support;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Matching;

/// What the engine knew of one need and every provider at one instant, read afresh from the database.
public sealed record Snapshot(NeedProfile Need, IReadOnlyList<ProviderProfile> Providers, IReadOnlyList<ResourceKind> Kinds,
    IReadOnlyList<Match> Standing, DateOnly Today, MatchingOptions Options)
{
    public ProviderProfile? Provider(ProviderRef provider) => Providers.SingleOrDefault(p => p.Ref == provider);
}

/// The brute-force answer the matching layer must give: every provider through <see cref="HardRules"/>
/// and <see cref="Ranker"/> (as the engine's contract tests check the index), and the checks every
/// saved proposal must pass.
public static class MatchingOracle
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Snapshot> SnapshotAsync(InfrastructureHost host, long needId)
    {
        await using var scope = host.Scope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<FiveSocietiesDbContext>();
        var source = services.GetRequiredService<ProfileSource>();
        var need = await db.Needs.AsNoTracking().SingleAsync(n => n.Id == needId, Ct);
        var item = await db.ServiceItems.AsNoTracking().SingleAsync(i => i.Code == need.ServiceItemCode, Ct);
        var standing = await db.Matches.AsNoTracking()
            .Where(m => m.NeedId == needId && MatchingService.Standing.Contains(m.Status)).ToListAsync(Ct);
        return new Snapshot(await source.NeedAsync(need, Ct), await source.ProvidersAsync(Ct),
            MatchPlan.KindsFor(item.UsualResourceKinds, need.Quantity.AsMoney), standing,
            ChinaTime.Today(services.GetRequiredService<TimeProvider>().GetUtcNow()),
            services.GetRequiredService<IOptions<MatchingOptions>>().Value);
    }

    /// Every provider of the kind that passes the hard rules, best first.
    public static IReadOnlyList<RankedCandidate> Rank(Snapshot s, ResourceKind kind) =>
        Ranker.Rank(s.Need, s.Providers
                .Where(p => p.Ref.Kind == kind && HardRules.Passes(s.Need, p, s.Today))
                .Select(p => (p, ChineseText.Similarity(s.Need.Text, p.Text))),
            s.Options.Weights, int.MaxValue);

    /// The proposals ProposeAsync should add to the shortlists, kind by kind: the best of the
    /// ranking that are not yet on the need's shortlist, up to the free places of that kind.
    public static Dictionary<ResourceKind, List<RankedCandidate>> ExpectedProposals(Snapshot s)
    {
        var taken = s.Standing.Select(m => m.Provider).ToHashSet();
        return s.Kinds.ToDictionary(kind => kind, kind => Rank(s, kind)
            .Where(c => !taken.Contains(c.Provider))
            .Take(Math.Max(0, s.Options.ProposalsPerKind - s.Standing.Count(m => m.ProviderKind == kind)))
            .ToList());
    }

    /// The proposals made are exactly the top of the brute-force ranking taken before they were
    /// made (records change once proposals are saved), with the same scores and explanations.
    public static void AssertTopOfTheRanking(Snapshot before, IEnumerable<Match> made)
    {
        var madeList = made.ToList();
        var expected = ExpectedProposals(before);
        Assert.All(madeList, m => Assert.Contains(m.ProviderKind, before.Kinds));
        foreach (var (kind, candidates) in expected)
        {
            var actual = madeList.Where(m => m.ProviderKind == kind)
                .OrderBy(m => m, Comparer<Match>.Create((a, b) => Ranker.Compare(a.Score, a.Provider, b.Score, b.Provider))).ToList();
            Assert.True(candidates.Select(c => (c.Provider, c.Score)).SequenceEqual(actual.Select(m => (m.Provider, m.Score))),
                $"need {before.Need.NeedId}, {kind}: expected [{string.Join(", ", candidates.Select(c => $"{c.Provider}={c.Score}"))}] " +
                $"got [{string.Join(", ", actual.Select(m => $"{m.Provider}={m.Score}"))}]");
            for (var i = 0; i < candidates.Count; i++) Assert.Equal(candidates[i].Factors, actual[i].Factors);
        }
    }

    /// Every proposal passes every hard rule against the need and its provider as the database
    /// has them now.
    public static void AssertPassHardRules(Snapshot now, IEnumerable<Match> proposals)
    {
        foreach (var match in proposals)
        {
            if (now.Provider(match.Provider) is not { } provider)
            {
                Assert.Fail($"match {match.Id}: {match.Provider} is not a provider the source loads");
                continue;
            }
            var violation = HardRules.FirstViolation(now.Need, provider, now.Today);
            Assert.True(violation is null, $"match {match.Id} of need {match.NeedId}: {provider.Name} breaks {violation}");
        }
    }
}
