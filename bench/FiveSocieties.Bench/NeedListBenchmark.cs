using System.Diagnostics;
using FiveSocieties.Infrastructure;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FiveSocieties.Bench;

/// The needs list (需求清单) at 100,000 needs: first pages, deep keyset pages, filters and Chinese
/// search, for a station worker and for the county. Prints p50/p95/p99/max per query in milliseconds.
public static class NeedListBenchmark
{
    private const int Runs = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = BenchArgs.Int(args, "--needs", 100_000);
        await using var site = await BenchSite.CreateAsync(args, demo: true, kestrel: false);

        var seeded = Stopwatch.StartNew();
        await SeedAsync(site.Services, count);
        Console.WriteLine($"Seeded {count:N0} more needs in {seeded.Elapsed.TotalSeconds:0} s");
        await site.Services.PrepareDatabaseAsync(); // as a restart would: statistics for the planner

        await using var scope = site.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var list = services.GetRequiredService<NeedList>();
        var regions = services.GetRequiredService<RegionDirectory>();
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var principals = services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var db = services.GetRequiredService<FiveSocietiesDbContext>();
        Console.WriteLine($"Needs in the database: {await db.Needs.CountAsync():N0}");

        foreach (var userName in new[] { "worker1", "county" })
        {
            var user = (await users.FindByNameAsync(userName))!;
            // As the site reads the caller: from the claims its sign-in would carry.
            var context = UserContext.From(await principals.CreateAsync(user));
            var data = await DataScope.ForAsync(context, regions, CancellationToken.None);
            var total = (await list.PageAsync(data, new NeedFilter(), CancellationToken.None)).Total;
            var deep = await CursorAtAsync(list, data, new NeedFilter { Size = 100 }, total / 2);
            var deepUrgent = await CursorAtAsync(list, data, new NeedFilter { Sort = NeedSort.Urgency, Size = 100 }, total / 2);
            Console.WriteLine($"-- {userName}: {total:N0} needs in scope ({Runs} runs each)");
            await TimeAsync("first page, newest", () => list.PageAsync(data, new NeedFilter(), CancellationToken.None));
            await TimeAsync("page in the middle, newest", () => list.PageAsync(data, new NeedFilter { After = deep }, CancellationToken.None));
            await TimeAsync("page in the middle, most urgent", () => list.PageAsync(data, new NeedFilter { Sort = NeedSort.Urgency, After = deepUrgent }, CancellationToken.None));
            await TimeAsync("status = Matching", () => list.PageAsync(data, new NeedFilter { Status = NeedStatus.Matching }, CancellationToken.None));
            await TimeAsync("group = LeftBehindChild", () => list.PageAsync(data, new NeedFilter { Group = BeneficiaryGroup.LeftBehindChild }, CancellationToken.None));
            await TimeAsync("search 助餐", () => list.PageAsync(data, new NeedFilter { Q = "助餐" }, CancellationToken.None));
            await TimeAsync("search 留守儿童 作业", () => list.PageAsync(data, new NeedFilter { Q = "留守儿童 作业" }, CancellationToken.None));
        }
        return 0;
    }

    private static async Task<string?> CursorAtAsync(NeedList list, DataScope scope, NeedFilter filter, int position)
    {
        string? after = null;
        for (var seen = 0; seen < position; seen += filter.Size)
        {
            filter.After = after;
            var page = await list.PageAsync(scope, filter, CancellationToken.None);
            if (page.Next is null) break;
            after = page.Next;
        }
        return after;
    }

    private static async Task TimeAsync<T>(string name, Func<Task<T>> query)
    {
        for (var i = 0; i < 10; i++) await query();
        var times = new List<double>(Runs);
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await query();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"   {name,-34} {BenchArgs.Percentiles(times)}");
    }

    /// Needs spread over the county's villages, services and statuses, with Chinese text.
    private static async Task SeedAsync(IServiceProvider services, int count)
    {
        var kinds = SampleNeeds.All;
        var random = new Random(100_000);
        var villages = BenchSite.Villages(await services.GetRequiredService<RegionDirectory>().GetAsync()).Select(v => v.Code).ToList();
        var start = DateTimeOffset.UtcNow.AddDays(-365);
        for (var done = 0; done < count; done += 5000)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
            for (var i = done; i < Math.Min(count, done + 5000); i++)
            {
                var kind = kinds[random.Next(kinds.Length)];
                var at = start.AddMinutes(i * 5.2);
                var actor = new ActorRef($"bench-{i % 500}", "测试");
                var need = Need.Post(new NeedDetails(kind.Title + (i % 97), $"第 {i} 条测试需求：{kind.Title}，请社工站协助。", kind.ServiceItem,
                        [kind.Group], (Urgency)random.Next(4), villages[random.Next(villages.Count)], SampleNeeds.QuantityOf(kind)),
                    new Requester(RequesterKind.CommitteeOnBehalf, actor, "服务对象" + i % 1000, null),
                    new ConsentRecord("2025-01", ConsentMethod.VerbalRecordedByStaff, at), at);
                if (random.Next(3) == 0) need.StartMatching(ActorRef.System, at.AddMinutes(1));
                db.Needs.Add(need);
            }
            await db.SaveChangesAsync();
        }
    }
}
