using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Tests.Support;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Persistence;

/// The same persistence suite, run once against SQLite and once against PostgreSQL.
public abstract class PersistenceSuite<TFixture>(TFixture fixture) where TFixture : DatabaseFixture
{
    private InfrastructureHost Host
    {
        get
        {
            TestDatabase.RequireAvailable(fixture.Provider);
            return fixture.Host;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrations_MatchTheModel_NoPendingChanges() =>
        Assert.False(await Host.WithDb(db => Task.FromResult(db.Database.HasPendingModelChanges())));

    [Fact]
    public async Task Migrations_AllApplied() =>
        Assert.Empty(await Host.WithDb(db => db.Database.GetPendingMigrationsAsync(Ct)));

    [Fact]
    public async Task ReferenceData_CatalogueRegionsAndStations_AreSeeded()
    {
        var (areas, items, regions, stations, roles) = await Host.WithDb(async db => (
            await db.ServiceAreas.CountAsync(Ct),
            await db.ServiceItems.CountAsync(Ct),
            await db.Regions.CountAsync(r => r.Level != RegionLevel.Village, Ct),
            await db.Stations.ToListAsync(Ct),
            await db.Roles.CountAsync(Ct)));
        Assert.Equal(14, areas);
        Assert.True(items >= 40, $"catalogue has {items} items");
        Assert.Equal(15, regions); // 安徽省, 宣城市, 郎溪县 and its 12 townships/streets
        Assert.Equal(13, stations.Count);
        Assert.Single(stations, s => s.Kind == StationKind.CountyGuidanceCentre);
        Assert.Equal(7, roles);
    }

    [Fact]
    public async Task ReferenceData_SeededAgain_ChangesNothing()
    {
        var before = await Host.WithDb(async db => (await db.ServiceItems.CountAsync(Ct), await db.Regions.CountAsync(Ct), await db.Stations.CountAsync(Ct)));
        await Host.WithDb(db => new ReferenceData.ReferenceDataSeeder(db).SeedAsync(Ct));
        var after = await Host.WithDb(async db => (await db.ServiceItems.CountAsync(Ct), await db.Regions.CountAsync(Ct), await db.Stations.CountAsync(Ct)));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Need_RoundTrip_KeepsEveryValueAndTheHistory()
    {
        var id = await Host.WithDb(async db =>
        {
            var village = await Builders.VillageAsync(db);
            var need = Builders.Need(village);
            need.Submit(Builders.Worker, Builders.Now.AddMinutes(1));
            need.StartMatching(ActorRef.System, Builders.Now.AddMinutes(2));
            db.Needs.Add(need);
            await db.SaveChangesAsync(Ct);
            return need.Id;
        });

        var loaded = await Host.WithDb(db => db.Needs.SingleAsync(n => n.Id == id, Ct));
        Assert.Equal("独居老人助餐", loaded.Title);
        Assert.Equal("elderly.meal", loaded.ServiceItemCode);
        Assert.Equal([BeneficiaryGroup.ElderlyLivingAlone], loaded.BeneficiaryGroups);
        Assert.Equal(Urgency.Urgent, loaded.Urgency);
        Assert.Equal(new GeoPoint(31.131, 119.212), loaded.Location);
        Assert.Equal(Builders.Now.AddDays(1), loaded.Window!.Value.Start);
        Assert.True(loaded.WeeklySlots.Contains(DayOfWeek.Saturday, DayPart.Afternoon));
        Assert.Equal(Quantity.People(1), loaded.Quantity);
        Assert.Equal(["烹饪"], loaded.RequiredSkills);
        Assert.Equal(RequesterKind.CommitteeOnBehalf, loaded.Requester.Kind);
        Assert.Equal("13812345678", loaded.Requester.ContactMobile!.Value.Value);
        Assert.Equal(ConsentMethod.VerbalRecordedByStaff, loaded.Consent.Method);
        Assert.Equal(NeedStatus.Matching, loaded.Status);
        Assert.Equal([NeedStatus.Draft, NeedStatus.Submitted, NeedStatus.Matching], loaded.History.OrderBy(h => h.At).Select(h => h.To));
        Assert.Equal(Builders.Now.AddMinutes(2), loaded.History.Max(h => h.At));
    }

    [Fact]
    public async Task Needs_FilterByGroupAndOrderByTime_TranslateToSql()
    {
        var marker = $"筛选测试{Guid.NewGuid():N}"[..12];
        await Host.WithDb(async db =>
        {
            var village = await Builders.VillageAsync(db, 202);
            db.Needs.Add(Builders.Need(village, title: marker + "甲", at: Builders.Now.AddHours(-3)));
            db.Needs.Add(Builders.Need(village, "children.after-school", marker + "乙", [BeneficiaryGroup.LeftBehindChild], at: Builders.Now.AddHours(-2)));
            db.Needs.Add(Builders.Need(village, title: marker + "丙", at: Builders.Now.AddHours(-1)));
            await db.SaveChangesAsync(Ct);
        });

        var since = Builders.Now.AddHours(-2.5);
        var titles = await Host.WithDb(db => db.Needs
            .Where(n => n.Title.StartsWith(marker) && n.CreatedAt > since && n.BeneficiaryGroups.Contains(BeneficiaryGroup.ElderlyLivingAlone))
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Select(n => n.Title).ToListAsync(Ct));
        Assert.Equal([marker + "丙"], titles);

        var children = await Host.WithDb(db => db.Needs
            .Where(n => n.Title.StartsWith(marker) && n.BeneficiaryGroups.Contains(BeneficiaryGroup.LeftBehindChild))
            .CountAsync(Ct));
        Assert.Equal(1, children);
    }

    [Fact]
    public async Task Volunteer_RoundTrip_KeepsCertificationsSkillsAndIdentity()
    {
        var id = await Host.WithDb(async db =>
        {
            var village = await Builders.VillageAsync(db, 203);
            var volunteer = Builders.Volunteer(village, "13900002203");
            volunteer.Approve(Builders.Worker, Builders.Now);
            db.Volunteers.Add(volunteer);
            await db.SaveChangesAsync(Ct);
            return volunteer.Id;
        });
        var loaded = await Host.WithDb(db => db.Volunteers.SingleAsync(v => v.Id == id, Ct));
        Assert.Equal(ApprovalStatus.Active, loaded.Status);
        Assert.True(loaded.CanWorkWithChildren(new DateOnly(2026, 11, 20)));
        Assert.Equal("郎公证字12345号", Assert.Single(loaded.Certifications).Number);
        Assert.Equal("11010519491231002X", loaded.IdNumber!.Value.Value);
        Assert.Equal(["elderly", "children.after-school"], loaded.ServiceCodes);

        var bySkill = await Host.WithDb(db => db.Volunteers.CountAsync(v => v.Id == id && v.Skills.Contains("驾驶"), Ct));
        Assert.Equal(1, bySkill);
    }

    [Fact]
    public async Task Organisation_ServiceAreaQuery_FindsByRegion()
    {
        var id = await Host.WithDb(async db =>
        {
            var organisation = Builders.Organisation($"52341821MJ{Random.Shared.Next(1_000_000, 9_999_999)}");
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(Ct);
            return organisation.Id;
        });
        var township = Builders.Township;
        var found = await Host.WithDb(db => db.Organisations.Where(o => o.Id == id && o.ServiceArea.Contains(township)).Select(o => o.CreditCode).SingleAsync(Ct));
        Assert.True(found.IsCivilAffairsRegistration);

        // Data scopes ask "does any region this organisation serves lie in this set?"
        List<DivisionCode> reaching = [Builders.County, Builders.Township];
        List<DivisionCode> elsewhere = [DivisionCode.Parse("341821101"), DivisionCode.Parse("341821102")];
        Assert.Equal(1, await Host.WithDb(db => db.Organisations.CountAsync(o => o.Id == id && o.ServiceArea.Any(a => reaching.Contains(a)) || o.Id == id && reaching.Contains(o.HomeRegionCode), Ct)));
        Assert.Equal(0, await Host.WithDb(db => db.Organisations.CountAsync(o => o.Id == id && o.ServiceArea.Any(a => elsewhere.Contains(a)), Ct)));
    }

    [Fact]
    public async Task Fund_TwoReservationsFromStaleCopies_SecondIsRefusedAndBudgetNeverOverdrawn()
    {
        var id = await Host.WithDb(async db =>
        {
            var fund = Builders.Fund(totalYuan: 10_000, maxPerGrantYuan: 8_000);
            fund.Approve(Builders.Worker, Builders.Now);
            db.Funds.Add(fund);
            await db.SaveChangesAsync(Ct);
            return fund.Id;
        });

        await using var first = Host.Scope();
        await using var second = Host.Scope();
        var db1 = first.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var db2 = second.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var copy1 = await db1.Funds.SingleAsync(f => f.Id == id, Ct);
        var copy2 = await db2.Funds.SingleAsync(f => f.Id == id, Ct);

        copy1.Reserve(Money.FromYuan(7_000));
        copy2.Reserve(Money.FromYuan(7_000)); // each copy still sees ¥10,000 left
        await db1.SaveChangesAsync(Ct);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync(Ct));

        var remaining = await Host.WithDb(db => db.Funds.Where(f => f.Id == id).Select(f => f.RemainingBudget).SingleAsync(Ct));
        Assert.Equal(Money.FromYuan(3_000), remaining);
    }

    [Fact]
    public async Task Match_RoundTrip_KeepsFactorsRecordsFeedbackAndAmount()
    {
        var (needId, fundId) = await Host.WithDb(async db =>
        {
            var village = await Builders.VillageAsync(db, 204);
            var need = Builders.Need(village, "elderly.retrofit", "适老化改造", quantity: Quantity.Of(Money.FromYuan(4_000)));
            var fund = Builders.Fund();
            fund.Approve(Builders.Worker, Builders.Now);
            db.Needs.Add(need);
            db.Funds.Add(fund);
            await db.SaveChangesAsync(Ct);
            return (need.Id, fund.Id);
        });

        var matchId = await Host.WithDb(async db =>
        {
            var match = Match.Propose(needId, new ProviderRef(ResourceKind.Fund, fundId), 71.5,
                [new ScoreFactor(MatchFactor.CatalogueFit, 20, "服务项目对口"), new ScoreFactor(MatchFactor.Locality, 3, "同县")],
                ActorRef.System, Builders.Now, Money.FromYuan(4_000));
            match.Offer(Builders.Worker, Builders.Now.AddMinutes(5), Builders.Now.AddHours(24));
            match.Accept(new ActorRef("fund-manager", "基金管理人"), Builders.Now.AddHours(1));
            match.RecordService(new DateOnly(2026, 11, 19), 90, 1, "安装扶手两处", Builders.Worker, Builders.Now.AddHours(2));
            match.Complete(Builders.Worker, Builders.Now.AddHours(3));
            match.Rate(FeedbackSource.Requester, 5, "扶手很牢固", new ActorRef("resident", "王秀英"), Builders.Now.AddHours(4));
            db.Matches.Add(match);
            await db.SaveChangesAsync(Ct);
            return match.Id;
        });

        var loaded = await Host.WithDb(db => db.Matches.SingleAsync(m => m.Id == matchId, Ct));
        Assert.Equal(MatchStatus.Completed, loaded.Status);
        Assert.Equal(Money.FromYuan(4_000), loaded.Amount);
        Assert.Equal(["服务项目对口", "同县"], loaded.Factors.Select(f => f.Explanation));
        Assert.Equal(90, Assert.Single(loaded.ServiceRecords).Minutes);
        Assert.Equal(5, Assert.Single(loaded.Feedback).Rating);
        Assert.Equal(Builders.Now.AddHours(24), loaded.OfferExpiresAt);
        Assert.Equal([MatchStatus.Proposed, MatchStatus.Offered, MatchStatus.Accepted, MatchStatus.InService, MatchStatus.Completed],
            loaded.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.To));
    }

    [Fact]
    public async Task Match_TwoWorkersActOnTheSameOffer_OnlyOneWins()
    {
        var matchId = await Host.WithDb(async db =>
        {
            var village = await Builders.VillageAsync(db, 205);
            var need = Builders.Need(village);
            var volunteer = Builders.Volunteer(village, "13900002205");
            db.Needs.Add(need);
            db.Volunteers.Add(volunteer);
            await db.SaveChangesAsync(Ct);
            var match = Match.Propose(need.Id, new ProviderRef(ResourceKind.Volunteer, volunteer.Id), 50, [], ActorRef.System, Builders.Now);
            db.Matches.Add(match);
            await db.SaveChangesAsync(Ct);
            return match.Id;
        });

        await using var a = Host.Scope();
        await using var b = Host.Scope();
        var dbA = a.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var dbB = b.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var matchA = await dbA.Matches.SingleAsync(m => m.Id == matchId, Ct);
        var matchB = await dbB.Matches.SingleAsync(m => m.Id == matchId, Ct);
        matchA.Offer(new ActorRef("worker-a", "社工甲"), Builders.Now, Builders.Now.AddHours(2));
        matchB.Withdraw(new ActorRef("worker-b", "社工乙"), Builders.Now, "改派他人");
        await dbA.SaveChangesAsync(Ct);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => dbB.SaveChangesAsync(Ct));

        var status = await Host.WithDb(db => db.Matches.Where(m => m.Id == matchId).Select(m => m.Status).SingleAsync(Ct));
        Assert.Equal(MatchStatus.Offered, status);
    }

