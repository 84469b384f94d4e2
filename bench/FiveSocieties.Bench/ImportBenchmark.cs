using System.Diagnostics;
using FiveSocieties.Infrastructure.Files;
using FiveSocieties.Infrastructure.Imports;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Web.Features.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FiveSocieties.Bench;

/// The roster import of issue 3: a 20,000-row volunteer .xlsx, as a county keeps them, through the
/// same command-line import a station would run. Prints time, rows per second and peak memory.
public static class ImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = BenchArgs.Int(args, "--rows", 20_000, min: 1);
        await using var site = await BenchSite.CreateAsync(args, demo: true, kestrel: false);
        var tree = await site.Services.GetRequiredService<RegionDirectory>().GetAsync();
        // As people write them in rosters: "建平镇东夏村".
        var villages = BenchSite.Villages(tree).Select(v => tree.ShortPath(v.Code)).ToList();
        var file = Path.Combine(site.Directory, $"志愿者名册-{rows}.xlsx");
        var written = Stopwatch.StartNew();
        WriteRoster(file, rows, villages);
        Console.WriteLine($"Roster: {rows:N0} rows, {new FileInfo(file).Length / 1024.0 / 1024:0.0} MB, written in {written.Elapsed.TotalSeconds:0.0} s");

        ImportJob? first = null;
        foreach (var pass in new[] { "first import", "same file again" })
        {
            var clock = Stopwatch.StartNew();
            var exit = await ImportCommand.RunAsync(["--kind", "volunteers", "--file", file, .. site.DatabaseSettings, "--Demo:Enabled", "false"]);
            clock.Stop();
            Console.WriteLine($"== {pass}: exit {exit}, {clock.Elapsed.TotalSeconds:0.0} s, {rows / clock.Elapsed.TotalSeconds:N0} rows/s, " +
                              $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MiB");
            if (exit != 0) return exit;
            await using var scope = site.Services.CreateAsyncScope();
            var job = (await scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>().ImportJobs.AsNoTracking().ToListAsync())
                .Where(j => j.Id != first?.Id).MaxBy(j => j.CreatedAt)!; // the job this pass ran
            if (first is null)
            {
                first = job;
                continue;
            }
            // The same file again must change nothing: every row that was written the first time is unchanged now.
            var changed = job.Created + job.Updated;
            var expected = first.Created + first.Updated;
            Console.WriteLine($"   check: the second import created {job.Created:N0} and updated {job.Updated:N0}, left {job.Unchanged:N0} unchanged " +
                              $"(the first wrote {expected:N0}); {(changed == 0 && job.Unchanged == expected ? "nothing changed" : "FAILED: it changed something")}");
            if (changed != 0 || job.Unchanged != expected) return 1;
        }
        return 0;
    }

    private static void WriteRoster(string path, int rows, List<string> villages)
    {
        var random = new Random(20_000);
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
        string[] given = ["秀英", "桂兰", "志强", "建国", "海燕", "丽", "伟", "芳", "敏", "静", "磊", "洋", "勇", "军", "杰", "娟", "涛", "明", "超", "霞"];
        string[] services = ["养老服务", "上门探访", "助餐服务", "四点半课堂", "助学帮扶", "心理疏导", "助医陪诊", "环境整治", "节庆活动", "防汛救灾"];
        string[] skills = ["烹饪", "驾驶", "作业辅导", "理发", "护理", "电器维修", "书法", "广场舞", "急救", "心理疏导", "法律咨询", "摄影"];
        string[] times = ["周六上午", "周日下午", "周一至周五晚上", "周末全天", "周三下午", "每天上午"];
        string[] headers = ["外部编号", "姓名", "手机号", "所属村(社区)", "服务项目", "技能", "可服务时间", "服务半径(公里)", "同时承接任务数", "无犯罪记录证明日期", "简介"];
        var today = DateOnly.FromDateTime(DateTime.Today);
        IEnumerable<IReadOnlyList<string>> Rows()
        {
            for (var i = 0; i < rows; i++)
            {
                yield return
                [
                    $"BENCH-V-{i:D6}",
                    surnames[random.Next(surnames.Length)] + given[random.Next(given.Length)],
                    $"199{i:D8}",
                    villages[random.Next(villages.Count)],
                    string.Join("、", Enumerable.Range(0, random.Next(1, 3)).Select(_ => services[random.Next(services.Length)]).Distinct()),
                    string.Join("、", Enumerable.Range(0, random.Next(1, 4)).Select(_ => skills[random.Next(skills.Length)]).Distinct()),
                    times[random.Next(times.Length)],
                    random.Next(2, 15).ToString(),
                    random.Next(1, 4).ToString(),
                    random.Next(3) == 0 ? today.AddDays(-random.Next(1, 300)).ToString("yyyy-MM-dd") : "",
                    "社区志愿者，热心公益",
                ];
            }
        }
        using var output = File.Create(path);
        TableWriter.Write(output, TableFormat.Xlsx, headers, Rows(), "志愿者");
    }
}
