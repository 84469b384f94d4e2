using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Tests.Support;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Matching;

/// The reference county with matching configured away from its defaults (a shortlist of three per
/// kind, one week for "recently proposed"), so the tests also show the options are used.
public abstract class MatchingFixture(TestProvider provider) : DatabaseFixture(provider)
{
    public const int ProposalsPerKind = 3;
    public const int RecentDays = 7;

    public TestClock Time { get; } = new(Builders.Now);
    protected override TimeProvider Clock => Time;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Matching:ProposalsPerKind", ProposalsPerKind.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Matching:RecentDays", RecentDays.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}

public sealed class SqliteMatching() : MatchingFixture(TestProvider.Sqlite);
public sealed class PostgresMatching() : MatchingFixture(TestProvider.PostgreSql);

/// The matching layer over a real database, run once against SQLite and once against PostgreSQL.
/// Each test builds its own <see cref="Plot"/>, so tests share the database and the index safely.
public abstract class MatchingSuite<TFixture>(TFixture fixture) where TFixture : MatchingFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly ActorRef Worker = Builders.Worker;

    private InfrastructureHost Host
    {
        get
        {
            TestDatabase.RequireAvailable(fixture.Provider);
            return fixture.Host;
        }
    }

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    // ---- ProfileSource ------------------------------------------------------------------------

    [Fact]
    public async Task ProfileSource_Providers_AreExactlyTheActiveResources()
    {
        var plot = await PlotAsync();
        var owner = plot.Organisation();
        await Plot.SaveAsync(Host, owner);
        var volunteer = plot.Volunteer(maxTasks: 4);
        var fund = plot.Fund(totalYuan: 8_000, maxPerGrantYuan: 2_000);
        var project = plot.MicroGrant(owner, places: 12);
        var pending = plot.Volunteer(approved: false);
        var paused = plot.Organisation();
        paused.Pause(Worker, Now, "暂停接单");
        var retired = plot.Fund();
        retired.Retire(Worker, Now, "基金已用完");
        var pendingProject = plot.MicroGrant(owner, approved: false);
        await Plot.SaveAsync(Host, volunteer, fund, project, pending, paused, retired, pendingProject);

        var loaded = await SourceAsync(s => s.ProvidersAsync(Ct));

        var active = await Host.WithDb(async db =>
        {
            var refs = new List<ProviderRef>();
            refs.AddRange((await db.Volunteers.Where(r => r.Status == ApprovalStatus.Active).Select(r => r.Id).ToListAsync(Ct)).Select(id => new ProviderRef(ResourceKind.Volunteer, id)));
            refs.AddRange((await db.Organisations.Where(r => r.Status == ApprovalStatus.Active).Select(r => r.Id).ToListAsync(Ct)).Select(id => new ProviderRef(ResourceKind.Organisation, id)));
            refs.AddRange((await db.Funds.Where(r => r.Status == ApprovalStatus.Active).Select(r => r.Id).ToListAsync(Ct)).Select(id => new ProviderRef(ResourceKind.Fund, id)));
            refs.AddRange((await db.MicroGrantProjects.Where(r => r.Status == ApprovalStatus.Active).Select(r => r.Id).ToListAsync(Ct)).Select(id => new ProviderRef(ResourceKind.MicroGrant, id)));
            return refs;
        });
        Assert.Equal(Sorted(active), Sorted(loaded.Select(p => p.Ref)));
        Assert.All(loaded, p => Assert.True(p.IsActive, $"{p.Ref} loaded but not active"));
        Assert.Subset(loaded.Select(p => p.Ref).ToHashSet(), Refs(owner, volunteer, fund, project).ToHashSet());
        foreach (var inactive in Refs(pending, paused, retired, pendingProject))
            Assert.DoesNotContain(inactive, loaded.Select(p => p.Ref));

        // Each profile is the engine's snapshot of its resource.
        var v = loaded.Single(p => p.Ref == Ref(volunteer));
        Assert.Equal((volunteer.Name, 5.0, 4, plot.North(0.5)), (v.Name, v.RadiusKm!.Value, v.CapacityLeft!.Value, v.Location!.Value));
        var f = loaded.Single(p => p.Ref == Ref(fund));
        Assert.Equal((Money.FromYuan(8_000), Money.FromYuan(2_000)), (f.RemainingBudget!.Value, f.MaxPerGrant!.Value));
        Assert.Equal([plot.Village], f.ServiceArea);
        var m = loaded.Single(p => p.Ref == Ref(project));
        Assert.Equal((12, new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31)), (m.CapacityLeft!.Value, m.ActiveFrom!.Value, m.ActiveUntil!.Value));
    }

    [Fact]
    public async Task ProfileSource_Record_CountsTakenBusyAndRecentMatchesOfThatProviderOnly()
    {
        var plot = await PlotAsync();
        var volunteer = plot.Volunteer(maxTasks: 5);
        volunteer.RecordCompletion();
        volunteer.RecordRating(4);
        var other = plot.Volunteer();
        var needs = Enumerable.Range(0, 7).Select(_ => plot.Need()).ToArray();
        await Plot.SaveAsync(Host, [volunteer, other, .. needs]);

        var recent = Proposed(volunteer, needs[0], daysAgo: 1);
        var old = Proposed(volunteer, needs[1], daysAgo: MatchingFixture.RecentDays + 3); // would count with the default of 14 days
        var accepted = Accepted(Proposed(volunteer, needs[2], daysAgo: 2));
        var inService = Accepted(Proposed(volunteer, needs[3], daysAgo: 3));
        inService.RecordService(ChinaTime.Today(Now.AddDays(-1)), 90, 1, "送餐", Worker, Now.AddDays(-1));
        var completed = Accepted(Proposed(volunteer, needs[4], daysAgo: 30));
        completed.RecordService(ChinaTime.Today(Now.AddDays(-25)), 60, 1, "送餐", Worker, Now.AddDays(-25));
        completed.Complete(Worker, Now.AddDays(-24));
        var declined = Proposed(volunteer, needs[5], daysAgo: 1);
        declined.Offer(Worker, Now.AddDays(-1).AddHours(1), Now.AddDays(-1).AddHours(25));
        declined.Decline(new ActorRef("volunteer", volunteer.Name), Now.AddDays(-1).AddHours(2), DeclineReason.NoTime);
        var withdrawn = Proposed(volunteer, needs[6], daysAgo: 1);
        withdrawn.Withdraw(Worker, Now.AddHours(-2), "已有服务方接单");
        var othersMatch = Accepted(Proposed(other, needs[0], daysAgo: 1));
        await Plot.SaveAsync(Host, recent, old, accepted, inService, completed, declined, withdrawn, othersMatch);

        // Accepted, in service and completed matches count as taken; accepted and in service as the
        // current load; the five proposed within the last week as recent (not 10 or 30 days ago).
        var expected = new ProviderRecord(Accepted: 3, Completed: 1, RatingCount: 1, RatingSum: 4, CurrentLoad: 2, RecentProposals: 5);
        Assert.Equal(expected, (await SourceAsync(s => s.ProviderAsync(Ref(volunteer), Ct)))!.Record);
        Assert.Equal(expected, (await SourceAsync(s => s.ProvidersAsync(Ct))).Single(p => p.Ref == Ref(volunteer)).Record);
        Assert.Equal(new ProviderRecord(1, 0, 0, 0, 1, 1), (await SourceAsync(s => s.ProviderAsync(Ref(other), Ct)))!.Record);
    }

    [Fact]
    public async Task ProfileSource_PausedProvider_ComesBackInactive_AndAnUnknownOneAsNothing()
    {
        var plot = await PlotAsync();
        var owner = plot.Organisation();
        await Plot.SaveAsync(Host, owner);
        var volunteer = plot.Volunteer();
        var fund = plot.Fund();
        var project = plot.MicroGrant(owner);
        await Plot.SaveAsync(Host, volunteer, fund, project);

        await ChangeAsync<Volunteer>(volunteer.Id, r => r.Pause(Worker, Now, "外出务工"));
        await ChangeAsync<SocialOrganisation>(owner.Id, r => r.Pause(Worker, Now));
        await ChangeAsync<CharitableFund>(fund.Id, r => r.Pause(Worker, Now));
        await ChangeAsync<MicroGrantProject>(project.Id, r => r.Pause(Worker, Now));

        foreach (var paused in Refs(volunteer, owner, fund, project))
        {
            var profile = await SourceAsync(s => s.ProviderAsync(paused, Ct));
            Assert.NotNull(profile);
            Assert.Equal(paused, profile.Ref);
            Assert.False(profile.IsActive, $"{paused} is paused");
        }
        var all = (await SourceAsync(s => s.ProvidersAsync(Ct))).Select(p => p.Ref).ToHashSet();
        Assert.Empty(all.Intersect(Refs(volunteer, owner, fund, project)));
        Assert.Null(await SourceAsync(s => s.ProviderAsync(new ProviderRef(ResourceKind.Volunteer, int.MaxValue), Ct)));
    }

    [Fact]
    public async Task ProfileSource_OpenNeeds_AreSubmittedOrMatchingOnly_WithTheProvidersThatDeclinedThem()
    {
        var plot = await PlotAsync();
        var decliner = plot.Volunteer();
        var withdrawnOne = plot.Volunteer();
        var draft = plot.Need(submitted: false);
        var submitted = plot.Need(ownLocation: false);
        var matching = plot.Need();
        matching.StartMatching(ActorRef.System, Now);
        var matched = plot.Need();
        matched.StartMatching(ActorRef.System, Now);
        matched.MarkMatched(Worker, Now);
        var cancelled = plot.Need();
        cancelled.Cancel(Worker, Now, "已自行解决");
        var closed = plot.Need();
        closed.Close(Worker, Now, "辖区内暂无合适资源");
        await Plot.SaveAsync(Host, decliner, withdrawnOne, draft, submitted, matching, matched, cancelled, closed);

        var declined = Offered(Proposed(decliner, matching, daysAgo: 1));
        declined.Decline(new ActorRef("volunteer", decliner.Name), Now.AddHours(-3), DeclineReason.TooFar);
        var withdrawn = Proposed(withdrawnOne, matching, daysAgo: 1);
        withdrawn.Withdraw(Worker, Now.AddHours(-3), "重新匹配");
        var declinedClosed = Offered(Proposed(withdrawnOne, closed, daysAgo: 2));
        declinedClosed.Decline(new ActorRef("volunteer", withdrawnOne.Name), Now.AddHours(-30), DeclineReason.Personal);
        await Plot.SaveAsync(Host, declined, withdrawn, declinedClosed);

        var open = await SourceAsync(s => s.OpenNeedsAsync(Ct));
        var expected = await Host.WithDb(db => db.Needs
            .Where(n => n.Status == NeedStatus.Submitted || n.Status == NeedStatus.Matching).Select(n => n.Id).ToListAsync(Ct));
        Assert.Equal(expected.Order(), open.Select(n => n.NeedId).Order());
        Assert.Contains(submitted.Id, expected);
        Assert.Contains(matching.Id, expected);
        foreach (var shut in new[] { draft, matched, cancelled, closed })
            Assert.DoesNotContain(shut.Id, open.Select(n => n.NeedId));

        Assert.Equal([Ref(decliner)], open.Single(n => n.NeedId == matching.Id).Excluded);
        var fresh = open.Single(n => n.NeedId == submitted.Id);
        Assert.Empty(fresh.Excluded);
        Assert.Equal(plot.Centre, fresh.Location); // no position of its own: its village's

        var one = await Host.WithDb(db => db.Needs.SingleAsync(n => n.Id == matching.Id, Ct));
        Assert.Equal([Ref(decliner)], (await SourceAsync(s => s.NeedAsync(one, Ct))).Excluded);
    }

    // ---- MatchingService.ProposeAsync ---------------------------------------------------------

    [Fact]
    public async Task Propose_FreshNeed_ShortlistsEveryKindFromTheTopOfTheRanking_AndLeavesTheStatusToTheWorker()
    {
        var plot = await PlotAsync();
        // More providers that fit than places, at different distances and with different skills.
        Resource[] fit =
        [
            plot.Volunteer(northKm: 0.2, skills: ["烹饪"]),
            plot.Volunteer(northKm: 1.0, skills: ["烹饪", "驾驶"]),
            plot.Volunteer(northKm: 2.0),
            plot.Volunteer(northKm: 3.0, skills: ["烹饪"]),
            plot.Volunteer(northKm: 4.0, description: "退休厨师，愿意为独居老人送饭"),
            plot.Organisation(northKm: 0.5),
            plot.Organisation(northKm: 2.0),
            plot.Organisation(northKm: 6.0, description: "长期开展独居老人助餐服务"),
            plot.Organisation(services: ["elderly.meal"], northKm: 3.0),
        ];
        // Each of these breaks one hard rule.
        Resource[] unfit =
        [
            plot.Volunteer(availability: Plot.Weekdays),
            plot.Volunteer(services: ["children"]),
            plot.Volunteer(northKm: 8.0),
            plot.Volunteer(approved: false),
            plot.Organisation(area: [plot.OtherVillage]),
            plot.Fund(services: ["elderly"]), // no money is asked
        ];
        var need = plot.Need(skills: ["烹饪"]);
        await Plot.SaveAsync(Host, [.. fit, .. unfit, need]);
        await RebuildIndexAsync();

        var before = await MatchingOracle.SnapshotAsync(Host, need.Id);
        Assert.Equal([ResourceKind.Volunteer, ResourceKind.Organisation], before.Kinds);
        Assert.Equal(MatchingFixture.ProposalsPerKind, before.Options.ProposalsPerKind);
        var made = await ProposeAsync(need.Id);

        var saved = await MatchesAsync(need.Id);
        Assert.Equal(made.Select(m => m.Id).Order(), saved.Select(m => m.Id).Order());
        Assert.All(saved, m =>
        {
            Assert.Equal(MatchStatus.Proposed, m.Status);
            Assert.Equal(Enum.GetValues<MatchFactor>(), m.Factors.Select(f => f.Factor));
            Assert.Null(m.Amount);
            Assert.Equal(Now, m.ProposedAt);
            Assert.Equal(ActorRef.System.Id, Assert.Single(m.History).ActorId);
        });
        Assert.Equal(MatchingFixture.ProposalsPerKind, saved.Count(m => m.ProviderKind == ResourceKind.Volunteer));
        Assert.Equal(MatchingFixture.ProposalsPerKind, saved.Count(m => m.ProviderKind == ResourceKind.Organisation));
        MatchingOracle.AssertTopOfTheRanking(before, saved);
        MatchingOracle.AssertPassHardRules(await MatchingOracle.SnapshotAsync(Host, need.Id), saved);
        Assert.Empty(saved.Select(m => m.Provider).Intersect(Refs(unfit)));

        // The need's status is the worker's to move (an offer moves it to 匹配中), not the engine's.
        var after = await Host.WithDb(db => db.Needs.SingleAsync(n => n.Id == need.Id, Ct));
        Assert.Equal(NeedStatus.Submitted, after.Status);
        Assert.Equal([NeedStatus.Draft, NeedStatus.Submitted], after.History.Select(h => h.To));

        // The shortlists are full: proposing again adds nothing.
        Assert.Empty(await ProposeAsync(need.Id));
        Assert.Equal(saved.Count, (await MatchesAsync(need.Id)).Count);
    }

    [Fact]
    public async Task Propose_MoneyAsked_ProposesFundsThatCanGrantIt_WithTheNeedsAmount_AndFundsOnlyThen()
    {
        var plot = await PlotAsync();
        CharitableFund[] canGrant = [plot.Fund(), plot.Fund(totalYuan: 50_000, maxPerGrantYuan: 3_000)];
        var spent = plot.Fund();
        spent.Reserve(Money.FromYuan(5_000));
        spent.Reserve(Money.FromYuan(4_000)); // ¥1,000 left
        Resource[] cannot =
        [
            plot.Fund(maxPerGrantYuan: 1_000),
            spent,
            plot.Fund(groups: [BeneficiaryGroup.LeftBehindChild]),
            plot.Fund(services: ["assistance"]),
        ];
        SocialOrganisation[] organisations = [plot.Organisation(), plot.Organisation(northKm: 2.0)];
        const string title = "安装扶手和防滑地面";
        const string description = "独居老人家中卫生间需要安装扶手，地面做防滑改造。";
        var money = plot.Need("elderly.retrofit", Quantity.Of(Money.FromYuan(2_000)), title: title, description: description);
        var people = plot.Need("elderly.retrofit", Quantity.People(1), title: title, description: description);
        await Plot.SaveAsync(Host, [.. canGrant, .. cannot, .. organisations, money, people]);
        await RebuildIndexAsync();

        var before = await MatchingOracle.SnapshotAsync(Host, money.Id);
        Assert.Equal([ResourceKind.Organisation, ResourceKind.Fund], before.Kinds);
        var made = await MatchesAsync(money.Id, await ProposeAsync(money.Id));
        Assert.Equal(Sorted(Refs(canGrant)), Sorted(made.Where(m => m.ProviderKind == ResourceKind.Fund).Select(m => m.Provider)));
        Assert.Equal(Sorted(Refs(organisations)), Sorted(made.Where(m => m.ProviderKind == ResourceKind.Organisation).Select(m => m.Provider)));
        Assert.All(made, m => Assert.Equal(m.ProviderKind == ResourceKind.Fund ? (Money?)Money.FromYuan(2_000) : null, m.Amount));
        MatchingOracle.AssertTopOfTheRanking(before, made);
        MatchingOracle.AssertPassHardRules(await MatchingOracle.SnapshotAsync(Host, money.Id), made);

        var beforePeople = await MatchingOracle.SnapshotAsync(Host, people.Id);
        Assert.Equal([ResourceKind.Organisation], beforePeople.Kinds);
        var madePeople = await MatchesAsync(people.Id, await ProposeAsync(people.Id));
        Assert.Equal(Sorted(Refs(organisations)), Sorted(madePeople.Select(m => m.Provider)));
        Assert.All(madePeople, m => Assert.Null(m.Amount));
        MatchingOracle.AssertTopOfTheRanking(beforePeople, madePeople);
    }

    [Fact]
    public async Task Propose_NeedThatIsNotOpen_ProposesNothing()
    {
        var plot = await PlotAsync();
        var draft = plot.Need(submitted: false);
        var cancelled = plot.Need();
        cancelled.Cancel(Worker, Now, "已自行解决");
        await Plot.SaveAsync(Host, plot.Volunteer(), plot.Organisation(), draft, cancelled);
        await RebuildIndexAsync();

        foreach (var need in new[] { draft, cancelled })
        {
            Assert.Empty(await ProposeAsync(need.Id));
            Assert.Empty(await MatchesAsync(need.Id));
        }
        Assert.Equal(NeedStatus.Draft, (await Host.WithDb(db => db.Needs.SingleAsync(n => n.Id == draft.Id, Ct))).Status);
    }

    // ---- MatchingService.RerunAsync -----------------------------------------------------------

    [Fact]
    public async Task Rerun_WithdrawsUntouchedProposals_KeepsOffers_AndNeverProposesADeclinerAgain()
    {
        var plot = await PlotAsync();
        var volunteers = Enumerable.Range(0, 6).Select(i => plot.Volunteer(northKm: 0.3 + 0.6 * i)).ToArray();
        var need = plot.Need("elderly.visit", title: "上门探访独居老人", description: "张爷爷独居，希望每周有人上门陪伴聊天。");
        await Plot.SaveAsync(Host, [.. volunteers, need]);
        await RebuildIndexAsync();

        var first = (await ProposeAsync(need.Id)).OrderByDescending(m => m.Score).ToList();
        Assert.Equal(MatchingFixture.ProposalsPerKind, first.Count);
        var (offered, declined, untouched) = (first[0], first[1], first[2]);
        await ChangeAsync<Match>(offered.Id, m => m.Offer(Worker, Now, Now.AddHours(24)));
        await ChangeAsync<Match>(declined.Id, m =>
        {
            m.Offer(Worker, Now, Now.AddHours(24));
            m.Decline(new ActorRef("volunteer", "志愿者"), Now, DeclineReason.NoTime);
        });

        var before = await MatchingOracle.SnapshotAsync(Host, need.Id);
        Assert.Equal([declined.Provider], before.Need.Excluded);
        var again = await RerunAsync(need.Id);

        var all = await MatchesAsync(need.Id);
        var withdrawn = all.Single(m => m.Id == untouched.Id);
        Assert.Equal(MatchStatus.Withdrawn, withdrawn.Status);
        Assert.Equal(("重新匹配", Worker.Id), (withdrawn.History[^1].Reason, withdrawn.History[^1].ActorId));
        Assert.Equal(MatchStatus.Offered, all.Single(m => m.Id == offered.Id).Status);
        Assert.Equal(MatchStatus.Declined, all.Single(m => m.Id == declined.Id).Status);

        // The offer keeps its place; the two others are proposed afresh from the ranking as it is now.
        Assert.Equal(MatchingFixture.ProposalsPerKind - 1, again.Count);
        Assert.All(again, m => Assert.Equal(MatchStatus.Proposed, all.Single(x => x.Id == m.Id).Status));
        Assert.DoesNotContain(declined.Provider, again.Select(m => m.Provider));
        Assert.DoesNotContain(offered.Provider, again.Select(m => m.Provider));
        MatchingOracle.AssertTopOfTheRanking(before with { Standing = before.Standing.Where(m => m.Status != MatchStatus.Proposed).ToList() }, again);
        MatchingOracle.AssertPassHardRules(await MatchingOracle.SnapshotAsync(Host, need.Id), again);

        // However often it runs.
        var third = await RerunAsync(need.Id);
        Assert.DoesNotContain(declined.Provider, third.Select(m => m.Provider));
        Assert.Equal(MatchingFixture.ProposalsPerKind, (await MatchesAsync(need.Id)).Count(m => MatchingService.Standing.Contains(m.Status)));
    }

    // ---- MatchingService.ProviderChangedAsync -------------------------------------------------

    [Fact]
    public async Task ProviderChanged_NewlyApprovedProviderThatFits_IsProposedForTheOpenNeeds()
    {
        var plot = await PlotAsync();
        var matching = plot.Need();
        matching.StartMatching(Worker, Now);
        var submitted = plot.Need(title: "老人午餐", description: "李爷爷腿脚不便，需要有人送午饭。");
        var noCommonTime = plot.Need(slots: Plot.Weekdays);
        var children = plot.Need("children.after-school", groups: [BeneficiaryGroup.LeftBehindChild],
            title: "四点半课堂", description: "留守儿童放学后需要作业辅导。");
        await Plot.SaveAsync(Host, matching, submitted, noCommonTime, children);
        await RebuildIndexAsync();
        Assert.Empty(await ProposeAsync(matching.Id)); // nobody yet

        var newcomer = plot.Volunteer(northKm: 0.4, approved: false);
        await Plot.SaveAsync(Host, newcomer);
        Assert.Empty(await ProviderChangedAsync(newcomer)); // pending: not yet
        Assert.Empty(await MatchesAsync(matching.Id));

        await ChangeAsync<Volunteer>(newcomer.Id, v => v.Approve(Worker, Now));
        var beforeMatching = await MatchingOracle.SnapshotAsync(Host, matching.Id);
        var beforeSubmitted = await MatchingOracle.SnapshotAsync(Host, submitted.Id);
        var made = await ProviderChangedAsync(newcomer);

        Assert.Equal(new[] { matching.Id, submitted.Id }.Order(), made.Select(m => m.NeedId).Order());
        foreach (var before in new[] { beforeMatching, beforeSubmitted })
        {
            var match = Assert.Single(await MatchesAsync(before.Need.NeedId));
            Assert.Equal((MatchStatus.Proposed, Ref(newcomer)), (match.Status, match.Provider));
            var expected = MatchingOracle.Rank(before, ResourceKind.Volunteer).Single(c => c.Provider == Ref(newcomer));
            Assert.Equal(expected.Score, match.Score);
            Assert.Equal(expected.Factors, match.Factors);
            MatchingOracle.AssertPassHardRules(await MatchingOracle.SnapshotAsync(Host, before.Need.NeedId), [match]);
        }
        Assert.Equal(NeedStatus.Submitted, (await Host.WithDb(db => db.Needs.SingleAsync(n => n.Id == submitted.Id, Ct))).Status);
        Assert.Empty(await MatchesAsync(noCommonTime.Id));
        Assert.Empty(await MatchesAsync(children.Id));
    }

    [Fact]
    public async Task ProviderChanged_AfterTheProviderDeclined_DoesNotProposeItForThatNeedAgain()
    {
        var plot = await PlotAsync();
        var decliner = plot.Volunteer(northKm: 0.3);
        var other = plot.Volunteer(northKm: 1.5);
        var need = plot.Need("elderly.visit", title: "上门探访独居老人", description: "张爷爷独居，希望每周有人上门陪伴聊天。");
        await Plot.SaveAsync(Host, decliner, other, need);
        await RebuildIndexAsync();
        var first = await ProposeAsync(need.Id);
        var offer = first.Single(m => m.Provider == Ref(decliner));
        await ChangeAsync<Match>(offer.Id, m =>
        {
            m.Offer(Worker, Now, Now.AddHours(24));
            m.Decline(new ActorRef("volunteer", decliner.Name), Now, DeclineReason.NoTime);
        });

        // The volunteer then edits the profile (or frees a task): reverse matching runs for it.
        var made = await ProviderChangedAsync(decliner);

        Assert.DoesNotContain(made, m => m.NeedId == need.Id);
        Assert.DoesNotContain(await MatchesAsync(need.Id), m => m.Provider == Ref(decliner) && m.Status != MatchStatus.Declined);
    }

    [Fact]
    public async Task ProviderChanged_PausedProvider_LeavesTheIndex_AndIsNotProposedOnRerun()
    {
        var plot = await PlotAsync();
        var paused = plot.Volunteer(northKm: 0.3);
        var stays = plot.Volunteer(northKm: 1.5);
        var need = plot.Need("elderly.visit", title: "上门探访独居老人", description: "张爷爷独居，希望每周有人上门陪伴聊天。");
        await Plot.SaveAsync(Host, paused, stays, need);
        await RebuildIndexAsync();
        var first = await ProposeAsync(need.Id);
        Assert.Equal(Sorted(Refs(paused, stays)), Sorted(first.Select(m => m.Provider)));

        var index = Host.Services.GetRequiredService<CandidateIndexHost>().Index;
        var providersBefore = (await index.CountAsync(Ct)).Providers;
        await ChangeAsync<Volunteer>(paused.Id, v => v.Pause(Worker, Now, "外出务工"));
        Assert.Empty(await ProviderChangedAsync(paused));
        Assert.Equal(providersBefore - 1, (await index.CountAsync(Ct)).Providers);

        var again = await RerunAsync(need.Id);
        Assert.Equal([Ref(stays)], again.Select(m => m.Provider));
        var all = await MatchesAsync(need.Id);
        Assert.Equal(MatchStatus.Withdrawn, all.Single(m => m.Id == first.Single(f => f.Provider == Ref(paused)).Id).Status);
        Assert.DoesNotContain(all, m => m.Provider == Ref(paused) && m.Status == MatchStatus.Proposed);
    }

    [Fact]
    public async Task ProviderChanged_FullShortlist_ABetterNewcomerTakesTheWeakestUntouchedPlace_AWorseOneDoesNot()
    {
        var plot = await PlotAsync();
        var need = plot.Need("elderly.visit", skills: ["陪伴"], title: "上门探访独居老人", description: "张爷爷独居，希望每周有人上门陪伴聊天。");
        Volunteer[] moderate = [plot.Volunteer(northKm: 2.0, radiusKm: 6), plot.Volunteer(northKm: 2.5, radiusKm: 6), plot.Volunteer(northKm: 3.0, radiusKm: 6)];
        await Plot.SaveAsync(Host, [.. moderate, need]);
        await RebuildIndexAsync();
        var first = await ProposeAsync(need.Id);
        Assert.Equal(MatchingFixture.ProposalsPerKind, first.Count);
        var best = first.MaxBy(m => m.Score)!;
        await ChangeAsync<Match>(best.Id, m => m.Offer(Worker, Now, Now.AddHours(24))); // touched: keeps its place
        var weakest = first.Where(m => m.Id != best.Id).MinBy(m => m.Score)!;

        var worse = plot.Volunteer(northKm: 5.5, radiusKm: 6, availability: WeeklySlots.Of((DayOfWeek.Saturday, DayPart.Morning)));
        await Plot.SaveAsync(Host, worse);
        var worseScore = MatchingOracle.Rank(await MatchingOracle.SnapshotAsync(Host, need.Id), ResourceKind.Volunteer).Single(c => c.Provider == Ref(worse)).Score;
        Assert.True(worseScore < weakest.Score, $"the worse newcomer scores {worseScore}, the weakest proposal {weakest.Score}");
        Assert.Empty(await ProviderChangedAsync(worse));
        Assert.DoesNotContain(await MatchesAsync(need.Id), m => m.Status == MatchStatus.Withdrawn);

        var better = plot.Volunteer(northKm: 0.1, skills: ["陪伴"], description: "每周上门探访独居老人，陪伴聊天");
        await Plot.SaveAsync(Host, better);
        var expected = MatchingOracle.Rank(await MatchingOracle.SnapshotAsync(Host, need.Id), ResourceKind.Volunteer).Single(c => c.Provider == Ref(better));
        Assert.True(expected.Score > weakest.Score, $"the better newcomer scores {expected.Score}, the weakest proposal {weakest.Score}");
        var made = Assert.Single(await ProviderChangedAsync(better));

        Assert.Equal((need.Id, Ref(better), expected.Score), (made.NeedId, made.Provider, made.Score));
        var all = await MatchesAsync(need.Id);
        var replaced = all.Single(m => m.Id == weakest.Id);
        Assert.Equal(MatchStatus.Withdrawn, replaced.Status);
        Assert.Equal("有更合适的服务方", replaced.History[^1].Reason);
        Assert.Equal(MatchStatus.Offered, all.Single(m => m.Id == best.Id).Status);
        Assert.Equal(MatchingFixture.ProposalsPerKind, all.Count(m => MatchingService.Standing.Contains(m.Status)));
        Assert.Equal(MatchStatus.Proposed, all.Single(m => m.Id == made.Id).Status);
    }

    // ---- helpers ------------------------------------------------------------------------------

    // ---- index refresh ------------------------------------------------------------------------

    /// A provider saved behind this node's back (another node, a command-line import) reaches the
    /// index at the next periodic refresh.
    [Fact]
    public async Task IndexHost_RefreshesFromTheDatabase_FindingWhatOtherNodesAdded()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new MatchingOptions { RefreshEvery = TimeSpan.FromMilliseconds(200) });
        using var index = new FiveSocieties.Matching.Engine.Embedded.EmbeddedCandidateIndex(options.Value.Weights);
        using var node = new CandidateIndexHost(index, Host.Services.GetRequiredService<IServiceScopeFactory>(), options,
            new FiveSocieties.Infrastructure.Matching.Feed.IndexHealth(TimeProvider.System), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CandidateIndexHost>.Instance);
        Microsoft.Extensions.Hosting.IHostedService hosted = node;
        await hosted.StartAsync(Ct);
        try
        {
            var before = (await index.CountAsync(Ct)).Providers;
            var plot = await PlotAsync();
            var volunteer = plot.Volunteer();
            await Plot.SaveAsync(Host, volunteer);   // straight to the database: no MatchingService involved

            var waited = System.Diagnostics.Stopwatch.StartNew();
            while ((await index.CountAsync(Ct)).Providers <= before && waited.Elapsed < TimeSpan.FromSeconds(15))
                await Task.Delay(50, Ct);
            Assert.True((await index.CountAsync(Ct)).Providers > before, "the index never picked up the provider saved elsewhere");
        }
        finally
        {
            await hosted.StopAsync(Ct);
        }
    }

    private Task<Plot> PlotAsync() => Plot.CreateAsync(Host, Now);

    /// Providers added straight to the database reach the index by a rebuild, as at start-up.
    private Task RebuildIndexAsync() => Host.Services.GetRequiredService<CandidateIndexHost>().RebuildAsync(Ct);

    private async Task<T> SourceAsync<T>(Func<ProfileSource, Task<T>> read)
    {
        await using var scope = Host.Scope();
        return await read(scope.ServiceProvider.GetRequiredService<ProfileSource>());
    }

    /// One unit of work with the matching service, as a request would have.
    private async Task<T> WithMatchingAsync<T>(Func<MatchingService, FiveSocietiesDbContext, Task<T>> work)
    {
        await using var scope = Host.Scope();
        return await work(scope.ServiceProvider.GetRequiredService<MatchingService>(), scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>());
    }

    private Task<IReadOnlyList<Match>> ProposeAsync(long needId) => WithMatchingAsync(async (matching, db) =>
        await matching.ProposeAsync(await db.Needs.SingleAsync(n => n.Id == needId, Ct), Ct));

    private Task<IReadOnlyList<Match>> RerunAsync(long needId) => WithMatchingAsync(async (matching, db) =>
        await matching.RerunAsync(await db.Needs.SingleAsync(n => n.Id == needId, Ct), Worker, Ct));

    private Task<IReadOnlyList<Match>> ProviderChangedAsync(Resource provider) =>
        WithMatchingAsync((matching, _) => matching.ProviderChangedAsync(Ref(provider), Ct));

    private Task<List<Match>> MatchesAsync(long needId) =>
        Host.WithDb(db => db.Matches.AsNoTracking().Where(m => m.NeedId == needId).OrderBy(m => m.Id).ToListAsync(Ct));

    /// The matches <paramref name="made"/> as saved, read back from the database.
    private async Task<List<Match>> MatchesAsync(long needId, IReadOnlyList<Match> made)
    {
        var saved = await MatchesAsync(needId);
        Assert.Equal(made.Select(m => m.Id).Order(), saved.Select(m => m.Id).Order());
        return saved;
    }

    private Task ChangeAsync<T>(long id, Action<T> change) where T : class =>
        Host.WithDb(async db =>
        {
            var entity = await db.Set<T>().FindAsync([id], Ct) ?? throw new InvalidOperationException($"{typeof(T).Name} {id} not found");
            change(entity);
            await db.SaveChangesAsync(Ct);
        });

    private Match Proposed(Resource provider, Need need, double daysAgo) =>
        Match.Propose(need.Id, Ref(provider), 50, [], ActorRef.System, Now.AddDays(-daysAgo));

    private static Match Offered(Match match)
    {
        match.Offer(Worker, match.ProposedAt.AddHours(1), match.ProposedAt.AddHours(25));
        return match;
    }

    private static Match Accepted(Match match)
    {
        Offered(match).Accept(ActorRef.System, match.ProposedAt.AddHours(2));
        return match;
    }

    private static ProviderRef Ref(Resource r) => new(r.Kind, r.Id);
    private static IEnumerable<ProviderRef> Refs(params IEnumerable<Resource> resources) => resources.Select(Ref);
    private static List<ProviderRef> Sorted(IEnumerable<ProviderRef> refs) => refs.OrderBy(r => r.Kind).ThenBy(r => r.Id).ToList();
}

public sealed class SqliteMatchingTests(SqliteMatching fixture) : MatchingSuite<SqliteMatching>(fixture), IClassFixture<SqliteMatching>;

public sealed class PostgresMatchingTests(PostgresMatching fixture) : MatchingSuite<PostgresMatching>(fixture), IClassFixture<PostgresMatching>;