    [Fact]
    public async Task TextSearch_FindsNeedsByChineseWordsSynonymsAndPhone()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var (meal, tutoring) = await Host.WithDb(async db =>
        {
            var village = await Builders.VillageAsync(db, 206);
            var meal = Builders.Need(village, title: "独居老人助餐" + marker);
            var tutoring = Builders.Need(village, "children.after-school", "留守儿童作业辅导" + marker, [BeneficiaryGroup.LeftBehindChild],
                description: "两个孩子父母在外打工，放学后没人看管，希望有人辅导功课。");
            db.Needs.AddRange(meal, tutoring);
            await db.SaveChangesAsync(Ct);
            return (meal.Id, tutoring.Id);
        });

        async Task<List<long>> Search(string words)
        {
            await using var scope = Host.Scope();
            var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
            var search = scope.ServiceProvider.GetRequiredService<FiveSocieties.Infrastructure.Search.ITextSearch>();
            return await search.Matching(db.Needs, FiveSocieties.Infrastructure.Search.SearchTables.Needs, words)
                .Where(n => n.Id == meal || n.Id == tutoring).Select(n => n.Id).OrderBy(id => id).ToListAsync(Ct);
        }

        Assert.Equal([meal], await Search("助餐"));
        Assert.Equal([meal], await Search("送餐 老人"));        // 送餐 is a synonym of 助餐
        Assert.Equal([tutoring], await Search("作业辅导"));
        Assert.Equal([meal, tutoring], await Search("13812345678")); // the contact number of both
        Assert.Empty(await Search("助餐 作业"));                 // every word must be there
        Assert.Equal([meal, tutoring], await Search(""));          // no words: no filter
    }
}

public sealed class SqlitePersistenceTests(SqliteDatabase fixture) : PersistenceSuite<SqliteDatabase>(fixture), IClassFixture<SqliteDatabase>;

public sealed class PostgresPersistenceTests(PostgresDatabase fixture) : PersistenceSuite<PostgresDatabase>(fixture), IClassFixture<PostgresDatabase>;
