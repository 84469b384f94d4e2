using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Outbox;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Brokering;
using FiveSocieties.Web.Features.Shared;
using FiveSocieties.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Web.Tests.Features.Brokering;

/// Brokering a match from offer to rating through the site, over each database: who may take each
/// step, what each step changes (the need, the provider's capacity and record), what the events
/// say, and that concurrent attempts never give a place or a budget twice.
public abstract class BrokeringSuite<TFixture>(TFixture fixture) where TFixture : SiteFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task OfferAcceptServeCompleteRate_MovesTheNeed_AndFeedsTheProviderRecordAndHours()
    {
        var plot = await PlotAsync(volunteers: 1);
        var match = plot.Matches[0];
        var worker = await Site.SignedInAsync("worker1");
        var resident = await Site.SignedInAsync("resident1");

        await OkAsync(worker, "/Brokering/Offer", ("ids", Id(match)));
        Assert.Equal((MatchStatus.Offered, NeedStatus.Matching), await StatusAsync(match));
        await OkAsync(worker, $"/Brokering/Accept/{match}"); // the provider phoned the station
        Assert.Equal((MatchStatus.Accepted, NeedStatus.Matched), await StatusAsync(match));
        Assert.Equal(1, await VolunteerAsync(plot.Volunteers[0], v => v.ActiveTasks));

        var today = ChinaTime.Today(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await OkAsync(worker, $"/Brokering/Record/{match}", ("Date", today), ("Hours", "1.5"), ("PeopleServed", "1"), ("Notes", "送餐上门"));
        Assert.Equal((MatchStatus.InService, NeedStatus.InService), await StatusAsync(match));
        Assert.Equal(90, await VolunteerAsync(plot.Volunteers[0], v => v.ServedMinutes));
        await OkAsync(worker, $"/Brokering/Complete/{match}");
        Assert.Equal((MatchStatus.Completed, NeedStatus.Completed), await StatusAsync(match));
        Assert.Equal((0, 1), await VolunteerAsync(plot.Volunteers[0], v => (v.ActiveTasks, v.CompletedServices)));

        await OkAsync(resident, $"/Brokering/Rate/{match}", ("rating", "4"), ("comment", "准时，态度好"));
        Assert.Equal((MatchStatus.Completed, NeedStatus.Rated), await StatusAsync(match));
        Assert.Equal((1, 4), await VolunteerAsync(plot.Volunteers[0], v => (v.RatingCount, v.RatingSum)));
        var (status, body) = await ActAsync(resident, $"/Brokering/Rate/{match}", ("rating", "5"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("已经评价过", body.GetProperty("message").GetString());

        var types = await Site.QueryAsync(db => db.Events.Where(e => e.NeedId == plot.NeedId).OrderBy(e => e.Seq).Select(e => e.Type).ToListAsync(Ct));
        Assert.Equal([EventTypes.NeedSubmitted, EventTypes.MatchProposed, EventTypes.NeedStatusChanged, EventTypes.OfferMade,
            EventTypes.NeedStatusChanged, EventTypes.OfferAccepted, EventTypes.NeedStatusChanged, EventTypes.ServiceRecorded,
            EventTypes.NeedStatusChanged, EventTypes.ServiceCompleted, EventTypes.NeedStatusChanged, EventTypes.ServiceRated], types);
    }

    [Fact]
    public async Task Decline_NeedsAReasonFromTheList_ThenTheNextCandidateIsOffered()
    {
        var plot = await PlotAsync(volunteers: 2);
        var worker = await Site.SignedInAsync("worker1");
        await OkAsync(worker, "/Brokering/Offer", ("ids", Id(plot.Matches[0])));

        var (status, body) = await ActAsync(worker, $"/Brokering/Decline/{plot.Matches[0]}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("请选择婉拒的原因", body.GetProperty("message").GetString());
        Assert.Equal(MatchStatus.Offered, (await StatusAsync(plot.Matches[0])).Match);

        await OkAsync(worker, $"/Brokering/Decline/{plot.Matches[0]}", ("reason", nameof(DeclineReason.TooFar)), ("note", "不在服务半径内"));
        Assert.Equal(MatchStatus.Declined, (await StatusAsync(plot.Matches[0])).Match);
        var next = await Site.QueryAsync(db => db.Matches.SingleAsync(m => m.Id == plot.Matches[1], Ct));
        Assert.Equal(MatchStatus.Offered, next.Status);
        Assert.Equal(ActorRef.System.Id, next.History[^1].ActorId);
    }

    [Fact]
    public async Task UnansweredOffer_ExpiresAtItsDeadline_AndTheNextCandidateIsOffered()
    {
        var plot = await PlotAsync(volunteers: 2);
        await Site.QueryAsync(async db =>
        {
            var m = await db.Matches.SingleAsync(x => x.Id == plot.Matches[0], Ct);
            m.Offer(new ActorRef("worker-test", "测试社工"), DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddMinutes(-1));
            return await db.SaveChangesAsync(Ct);
        });

        await using (var scope = Site.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<BrokeringService>().ExpireDueAsync(Ct) >= 1);

        Assert.Equal(MatchStatus.Expired, (await StatusAsync(plot.Matches[0])).Match);
        Assert.Equal(MatchStatus.Offered, (await StatusAsync(plot.Matches[1])).Match);
        var events = await Site.QueryAsync(db => db.Events.Where(e => e.NeedId == plot.NeedId).Select(e => e.Type).ToListAsync(Ct));
        Assert.Contains(EventTypes.OfferExpired, events);
    }

    [Fact]
    public async Task EventsApi_GivesEachAccountItsOwnEvents_AndNextMovesPastTheRest()
    {
        var before = await Site.QueryAsync(db => db.Events.MaxAsync(e => (long?)e.Seq, Ct)) ?? 0;
        var plot = await PlotAsync(volunteers: 1);
        var worker = await Site.SignedInAsync("worker1");
        await OkAsync(worker, "/Brokering/Offer", ("ids", Id(plot.Matches[0])));

        async Task<EventPageDto> PageAsync(string user)
        {
            var client = await Site.SignedInAsync(user);
            var page = await client.GetFromJsonAsync<EventPageDto>($"/api/v1/events?after={before}", Json, Ct);
            return page!;
        }
        var ofNeed = (EventPageDto p) => p.Events.Where(e => e.NeedId == plot.NeedId).Select(e => e.Type).ToList();

        var staff = await PageAsync("worker1");
        Assert.Equal([EventTypes.NeedSubmitted, EventTypes.MatchProposed, EventTypes.NeedStatusChanged, EventTypes.OfferMade], ofNeed(staff));
        var requester = await PageAsync("resident1");
        Assert.Equal([EventTypes.NeedSubmitted, EventTypes.NeedStatusChanged, EventTypes.OfferMade], ofNeed(requester)); // no shortlist
        Assert.All(requester.Events, e => Assert.NotEqual(EventTypes.MatchProposed, e.Type));
        var otherStation = await PageAsync("worker2");
        Assert.Empty(ofNeed(otherStation));
        Assert.True(otherStation.Next >= staff.Events.Max(e => e.Seq), "the cursor moves past events the caller may not see");
        Assert.False(otherStation.More);

        var bad = await (await Site.SignedInAsync("worker1")).GetAsync("/api/v1/events?after=-1", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CancelledNeed_TakesItsProvidersOff_AndGivesTheirCapacityBack()
    {
        var plot = await PlotAsync(volunteers: 2);
        var worker = await Site.SignedInAsync("worker1");
        await OkAsync(worker, "/Brokering/Offer", ("ids", Id(plot.Matches[0])));
        await OkAsync(worker, $"/Brokering/Accept/{plot.Matches[0]}");
        Assert.Equal(1, await VolunteerAsync(plot.Volunteers[0], v => v.ActiveTasks));

        var resident = await Site.SignedInAsync("resident1");
        var response = await resident.PostFormAsync($"/Needs/Cancel/{plot.NeedId}", $"/Needs/Details/{plot.NeedId}", ("reason", "家人已安排"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal((MatchStatus.Withdrawn, NeedStatus.Cancelled), await StatusAsync(plot.Matches[0]));
        Assert.Equal(MatchStatus.Withdrawn, (await StatusAsync(plot.Matches[1])).Match);
        Assert.Equal(0, await VolunteerAsync(plot.Volunteers[0], v => v.ActiveTasks));
        var told = await Site.QueryAsync(db => db.Events.Where(e => e.MatchId == plot.Matches[0] && e.Type == EventTypes.MatchWithdrawn)
            .Select(e => e.ProviderGroup).SingleAsync(Ct));
        Assert.Equal($"volunteer:{plot.Volunteers[0]}", told);
    }

    [Fact]
    public async Task ConsoleOverdueFilter_ListsSubmittedNeedsPastTheirResponseTime_Only()
    {
        var late = await PlotAsync(volunteers: 0, postedAt: DateTimeOffset.UtcNow.AddHours(-3)); // urgent: 2 hours to respond
        var fresh = await PlotAsync(volunteers: 0);
        var county = await Site.SignedInAsync("county");

        var overdue = await county.GetStringAsync("/Brokering?overdue=true", Ct);

        Assert.Contains($"data-need-id=\"{late.NeedId}\"", overdue);
        Assert.DoesNotContain($"data-need-id=\"{fresh.NeedId}\"", overdue);
        Assert.DoesNotContain("data-overdue=\"false\"", overdue);
        // The live card follows the same filter: a need that does not fit it is "gone" from that console.
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/Brokering/Card/{fresh.NeedId}?overdue=true", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/Brokering/Card/{fresh.NeedId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task OffersPage_KeepsAcceptedWorkHoweverOld_AndDropsWhatEndedLongAgo()
    {
        var volunteer = (await Site.UserAsync("volunteer1")).VolunteerId!.Value;
        var longAgo = DateTimeOffset.UtcNow.AddDays(-40);
        var (accepted, declined) = (await PlotAsync(volunteers: 0), await PlotAsync(volunteers: 0));
        var ids = await Site.QueryAsync(async db =>
        {
            Match Answered(long needId, bool accept)
            {
                var m = Match.Propose(needId, new ProviderRef(ResourceKind.Volunteer, volunteer), 50, [], ActorRef.System, longAgo);
                m.Offer(new ActorRef("worker-test", "测试社工"), longAgo, longAgo.AddHours(2));
                if (accept) m.Accept(new ActorRef("volunteer-test", "测试志愿者"), longAgo.AddHours(1));
                else m.Decline(new ActorRef("volunteer-test", "测试志愿者"), longAgo.AddHours(1), DeclineReason.NoTime);
                return m;
            }
            var (a, d) = (Answered(accepted.NeedId, true), Answered(declined.NeedId, false));
            db.Matches.AddRange(a, d);
            await db.SaveChangesAsync(Ct);
            return (a.Id, d.Id);
        });

        var page = await (await Site.SignedInAsync("volunteer1")).GetStringAsync("/Offers", Ct);

        Assert.Contains($"data-testid=\"serving\" data-match-id=\"{ids.Item1}\"", page);
        Assert.DoesNotContain($"data-match-id=\"{ids.Item2}\"", page);
    }

    /// Ten workers offer the same proposal at once: one offer, nine clear refusals.
    [Fact]
    public async Task SameMatch_TenWorkersAtOnce_ExactlyOneOffers()
    {
        var plot = await PlotAsync(volunteers: 1);
        var outcomes = await AllAtOnceAsync(10, s => s.OfferAsync(AdminScope, plot.Matches[0], Ct));
        Assert.Equal(1, outcomes.Count(o => o.Succeeded));
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.True(o.Errors.Any));
        var history = await Site.QueryAsync(db => db.Matches.Where(m => m.Id == plot.Matches[0]).SelectMany(m => m.History).CountAsync(h => h.To == MatchStatus.Offered, Ct));
        Assert.Equal(1, history);
    }

    /// Twelve providers' acceptances race for the last three places of a micro-grant project.
    [Fact]
    public async Task MicroGrantLastPlaces_TwelveAcceptancesAtOnce_ExactlyThreeWin_NeverOverAllocated()
    {
        var project = await Site.QueryAsync(async db =>
        {
            var today = ChinaTime.Today(DateTimeOffset.UtcNow);
            var p = new MicroGrantProject(new MicroGrantProfile(SiteData.Unique("并发测试项目"), await db.Organisations.Select(o => o.Id).FirstAsync(Ct),
                DivisionCode.Parse(SiteData.JianpingTownship[..9]), ["elderly"], [], [DivisionCode.Parse(SiteData.JianpingTownship[..9])],
                today.AddDays(-1), today.AddDays(60), Money.FromYuan(10_000)), 3, DateTimeOffset.UtcNow);
            p.Approve(new ActorRef("county-test", "测试"), DateTimeOffset.UtcNow);
            db.MicroGrantProjects.Add(p);
            await db.SaveChangesAsync(Ct);
            return p.Id;
        });
        var offers = await OffersToAsync(new ProviderRef(ResourceKind.MicroGrant, project), 12, amountYuan: null);

        var outcomes = await AllAtOnceAsync(offers.Count, (s, i) => s.AcceptAsync(AdminScope, offers[i], Ct));

        Assert.Equal(3, outcomes.Count(o => o.Succeeded));
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.True(o.Errors.Any));
        var (left, accepted) = await Site.QueryAsync(async db => (
            await db.MicroGrantProjects.Where(p => p.Id == project).Select(p => p.PlacesLeft).SingleAsync(Ct),
            await db.Matches.CountAsync(m => m.ProviderKind == ResourceKind.MicroGrant && m.ProviderId == project && m.Status == MatchStatus.Accepted, Ct)));
        Assert.Equal((0, 3), (left, accepted));
    }

    /// Twelve needs of ¥300 draw on a fund with ¥1,000 left: three grants, ¥100 left, never below zero.
    [Fact]
    public async Task FundLastBudget_TwelveAcceptancesAtOnce_ExactlyThreeGrants_NeverOverdrawn()
    {
        var fund = await Site.QueryAsync(async db =>
        {
            var township = DivisionCode.Parse(SiteData.JianpingTownship[..9]);
            var f = new CharitableFund(new FundProfile(SiteData.Unique("并发测试基金"), FundKind.CommunityFund, township, ["elderly"], [], [township],
                Money.FromYuan(500)), Money.FromYuan(1_000), DateTimeOffset.UtcNow);
            f.Approve(new ActorRef("county-test", "测试"), DateTimeOffset.UtcNow);
            db.Funds.Add(f);
            await db.SaveChangesAsync(Ct);
            return f.Id;
        });
        var offers = await OffersToAsync(new ProviderRef(ResourceKind.Fund, fund), 12, amountYuan: 300);

        var outcomes = await AllAtOnceAsync(offers.Count, (s, i) => s.AcceptAsync(AdminScope, offers[i], Ct));

        Assert.Equal(3, outcomes.Count(o => o.Succeeded));
        var (remaining, granted) = await Site.QueryAsync(async db => (
            await db.Funds.Where(f => f.Id == fund).Select(f => f.RemainingBudget).SingleAsync(Ct),
            await db.Matches.Where(m => m.ProviderKind == ResourceKind.Fund && m.ProviderId == fund && m.Status == MatchStatus.Accepted).CountAsync(Ct)));
        Assert.Equal(Money.FromYuan(100), remaining);
        Assert.Equal(3, granted);
    }

    // --- plumbing ---------------------------------------------------------------------------

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private DataScope AdminScope => _admin ??= Site.QueryAsync(async db =>
    {
        var admin = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "admin", Ct);
        return DataScope.Everywhere(new UserContext(admin.Id, admin.DisplayName, AppRoles.SystemAdmin, null, null, null, null));
    }).GetAwaiter().GetResult();
    private DataScope? _admin;

    private sealed record Plot(long NeedId, List<long> Volunteers, List<long> Matches);

    /// A need of resident1's village, posted by resident1, with fresh active volunteers proposed for it, best first.
    private async Task<Plot> PlotAsync(int volunteers, DateTimeOffset? postedAt = null) => await Site.QueryAsync(async db =>
    {
        var resident = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "resident1", Ct);
        var village = DivisionCode.Parse(resident.RegionCode!);
        var need = Need.Post(new NeedDetails(SiteData.Unique("撮合测试"), "撮合测试说明", "elderly.meal", [BeneficiaryGroup.ElderlyLivingAlone],
                Urgency.Urgent, village, Quantity.People(1)),
            new Requester(RequesterKind.Resident, new ActorRef(resident.Id, resident.DisplayName), resident.DisplayName, null),
            new ConsentRecord("2025-01", ConsentMethod.OnlineCheckbox, postedAt ?? DateTimeOffset.UtcNow), postedAt ?? DateTimeOffset.UtcNow);
        db.Needs.Add(need);
        var made = Enumerable.Range(0, volunteers).Select(_ =>
        {
            var v = new Volunteer(new VolunteerProfile(SiteData.Unique("测试志愿者"), MobileNumber.Parse(SiteData.UniqueMobile()), village,
                ["elderly"], [], WeeklySlots.Of((DayOfWeek.Monday, DayPart.Morning)), 10, 2), DateTimeOffset.UtcNow);
            v.Approve(new ActorRef("worker-test", "测试社工"), DateTimeOffset.UtcNow);
            return v;
        }).ToList();
        db.Volunteers.AddRange(made);
        await db.SaveChangesAsync(Ct);
        var matches = made.Select((v, i) => Match.Propose(need.Id, new ProviderRef(ResourceKind.Volunteer, v.Id), 80 - i * 10, [], ActorRef.System, DateTimeOffset.UtcNow)).ToList();
        db.Matches.AddRange(matches);
        await db.SaveChangesAsync(Ct);
        return new Plot(need.Id, made.Select(v => v.Id).ToList(), matches.Select(m => m.Id).ToList());
    });

    /// One need each, with an offer to the provider waiting for an answer.
    private async Task<List<long>> OffersToAsync(ProviderRef provider, int count, long? amountYuan)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var plot = await PlotAsync(volunteers: 0);
            ids.Add(await Site.QueryAsync(async db =>
            {
                var m = Match.Propose(plot.NeedId, provider, 50, [], ActorRef.System, DateTimeOffset.UtcNow, amountYuan is { } y ? Money.FromYuan(y) : null);
                m.Offer(new ActorRef("worker-test", "测试社工"), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(2));
                db.Matches.Add(m);
                await db.SaveChangesAsync(Ct);
                return m.Id;
            }));
        }
        return ids;
    }

    private Task<List<Outcome<Match>>> AllAtOnceAsync(int n, Func<BrokeringService, Task<Outcome<Match>>> act) => AllAtOnceAsync(n, (s, _) => act(s));

    /// Runs <paramref name="n"/> attempts at once, each in its own request scope (its own context and connection).
    private async Task<List<Outcome<Match>>> AllAtOnceAsync(int n, Func<BrokeringService, int, Task<Outcome<Match>>> act)
    {
        using var start = new SemaphoreSlim(0, n);
        var tasks = Enumerable.Range(0, n).Select(i => Task.Run(async () =>
        {
            await using var scope = Site.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<BrokeringService>();
            await start.WaitAsync(Ct);
            return await act(service, i);
        }, Ct)).ToList();
        start.Release(n);
        return [.. await Task.WhenAll(tasks)];
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private Task<(MatchStatus Match, NeedStatus Need)> StatusAsync(long matchId) => Site.QueryAsync(async db =>
    {
        var m = await db.Matches.AsNoTracking().SingleAsync(x => x.Id == matchId, Ct);
        return (m.Status, await db.Needs.Where(n => n.Id == m.NeedId).Select(n => n.Status).SingleAsync(Ct));
    });

    private Task<T> VolunteerAsync<T>(long id, Func<Volunteer, T> read) =>
        Site.QueryAsync(async db => read(await db.Volunteers.AsNoTracking().SingleAsync(v => v.Id == id, Ct)));

    private static async Task OkAsync(HttpClient client, string url, params (string, string)[] fields)
    {
        var (status, body) = await ActAsync(client, url, fields);
        Assert.True(status == HttpStatusCode.OK, $"{url}: {(int)status} {body}");
    }

    /// Posts a step as the page's script does (Accept: application/json) and reads the answer.
    private static async Task<(HttpStatusCode, JsonElement)> ActAsync(HttpClient client, string url, params (string Key, string Value)[] fields)
    {
        var token = await client.FormTokenAsync("/");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token))),
        };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}

public sealed class SqliteBrokeringTests(SqliteSite fixture) : BrokeringSuite<SqliteSite>(fixture), IClassFixture<SqliteSite>;
public sealed class PostgresBrokeringTests(PostgresSite fixture) : BrokeringSuite<PostgresSite>(fixture), IClassFixture<PostgresSite>;
