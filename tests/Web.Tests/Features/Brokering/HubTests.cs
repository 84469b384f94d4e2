using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using FiveSocieties.Infrastructure.Outbox;
using FiveSocieties.Web.Features.Brokering;
using FiveSocieties.Web.Tests.Features.Needs;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace FiveSocieties.Web.Tests.Features.Brokering;

/// The hub over a real socket on PostgreSQL (the server database, with LISTEN/NOTIFY): each account
/// receives the pushes of its own audience and nothing else, chosen by the server.
public sealed class HubTests(HubTests.LiveSite site) : IClassFixture<HubTests.LiveSite>
{
    public sealed class LiveSite() : SiteFixture(FiveSocieties.Tests.TestProvider.PostgreSql)
    {
        protected override bool OnKestrel => true;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => site.Factory;

    [Fact]
    public async Task NeedPosted_ReachesItsStationAndItsRequester_NotAnotherStation()
    {
        await using var worker1 = await ListenAsync("worker1");
        await using var worker2 = await ListenAsync("worker2");
        await using var resident = await ListenAsync("resident1");

        var residentClient = await SignedInOnKestrelAsync("resident1");
        var id = NeedHtml.DetailsId(await residentClient.PostFormAsync("/Needs/Create", "/Needs/Create",
            NeedForm.Valid(NeedForm.UniqueTitle("推送测试")).Fields));
        var seen = await worker1.WaitForAsync(e => e.NeedId == id && e.Type == EventTypes.NeedSubmitted);
        await resident.WaitForAsync(e => e.NeedId == id && e.Type == EventTypes.NeedSubmitted);

        // A later event of worker2's own station: pushes come in order, so once it has arrived
        // the earlier need of another station would have too, had it been sent.
        var worker2Client = await SignedInOnKestrelAsync("worker2");
        var villages = await Site.VillagesOfAsync(SiteData.ShiziTownship);
        var marker = NeedHtml.DetailsId(await worker2Client.PostFormAsync("/Needs/Create", "/Needs/Create",
            NeedForm.Valid(NeedForm.UniqueTitle("推送对照")).Set("VillageCode", villages[0].Value).Set("BeneficiaryName", "对照").Set("ConsentMethod", "VerbalRecordedByStaff").Fields));
        await worker2.WaitForAsync(e => e.NeedId == marker);
        Assert.DoesNotContain(worker2.Events, e => e.NeedId == id);
        Assert.True(seen.Seq > 0);

        // The resident follows the steps, not the shortlist of people.
        await worker1.WaitForAsync(e => e.NeedId == id && e.Type == EventTypes.MatchProposed);
        Assert.DoesNotContain(resident.Events, e => e.Type == EventTypes.MatchProposed);
    }

    [Fact]
    public async Task WrongToken_IsRefused()
    {
        var connection = BrokeringClient.Create(new Uri(Site.ServerAddress, "/hubs/brokering"), "not-a-token");
        await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync(Ct));
        await connection.DisposeAsync();
    }

    private async Task<HttpClient> SignedInOnKestrelAsync(string userName)
    {
        var client = Site.NewClient();
        await client.LoginOrFailAsync(userName);
        return client;
    }

    private async Task<Listener> ListenAsync(string userName)
    {
        var login = await Site.NewClient().PostAsJsonAsync("/api/v1/auth/login", new { userName, password = ClientExtensions.DemoPassword }, Ct);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()!;
        var connection = BrokeringClient.Create(new Uri(Site.ServerAddress, "/hubs/brokering"), token);
        var listener = new Listener(connection);
        connection.On<EventDto>(nameof(IBrokeringClient.Event), listener.Add);
        await connection.StartAsync(Ct);
        return listener;
    }

    private sealed class Listener(HubConnection connection) : IAsyncDisposable
    {
        private readonly ConcurrentQueue<EventDto> _events = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyCollection<EventDto> Events => _events;

        public void Add(EventDto e)
        {
            _events.Enqueue(e);
            _arrived.Release();
        }

        public async Task<EventDto> WaitForAsync(Func<EventDto, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                if (_events.FirstOrDefault(match) is { } found) return found;
                Assert.True(DateTime.UtcNow < deadline, "the event did not arrive within 10 s");
                await _arrived.WaitAsync(TimeSpan.FromMilliseconds(200));
            }
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
