using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FiveSocieties.Browser.Tests.Support;
using FiveSocieties.Infrastructure.Files;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace FiveSocieties.Browser.Tests;

/// A station worker uploads a large roster and watches it go through: the progress page follows the
/// background job, its bar moves, and it ends on 已完成 with the number of volunteers created.
[Collection(BrowserCollection.Name)]
public sealed class ImportProgressTests(BrowserFixture browser)
{
    private const int Rows = 3000;
    private const string WidthsKey = "import-bar-widths";

    /// Records every width the bar is given, across the reload at the end (sessionStorage survives it).
    private const string RecordBarWidths = """
        document.addEventListener('DOMContentLoaded', () => {
            const bar = document.querySelector('[data-import-progress] .progress-bar');
            if (!bar) return;
            const record = () => {
                const widths = JSON.parse(sessionStorage.getItem('import-bar-widths') || '[]');
                if (widths[widths.length - 1] !== bar.style.width) widths.push(bar.style.width);
                sessionStorage.setItem('import-bar-widths', JSON.stringify(widths));
            };
            record();
            new MutationObserver(record).observe(bar, { attributes: true, attributeFilter: ['style'] });
        });
        """;

    [Fact]
    public async Task Upload_RosterOf3000Volunteers_ProgressBarMovesThenThePageShowsCompletedAndTheCount()
    {
        var stem = "进度" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var roster = await RosterAsync(stem);
        var page = await browser.NewPageAsync(width: 1280, height: 900);
        await page.AddInitScriptAsync(RecordBarWidths);
        await BrowserFixture.LoginAsync(page, "worker1");

        await page.GotoAsync("/Imports");
        await page.Locator("#kind").SelectOptionAsync("Volunteers");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "志愿者名册.xlsx",
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = roster,
        });
        var clock = Stopwatch.StartNew();
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并检查" }).ClickAsync();

        await page.WaitForURLAsync("**/Imports/Details/**");
        await BrowserFixture.ScreenshotAsync(page, "import-progress-running");
        var status = page.GetByTestId("import-status");
        await Assertions.Expect(status).ToHaveTextAsync("已完成", new() { Timeout = 180_000 });
        var elapsed = clock.Elapsed;
        await BrowserFixture.ScreenshotAsync(page, "import-progress-completed");

        await Assertions.Expect(page.GetByTestId("import-created")).ToHaveTextAsync(Rows.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("import-errors")).ToHaveTextAsync("0");
        // Set by the script (the Content-Security-Policy refuses style attributes in the markup).
        await Assertions.Expect(page.Locator("[data-import-progress] .progress-bar")).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("^width: 100%;?$"));

        var widths = JsonSerializer.Deserialize<List<string>>(await page.EvaluateAsync<string>($"() => sessionStorage.getItem('{WidthsKey}') || '[]'"))!;
        var percents = widths.Select(w => int.Parse(w.TrimEnd('%'), CultureInfo.InvariantCulture)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"bar: {string.Join(" → ", widths)} in {elapsed.TotalSeconds:0.0} s");
        var running = percents.TakeWhile(p => p < 100).ToList();
        Assert.True(running.Count >= 3, $"the bar changed fewer than twice before 100% ({string.Join(" → ", widths)}, {elapsed.TotalSeconds:0.0} s)");
        Assert.Equal(running.Order(), running); // it only moves forward
        Assert.Equal(100, percents[^1]);

        await using var scope = browser.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        Assert.Equal(Rows, await db.Volunteers.CountAsync(v => v.Name.StartsWith(stem), TestContext.Current.CancellationToken));
    }

    /// 3,000 volunteers in the villages of 建平镇 (worker1's station), with unique mobile numbers.
    private async Task<byte[]> RosterAsync(string stem)
    {
        await using var scope = browser.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var jianping = DivisionCode.Parse("341821100000");
        var villages = (await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToListAsync(TestContext.Current.CancellationToken))
            .Where(r => r.ParentCode == jianping).Select(r => r.Code.Value).ToList();
        Assert.NotEmpty(villages);
        var firstMobile = 19_800_000_000L + Random.Shared.Next(0, 90_000_000);
        var rows = Enumerable.Range(0, Rows).Select(i => (IReadOnlyList<string>)
        [
            $"{stem}志愿者{i:D4}", (firstMobile + i).ToString(CultureInfo.InvariantCulture), villages[i % villages.Count],
            i % 2 == 0 ? "养老服务" : "四点半课堂、助餐服务", "烹饪、驾驶", "周六上午、周日下午", Introduction(i),
        ]);
        using var output = new MemoryStream();
        TableWriter.Write(output, TableFormat.Xlsx, ["姓名", "手机号", "所属村(社区)", "服务项目", "技能", "可服务时间", "简介"], rows, "名册");
        return output.ToArray();
    }

    /// A few hundred characters of self-introduction, as rosters have: the rows take real work to
    /// index, so the job lasts long enough for the page to see it move.
    private static string Introduction(int i)
    {
        string[] sentences =
        [
            "退休前在镇中心小学教了三十年语文，愿意给留守儿童辅导作业。", "会做家常菜，可以给独居老人送午饭。", "家里有车，周末可以接送老人去卫生院复查。",
            "学过急救知识，持有红十字会救护员证。", "喜欢唱黄梅戏，能组织社区文艺活动。", "懂一些电工和水管维修，能上门帮忙修理。",
            "在村里做过网格员，熟悉各家各户的情况。", "有耐心，愿意陪老人聊天，帮他们用手机视频通话。",
        ];
        return string.Concat(Enumerable.Range(0, 12).Select(k => sentences[(i + k) % sentences.Length]));
    }
}
