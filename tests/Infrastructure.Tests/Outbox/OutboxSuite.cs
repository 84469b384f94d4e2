using System.Collections.Concurrent;
using FiveSocieties.Infrastructure.Outbox;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Tests.Support;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Outbox;

/// The transactional outbox over a real database: every brokering step writes its event in the
/// same transaction, numbered in commit order, and the dispatcher relays committed events only.
public abstract class OutboxSuite<TFixture>(TFixture fixture) where TFixture : DatabaseFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private InfrastructureHost Host => fixture.Host;

    private static readonly ActorRef Provider = new("volunteer-user", "李志强");

    [Fact]
    public async Task PostedNeed_WritesNeedSubmitted_ForItsAreaAndItsRequester()
    {
        var needId = await Host.WithDb(async db =>
        {
            var need = Builders.Need(await Builders.VillageAsync(db, 301));
            need.Submit(Builders.Worker, Builders.Now);
            db.Needs.Add(need);
            await db.SaveChangesAsync(Ct);
            return need.Id;
        });

        var e = Assert.Single(await EventsOfAsync(needId));
        Assert.Equal(EventTypes.NeedSubmitted, e.Type);
        Assert.Equal(NeedStatus.Submitted, e.NeedStatus);
        Assert.Equal("341821100301", e.Village.Value);
        Assert.Equal(Builders.Township, e.Township);
        Assert.Equal(Builders.County, e.County);
        Assert.Equal("committee-test", e.RequesterId);
        Assert.Null(e.MatchId);
    }

    [Fact]
    public async Task BrokeringStory_WritesOneEventPerStep_InOrder_ShortlistForStaffOnly()
    {
        var (needId, volunteerId) = await NeedAndVolunteerAsync(302);
        var matchId = await Host.WithDb(async db =>
        {
            var match = Match.Propose(needId, new ProviderRef(ResourceKind.Volunteer, volunteerId), 60, [], ActorRef.System, Builders.Now);
            db.Matches.Add(match);
            await db.SaveChangesAsync(Ct);
            return match.Id;
        });
        await StepAsync(matchId, (need, match, volunteer) => Brokerage.Offer(need, match, Builders.Worker, Builders.Now, Builders.Now.AddHours(2)));
        await StepAsync(matchId, (need, match, volunteer) => Brokerage.Accept(need, match, volunteer, Provider, Builders.Now.AddMinutes(5)));
        await StepAsync(matchId, (need, match, volunteer) =>
            Brokerage.RecordService(need, match, volunteer, new DateOnly(2026, 11, 20), 90, 1, "送餐", Provider, Builders.Now.AddHours(1)));
        await StepAsync(matchId, (need, match, volunteer) => Brokerage.Complete(need, match, volunteer, [match], Provider, Builders.Now.AddHours(2)));
        await StepAsync(matchId, (need, match, volunteer) =>
            Brokerage.Rate(need, match, volunteer, [match], FeedbackSource.Requester, 5, "很好", new ActorRef("committee-test", "测试村委会"), Builders.Now.AddHours(3)));

        var events = await EventsOfAsync(needId);
        Assert.Equal(
        [
            EventTypes.NeedSubmitted,
            EventTypes.MatchProposed,
            EventTypes.NeedStatusChanged, EventTypes.OfferMade,           // the offer starts matching
            EventTypes.NeedStatusChanged, EventTypes.OfferAccepted,       // … and the acceptance matches it
            EventTypes.NeedStatusChanged, EventTypes.ServiceRecorded,     // the first session starts the service
            EventTypes.NeedStatusChanged, EventTypes.ServiceCompleted,
            EventTypes.NeedStatusChanged, EventTypes.ServiceRated,
        ], events.Select(e => e.Type));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Seq < p.Second.Seq));

        var proposed = events.Single(e => e.Type == EventTypes.MatchProposed);
        Assert.Null(proposed.RequesterId);     // the shortlist is for staff
        Assert.Null(proposed.ProviderGroup);
        var offered = events.Single(e => e.Type == EventTypes.OfferMade);
        Assert.Equal($"volunteer:{volunteerId}", offered.ProviderGroup);
        Assert.Equal("committee-test", offered.RequesterId);
        Assert.Equal(MatchStatus.Offered, offered.MatchStatus);
        Assert.Contains("\"minutes\":90", events.Single(e => e.Type == EventTypes.ServiceRecorded).Detail);
        Assert.Contains("\"rating\":5", events.Single(e => e.Type == EventTypes.ServiceRated).Detail);
        Assert.Equal(NeedStatus.Rated, events[^1].NeedStatus);
    }

    [Fact]
    public async Task RolledBackTransaction_LeavesNoEvent()
    {
        var village = await Host.WithDb(db => Builders.VillageAsync(db, 303));
        await Host.WithDb(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var need = Builders.Need(village, title: "回滚的需求");
            need.Submit(Builders.Worker, Builders.Now);
            db.Needs.Add(need);
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        });

        Assert.Equal(0, await Host.WithDb(db => db.Events.CountAsync(e => e.Village == village, Ct)));
    }

    [Fact]
    public async Task WithdrawnProposal_IsForStaffOnly_WithdrawnOffer_ReachesTheProvider()
    {
        var (needId, volunteerId) = await NeedAndVolunteerAsync(304);
        var ids = await Host.WithDb(async db =>
        {
            var quiet = Match.Propose(needId, new ProviderRef(ResourceKind.Volunteer, volunteerId), 60, [], ActorRef.System, Builders.Now);
            var offered = Match.Propose(needId, new ProviderRef(ResourceKind.Volunteer, volunteerId + 100_000), 50, [], ActorRef.System, Builders.Now);
            offered.Offer(Builders.Worker, Builders.Now, Builders.Now.AddHours(1));
            db.Matches.AddRange(quiet, offered);
            await db.SaveChangesAsync(Ct);
            return (quiet.Id, offered.Id);
        });
        await Host.WithDb(async db =>
        {
            foreach (var m in await db.Matches.Where(m => m.NeedId == needId).ToListAsync(Ct)) m.Withdraw(Builders.Worker, Builders.Now, "需求已由他人满足");
            await db.SaveChangesAsync(Ct);
        });

        var withdrawn = (await EventsOfAsync(needId)).Where(e => e.Type == EventTypes.MatchWithdrawn).ToDictionary(e => e.MatchId!.Value);
        Assert.Null(withdrawn[ids.Item1].ProviderGroup);
        Assert.Null(withdrawn[ids.Item1].RequesterId);
        Assert.Equal($"volunteer:{volunteerId + 100_000}", withdrawn[ids.Item2].ProviderGroup);
    }

    [Fact]
    public async Task Audiences_SeeTheirOwnEventsOnly()
    {
        var (needId, volunteerId) = await NeedAndVolunteerAsync(305);
        var otherVillage = await Host.WithDb(async db =>
        {
            var code = await Builders.VillageAsync(db, 306);
            var need = Builders.Need(code);
            need.Submit(Builders.Worker, Builders.Now);
            db.Needs.Add(need);
            var match = Match.Propose(needId, new ProviderRef(ResourceKind.Volunteer, volunteerId), 60, [], ActorRef.System, Builders.Now);
            db.Matches.Add(match);
            await db.SaveChangesAsync(Ct);
            match.Offer(Builders.Worker, Builders.Now, Builders.Now.AddHours(1));
            await db.SaveChangesAsync(Ct);
            return code;
        });
        var village = await Host.WithDb(db => db.Needs.Where(n => n.Id == needId).Select(n => n.VillageCode).SingleAsync(Ct));

        async Task<List<string>> Seen(EventAudience audience) => await Host.WithDb(db =>
            audience.Filter(db.Events).Where(e => e.Village == village || e.Village == otherVillage).OrderBy(e => e.Seq)
                .Select(e => e.Type + "@" + e.Village).ToListAsync(Ct));

        var here = $"@{village.Value}";
        Assert.Equal([EventTypes.NeedSubmitted + here, EventTypes.MatchProposed + here, EventTypes.OfferMade + here],
            await Seen(EventAudience.OfArea(village)));
        Assert.Equal(4, (await Seen(EventAudience.OfArea(Builders.Township))).Count);
        Assert.Equal(4, (await Seen(EventAudience.Everything)).Count);
        Assert.Equal([EventTypes.OfferMade + here], await Seen(EventAudience.OfVolunteer(volunteerId)));
        Assert.Empty(await Seen(EventAudience.OfVolunteer(volunteerId + 1)));
        Assert.Empty(await Seen(EventAudience.OfArea(Fixed.OtherTownship)));
    }

    /// Many writers at once, one reader following "after n": if numbers did not follow commits the
    /// reader would pass over an event numbered below its cursor that committed late.
    [Fact]
    public async Task ConcurrentWriters_AReaderFollowingTheSequence_MissesNothing()
    {
        var village = await Host.WithDb(db => Builders.VillageAsync(db, 307));
        const int writers = 8, needsEach = 15;
        var seen = new ConcurrentDictionary<long, byte>();
        using var done = new CancellationTokenSource();

        var reader = Task.Run(async () =>
        {
            long after = 0;
            while (true)
            {
                var finished = done.IsCancellationRequested;
                var batch = await Host.WithDb(db => db.Events.AsNoTracking().Where(e => e.Seq > after && e.Village == village)
                    .OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync(Ct));
                foreach (var seq in batch) seen[seq] = 0;
                if (batch.Count > 0) after = batch[^1];
                if (finished) return;
            }
        }, Ct);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < needsEach; i++)
                await Host.WithDb(async db =>
                {
                    var need = Builders.Need(village, title: $"并发需求{w}-{i}");
                    need.Submit(Builders.Worker, Builders.Now);
                    db.Needs.Add(need);
                    await db.SaveChangesAsync(Ct);
                });
        }, Ct)));
        await done.CancelAsync();
        await reader;

        var all = await Host.WithDb(db => db.Events.Where(e => e.Village == village).Select(e => e.Seq).ToListAsync(Ct));
        Assert.Equal(writers * needsEach, all.Count);
        Assert.Equal(all.Order(), seen.Keys.Order());
    }

    [Fact]
    public async Task Dispatcher_RelaysCommittedEventsInOrder_AndNotThoseRolledBack()
    {
        var sink = new RecordingSink();
        await using var node = await NodeAsync(sink, pollEvery: "00:10:00");
        var village = await node.WithDb(db => Builders.VillageAsync(db, 308));

        await node.WithDb(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var lost = Builders.Need(village, title: "回滚");
            lost.Submit(Builders.Worker, Builders.Now);
            db.Needs.Add(lost);
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        });
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
            ids.Add(await node.WithDb(async db =>
            {
                var need = Builders.Need(village, title: $"转发{i}");
                need.Submit(Builders.Worker, Builders.Now);
                db.Needs.Add(need);
                await db.SaveChangesAsync(Ct);
                return need.Id;
            }));

        var relayed = await sink.WaitForAsync(e => e.Village == village, 3);
        Assert.Equal(ids, relayed.Select(e => e.NeedId));
        Assert.Equal(relayed.Select(e => e.Seq).Order(), relayed.Select(e => e.Seq));
    }

    protected async Task<InfrastructureHost> NodeAsync(RecordingSink sink, string pollEvery)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = fixture.Provider == TestProvider.Sqlite ? "Sqlite" : "PostgreSQL",
            ["ConnectionStrings:FiveSocieties"] = await Host.WithDb(db => Task.FromResult(db.Database.GetConnectionString())),
            ["Outbox:PollEvery"] = pollEvery,
        };
        var builder = InfrastructureHost.CreateBuilder(settings);
        builder.Services.AddSingleton(sink);
        builder.Services.AddEventDispatch<RecordingSink>();
        var host = builder.Build();
        await host.StartAsync(Ct);
        // The dispatcher relays what commits after its first look at the table: wait for that look,
        // or a test's first events could fall before it (the host's other services start work too).
        var dispatcher = host.Services.GetRequiredService<FiveSocieties.Infrastructure.Outbox.OutboxDispatcher>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (dispatcher.Position < 0 && DateTime.UtcNow < until) await Task.Delay(10, Ct);
        return InfrastructureHost.Of(host);
    }

    private async Task<(long NeedId, long VolunteerId)> NeedAndVolunteerAsync(int serial) => await Host.WithDb(async db =>
    {
        var village = await Builders.VillageAsync(db, serial);
        var need = Builders.Need(village);
        need.Submit(Builders.Worker, Builders.Now);
        var volunteer = Builders.Volunteer(village, $"13900003{serial:D3}");
        volunteer.Approve(Builders.Worker, Builders.Now);
        db.Needs.Add(need);
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync(Ct);
        return (need.Id, volunteer.Id);
    });

    private Task StepAsync(long matchId, Action<Need, Match, FiveSocieties.Matching.Resources.Volunteer> step) => Host.WithDb(async db =>
    {
        var match = await db.Matches.SingleAsync(m => m.Id == matchId, Ct);
        var need = await db.Needs.SingleAsync(n => n.Id == match.NeedId, Ct);
        var volunteer = await db.Volunteers.SingleAsync(v => v.Id == match.ProviderId, Ct);
        step(need, match, volunteer);
        await db.SaveChangesAsync(Ct);
    });

    private Task<List<OutboxEvent>> EventsOfAsync(long needId) =>
        Host.WithDb(db => db.Events.AsNoTracking().Where(e => e.NeedId == needId).OrderBy(e => e.Seq).ToListAsync(Ct));

    private static class Fixed
    {
        public static readonly FiveSocieties.Matching.Regions.DivisionCode OtherTownship = FiveSocieties.Matching.Regions.DivisionCode.Parse("341821101");
    }
}

