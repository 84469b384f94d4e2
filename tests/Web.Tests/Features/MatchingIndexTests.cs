using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Matching.Feed;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Tests;
using FiveSocieties.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Web.Tests.Features;

/// The 匹配索引 admin page, and "matching delayed" on the pages of a need that waits for the index.
/// A small demo county of its own, whose retry of delayed needs the test runs by hand.
public sealed partial class MatchingIndexTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private SiteFactory _site = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _database = TestDatabase.Create(TestProvider.Sqlite);
        _site = new SiteFactory(_database.Settings.Concat(
        [
            new("Demo:Enabled", "true"), new("Demo:Villages", "10"), new("Demo:Volunteers", "40"), new("Demo:Organisations", "4"),
            new("Demo:Funds", "2"), new("Demo:MicroGrants", "2"), new("Demo:Needs", "20"),
            new("Matching:RetryDelayedEvery", "01:00:00"),
        ]).ToList());
        _site.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _site.DisposeAsync();
        await _database.DisposeAsync();
    }

    [GeneratedRegex("data-need-id=\"(\\d+)\"")]
    private static partial Regex CardNeed();

    [Fact]
    public async Task Administrator_SeesTheEmbeddedIndexAndWhatItHolds()
    {
        var client = await _site.SignedInAsync("admin");
        var response = await client.GetAsync("/MatchingIndex", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        var counts = await _site.Services.GetRequiredService<CandidateIndexHost>().Index.CountAsync(Ct);
        Assert.Contains("内置索引（本机内存）", html);
        Assert.Contains($"服务方 {counts.Providers} 个，待匹配需求 {counts.OpenNeeds} 条", html);
        Assert.Contains("正常", html);
        Assert.True(counts.Providers > 0);
        // When this node last built it from the database, in China time as the page writes times.
        var built = _site.Services.GetRequiredService<CandidateIndexHost>().BuiltAt;
        Assert.NotNull(built);
        Assert.Matches($"data-testid=\"index-rebuilt\">{Regex.Escape(FiveSocieties.Matching.Common.ChinaTime.ToChina(built.Value).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))}", html);
    }

    [Theory]
    [InlineData("county")]
    [InlineData("worker1")]
    [InlineData("resident1")]
    public async Task OthersThanTheAdministrator_AreSentToAccessDenied(string userName)
    {
        var client = await _site.SignedInAsync(userName);
        var response = await client.GetAsync("/MatchingIndex", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location?.ToString());
        var post = await client.PostAsync("/MatchingIndex/Rebuild", new FormUrlEncodedContent([]), Ct);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
    }

    [Fact]
    public async Task Rebuild_FromThePage_RunsInTheBackground_AndReportsItsOutcome()
    {
        var client = await _site.SignedInAsync("admin");
        var started = await client.PostFormAsync("/MatchingIndex/Rebuild", "/MatchingIndex");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);

        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var progress = JsonDocument.Parse(await client.GetStringAsync("/MatchingIndex/Progress", Ct));
            if (progress.RootElement.GetProperty("lastRebuild") is { ValueKind: JsonValueKind.Object } last)
            {
                Assert.True(last.GetProperty("succeeded").GetBoolean());
                break;
            }
            Assert.True(DateTime.UtcNow < until, "the rebuild did not finish within 30 s");
            await Task.Delay(100, Ct);
        }
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/MatchingIndex", Ct));
        Assert.Contains("上次重建于", html);
        Assert.Contains("完成", html);
    }

    [Fact]
    public async Task ANeedThatWaitsForTheIndex_ShowsMatchingDelayed_UntilItIsMatched()
    {
        var worker = await _site.SignedInAsync("worker1");
        var console = await worker.GetStringAsync("/Brokering", Ct);
        var needId = long.Parse(CardNeed().Match(console).Groups[1].Value);
        await _site.QueryAsync(async db =>
        {
            // As MatchingService records it when the index cannot be reached; the need's proposals withdrawn as a re-run would.
            db.DelayedMatchings.Add(new DelayedMatching(needId, DateTimeOffset.UtcNow, "Elasticsearch did not answer"));
            await db.Matches.Where(m => m.NeedId == needId && m.Status == FiveSocieties.Matching.Matches.MatchStatus.Proposed)
                .ExecuteDeleteAsync(Ct);
            return await db.SaveChangesAsync(Ct);
        });

        var page = WebUtility.HtmlDecode(await worker.GetStringAsync($"/Needs/Details/{needId}", Ct));
        Assert.Contains("data-testid=\"matching-delayed\"", page);
        Assert.Contains("匹配延迟", page);
        var card = await worker.GetStringAsync($"/Brokering/Card/{needId}", Ct);
        Assert.Contains("data-testid=\"matching-delayed\"", card);
        var admin = WebUtility.HtmlDecode(await (await _site.SignedInAsync("admin")).GetStringAsync("/MatchingIndex", Ct));
        Assert.Contains("最早自", admin);

        // The index answers: the waiting need is matched, and the mark goes.
        Assert.True(await _site.Services.GetRequiredService<DelayedMatchingRetry>().RetryAsync(Ct) >= 1);
        Assert.False(await _site.QueryAsync(db => db.DelayedMatchings.AnyAsync(d => d.NeedId == needId, Ct)));
        Assert.True(await _site.QueryAsync(db => db.Matches.AnyAsync(m => m.NeedId == needId, Ct)));
        Assert.DoesNotContain("data-testid=\"matching-delayed\"", await worker.GetStringAsync($"/Needs/Details/{needId}", Ct));
    }
}
