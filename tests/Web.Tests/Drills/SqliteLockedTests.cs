using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FiveSocieties.Tests;
using FiveSocieties.Web.Tests.Features;
using FiveSocieties.Web.Tests.Features.Needs;
using FiveSocieties.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace FiveSocieties.Web.Tests.Drills;

/// SQLite held by another writer (a long import, a backup tool, a stuck process): the site waits its
/// busy timeout, then answers 503 in Chinese instead of a 500, saves nothing, and works again as soon
/// as the lock is gone.
[Trait("Category", Drill.Category)]
public sealed class SqliteLockedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DatabaseLockedByAnotherWriter_PostsAnswer503InChinese_SaveNothing_AndSucceedOnceItIsFree()
    {
        await using var database = TestDatabase.Create(TestProvider.Sqlite);
        // A one-second busy timeout instead of the default 30 s, so the drill is quick.
        var connectionString = new SqliteConnectionStringBuilder(database.ConnectionString) { DefaultTimeout = 1 }.ToString();
        await using var site = new SiteFactory([new("Database:Provider", "Sqlite"), new("ConnectionStrings:FiveSocieties", connectionString), .. Drill.SmallDemo]);
        var worker = await Drill.BearerAsync(site.CreateClient(), "worker1");
        var resident = await site.SignedInAsync("resident1");
        var village = await site.QueryAsync(Drill.VillageOfWorker1Async);
        var formToken = await resident.FormTokenAsync("/Needs/Create");
        var apiTitle = NeedForm.UniqueTitle("锁库时接口提交");
        var pageTitle = NeedForm.UniqueTitle("锁库时页面提交");

        await using (var holder = new SqliteConnection(database.ConnectionString))
        {
            await holder.OpenAsync(Ct);
            using var held = holder.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock

            var api = await worker.PostAsJsonAsync("/api/v1/needs", Drill.NeedBody(apiTitle, village), Ct);
            var page = await resident.PostAsync("/Needs/Create", new FormUrlEncodedContent(
                NeedForm.Valid(pageTitle).Fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", formToken))), Ct);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal("服务暂时不可用", problem.GetProperty("title").GetString());
            Assert.StartsWith("数据库暂时无法访问", problem.GetProperty("detail").GetString());
            Assert.Equal(TimeSpan.FromSeconds(5), api.Headers.RetryAfter?.Delta);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync(Ct);
            Assert.Contains("<h1 class=\"h3 my-3\">服务暂时不可用</h1>", html);
            Assert.DoesNotContain("   at ", html);
        }

        var again = await worker.PostAsJsonAsync("/api/v1/needs", Drill.NeedBody(apiTitle, village), Ct);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var saved = await site.QueryAsync(db => Drill.NeedsAsync(db, "锁库时"));
        var need = Assert.Single(saved); // the one posted after the lock, whole; nothing of the refused ones
        Assert.Equal(apiTitle, need.Title);
        Assert.True(need.IsWhole);
    }
}
