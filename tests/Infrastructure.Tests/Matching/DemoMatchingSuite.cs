using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Tests.Demo;
using FiveSocieties.Infrastructure.Tests.Support;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Matching;

/// Matching over the whole demo county (about 1,800 active providers of 2,100,
/// about 125 open needs), seeded afresh for this class, once per provider.
public abstract class DemoMatchingSuite<TFixture>(TFixture fixture) where TFixture : DemoCountyFixture
{
    private const int CheckedAgainstTheOracle = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InfrastructureHost Host
    {
        get
        {
            TestDatabase.RequireAvailable(fixture.Provider);
            return fixture.Host;
        }
    }

    [Fact]
    public async Task Index_BuiltAtStartUp_HoldsEveryActiveProviderAndEveryOpenNeed()
    {
        await using var scope = Host.Scope();
        var source = scope.ServiceProvider.GetRequiredService<ProfileSource>();
        var (providers, needs) = (await source.ProvidersAsync(Ct), await source.OpenNeedsAsync(Ct));
        var counts = await Host.Services.GetRequiredService<CandidateIndexHost>().Index.CountAsync(Ct);
        Assert.True(providers.Count > 1500 && needs.Count > 50, $"{providers.Count} providers, {needs.Count} open needs");
        Assert.Equal(new IndexCounts(providers.Count, needs.Count), counts);
    }

    [Fact]
    public async Task Propose_EveryOpenNeed_NoProposalBreaksAHardRule_AndShortlistsKeepTheirSize()
    {
        var statusBefore = await Host.WithDb(db => db.Needs
            .Where(n => n.Status == NeedStatus.Submitted || n.Status == NeedStatus.Matching)
            .ToDictionaryAsync(n => n.Id, n => n.Status, Ct));
        var open = statusBefore.Keys.Order().ToList();
        Assert.True(open.Count > 50, $"the demo should hold plenty of open needs, has {open.Count}");

        var made = new List<Match>();
        for (var i = 0; i < open.Count; i++)
        {
            var id = open[i];
            // The first few are also checked against the brute-force ranking, taken just before.
            var before = i < CheckedAgainstTheOracle ? await MatchingOracle.SnapshotAsync(Host, id) : null;
            await using var scope = Host.Scope();
            var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
            var proposals = await scope.ServiceProvider.GetRequiredService<MatchingService>()
                .ProposeAsync(await db.Needs.SingleAsync(n => n.Id == id, Ct), Ct);
            if (before is not null) MatchingOracle.AssertTopOfTheRanking(before, proposals);
            made.AddRange(proposals);
        }
        Assert.True(made.Count > 200, $"the demo county should give plenty of proposals, gave {made.Count}");

        // Against the providers and needs as the database has them after all the proposing.
        await using (var scope = Host.Scope())
        {
            var source = scope.ServiceProvider.GetRequiredService<ProfileSource>();
            var providers = (await source.ProvidersAsync(Ct)).ToDictionary(p => p.Ref);
            var needs = (await source.OpenNeedsAsync(Ct)).ToDictionary(n => n.NeedId);
            var today = ChinaTime.Today(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
            var violations = made
                .Select(m => (Match: m, Rule: providers.TryGetValue(m.Provider, out var p) ? HardRules.FirstViolation(needs[m.NeedId], p, today) : HardRule.NotActive))
                .Where(v => v.Rule is not null)
                .Select(v => $"need {v.Match.NeedId} – {v.Match.Provider}: {v.Rule}")
                .ToList();
            Assert.True(violations.Count == 0, $"{violations.Count} proposals break a hard rule: {string.Join("; ", violations.Take(20))}");
        }

        var (saved, statuses, items) = await Host.WithDb(async db => (
            await db.Matches.AsNoTracking().Where(m => open.Contains(m.NeedId)).ToListAsync(Ct),
            await db.Needs.Where(n => open.Contains(n.Id)).ToDictionaryAsync(n => n.Id, Ct),
            await db.ServiceItems.AsNoTracking().ToDictionaryAsync(i => i.Code, Ct)));
        Assert.Equal(made.Select(m => m.Id).Order(), saved.Where(m => m.Status == MatchStatus.Proposed && m.ProposedAt == DemoCountyFixture.Today)
            .Select(m => m.Id).Order());
        var perKind = Host.Services.GetRequiredService<IOptions<MatchingOptions>>().Value.ProposalsPerKind;
        foreach (var id in open)
        {
            var need = statuses[id];
            Assert.Equal(statusBefore[id], need.Status); // proposing leaves the status to the worker
            var kinds = MatchPlan.KindsFor(items[need.ServiceItemCode].UsualResourceKinds, need.Quantity.AsMoney);
            var standing = saved.Where(m => m.NeedId == id && MatchingService.Standing.Contains(m.Status)).ToList();
            foreach (var kind in Enum.GetValues<ResourceKind>())
                Assert.InRange(standing.Count(m => m.ProviderKind == kind), 0, perKind);
            Assert.All(made.Where(m => m.NeedId == id), m =>
            {
                Assert.Contains(m.ProviderKind, kinds);
                Assert.Equal(m.ProviderKind == ResourceKind.Fund ? need.Quantity.AsMoney : null, m.Amount);
            });
        }
    }
}

public sealed class SqliteDemoMatchingTests(SqliteDemoCounty fixture) : DemoMatchingSuite<SqliteDemoCounty>(fixture), IClassFixture<SqliteDemoCounty>;

public sealed class PostgresDemoMatchingTests(PostgresDemoCounty fixture) : DemoMatchingSuite<PostgresDemoCounty>(fixture), IClassFixture<PostgresDemoCounty>;
