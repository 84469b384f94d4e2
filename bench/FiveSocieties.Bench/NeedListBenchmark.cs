using System.Diagnostics;
using FiveSocieties.Infrastructure;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FiveSocieties.Bench;

/// The needs list (需求清单) at 100,000 needs: first pages, deep keyset pages, filters and Chinese
/// search, for a station worker and for the county. Prints p50/p95/max per query in milliseconds.
public static class NeedListBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = Option(args, "--needs") is { } n ? int.Parse(n) : 100_000;
        var provider = Option(args, "--provider") ?? "Sqlite";
        var connection = Option(args, "--connection");
        var directory = Directory.CreateTempSubdirectory("fivesocieties-bench-").FullName;
        string[] settings =
        [
            "--Database:Provider", provider, "--Database:DataDirectory", directory, "--Demo:Enabled", "true",
            .. connection is null ? Array.Empty<string>() : ["--ConnectionStrings:FiveSocieties", connection],
        ];
        var builder = WebApplication.CreateBuilder(settings);
        builder.AddInfrastructure();
        builder.AddWeb();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        Console.WriteLine($"Preparing the demo county ({provider}) …");
        await app.Services.PrepareDatabaseAsync();

        var seeded = Stopwatch.StartNew();
        await SeedAsync(app.Services, count);
        Console.WriteLine($"Seeded {count:N0} more needs in {seeded.Elapsed.TotalSeconds:0} s");
        await app.Services.PrepareDatabaseAsync(); // as a restart would: statistics for the planner

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var list = services.GetRequiredService<NeedList>();
        var regions = services.GetRequiredService<RegionDirectory>();
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var db = services.GetRequiredService<FiveSocietiesDbContext>();
        Console.WriteLine($"Needs in the database: {await db.Needs.CountAsync():N0}");

        foreach (var userName in new[] { "worker1", "county" })
        {
            var user = (await users.FindByNameAsync(userName))!;
            var context = new UserContext(user.Id, user.DisplayName, (await users.GetRolesAsync(user))[0],
                DivisionCode.Parse(user.RegionCode), user.StationId, null, null);
            var data = await DataScope.ForAsync(context, regions, CancellationToken.None);
            var total = (await list.PageAsync(data, new NeedFilter(), CancellationToken.None)).Total;
            var deep = await CursorAtAsync(list, data, new NeedFilter { Size = 100 }, total / 2);
            var deepUrgent = await CursorAtAsync(list, data, new NeedFilter { Sort = NeedSort.Urgency, Size = 100 }, total / 2);
            Console.WriteLine($"-- {userName}: {total:N0} needs in scope (p50 / p95 / max, ms, 200 runs each)");
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
        var times = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            await query();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"   {name,-34} {times[100],7:0.00} {times[190],7:0.00} {times[^1],7:0.00}");
    }

    /// Needs spread over the county's villages, services and statuses, with Chinese text.
    private static async Task SeedAsync(IServiceProvider services, int count)
    {
        string[] titles = ["独居老人助餐", "留守儿童四点半课堂", "楼道安全隐患整治", "适老化改造", "残疾人康复训练", "困难家庭助学帮扶", "高龄老人助医陪诊", "心理疏导", "防汛物资"];
        string[] items = ["elderly.meal", "children.after-school", "governance.stairwell-safety", "elderly.retrofit", "disability.rehab", "children.study-aid", "elderly.escort-medical", "emotional.counselling", "emergency.flood"];
        var random = new Random(100_000);
        List<DivisionCode> villages;
        await using (var scope = services.CreateAsyncScope())
            villages = await scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>().Regions
                .Where(r => r.Level == RegionLevel.Village).Select(r => r.Code).ToListAsync();
        var start = DateTimeOffset.UtcNow.AddDays(-365);
        for (var done = 0; done < count; done += 5000)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
            for (var i = done; i < Math.Min(count, done + 5000); i++)
            {
                var k = random.Next(titles.Length);
                var at = start.AddMinutes(i * 5.2);
                var actor = new ActorRef($"bench-{i % 500}", "测试");
                var need = Need.Post(new NeedDetails(titles[k] + (i % 97), $"第 {i} 条测试需求：{titles[k]}，请社工站协助。", items[k],
                        [k is 1 or 5 ? BeneficiaryGroup.LeftBehindChild : BeneficiaryGroup.ElderlyLivingAlone], (Urgency)random.Next(4),
                        villages[random.Next(villages.Count)], k == 3 ? Quantity.Of(Money.FromYuan(5000)) : Quantity.People(1)),
                    new Requester(RequesterKind.CommitteeOnBehalf, actor, "服务对象" + i % 1000, null),
                    new ConsentRecord("2025-01", ConsentMethod.VerbalRecordedByStaff, at), at);
                if (random.Next(3) == 0) need.StartMatching(ActorRef.System, at.AddMinutes(1));
                db.Needs.Add(need);
            }
            await db.SaveChangesAsync();
        }
    }

    private static string? Option(string[] args, string name) => BenchArgs.Option(args, name);
}