/// Records what a node's dispatcher delivers.
public sealed class RecordingSink : IEventSink
{
    private readonly List<OutboxEvent> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);

    public Task PublishAsync(IReadOnlyList<OutboxEvent> events, CancellationToken ct)
    {
        lock (_events) _events.AddRange(events);
        _arrived.Release();
        return Task.CompletedTask;
    }

    /// The first <paramref name="count"/> delivered events that match, within 5 seconds.
    public async Task<List<OutboxEvent>> WaitForAsync(Func<OutboxEvent, bool> match, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            lock (_events)
            {
                var found = _events.Where(match).ToList();
                if (found.Count >= count) return found;
                if (DateTime.UtcNow > deadline) Assert.Fail($"Only {found.Count} of {count} events were relayed within 5 s.");
            }
            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
    }
}

public sealed class SqliteOutboxTests(SqliteDatabase fixture) : OutboxSuite<SqliteDatabase>(fixture), IClassFixture<SqliteDatabase>;

public sealed class PostgresOutboxTests(PostgresDatabase fixture) : OutboxSuite<PostgresDatabase>(fixture), IClassFixture<PostgresDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// Two nodes on one database: node B relays what node A commits, woken by PostgreSQL's
    /// notification (B's own look for events is set to ten minutes, so only the notification can wake it).
    [Fact]
    public async Task TwoNodes_EventCommittedOnA_IsRelayedByB_OnTheNotification()
    {
        var sinkA = new RecordingSink();
        var sinkB = new RecordingSink();
        await using var a = await NodeAsync(sinkA, pollEvery: "00:10:00");
        await using var b = await NodeAsync(sinkB, pollEvery: "00:10:00");
        var listener = b.Services.GetRequiredService<PostgresEventListener>();
        for (var i = 0; i < 50 && !listener.IsListening; i++) await Task.Delay(100, Ct);
        var village = await a.WithDb(db => Builders.VillageAsync(db, 309));

        var needId = await a.WithDb(async db =>
        {
            var need = Builders.Need(village, title: "跨节点");
            need.Submit(Builders.Worker, Builders.Now);
            db.Needs.Add(need);
            await db.SaveChangesAsync(Ct);
            return need.Id;
        });

        var relayed = Assert.Single(await sinkB.WaitForAsync(e => e.Village == village, 1));
        Assert.Equal(needId, relayed.NeedId);
    }
}
