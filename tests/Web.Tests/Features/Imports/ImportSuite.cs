using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FiveSocieties.Infrastructure.Files;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Imports;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Imports;
using FiveSocieties.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Web.Tests.Features.Imports;

/// Bulk import through HTTP as a browser uses it (the upload form, the progress page, the errors),
/// the JSON API, the command line and the exports, over each database. The tests of a class share
/// one database: each imports its own uniquely named rows and compares with the database.
public abstract partial class ImportSuite<TFixture>(TFixture fixture) where TFixture : SiteFixture
{
    private const string Jianping = "341821100000"; // worker1's station
    private const string Shizi = "341821101000";    // worker2's station

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SiteFactory Site => fixture.Factory;

    private static readonly string[] VolunteerHeaders = ["姓名", "手机号", "所属村(社区)", "服务项目", "技能", "可服务时间", "身份证号", "简介"];

    // --- volunteers: a valid roster, and the same roster again -----------------------------------

    [Fact]
    public async Task Volunteers_ValidRosterWithAliasHeaders_AreCreatedApprovedInTheirVillagesWithServicesSkillsAndTimes()
    {
        var villages = await VillagesAsync(Jianping);
        var (byName, byCode, byBareName) = (villages[0], villages[1], await UniquelyNamedVillageAsync(Jianping));
        var checkedOn = ChinaTime.Today(DateTimeOffset.UtcNow).AddDays(-30);
        // Headers as rosters write them: 手机 for 手机号, 所在村（社区） with Chinese brackets, 可服务时间 …
        var roster = new Roster("序号ID", "志愿者姓名", "手机", "所在村（社区）", "服务", "特长", "可服务时间", "服务半径", "同时任务数", "身份证", "自我介绍", "无犯罪记录证明日期", "备用列")
            .Add("LX-A-1", Unique.Name("王秀英"), Unique.Mobile(), await ShortPathAsync(byName), "养老服务、四点半课堂", "烹饪、驾驶", "周六上午、周日下午", "3", "2", Unique.IdNumber(), "退休教师", checkedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "忽略")
            .Add("LX-A-2", Unique.Name("李建国"), Unique.Mobile(), byCode.Code.Value, "助餐服务", "", "周一至周五晚上", "", "", "", "", "", "")
            .Add("LX-A-3", Unique.Name("陈敏"), Unique.Mobile(), byBareName.Name, "elderly.visit", "修理", "周末全天", "", "", "", "", "", "");
        var client = await SignedInAsync("worker1");
        var before = await CountAsync(db => db.Volunteers);

        var job = await ImportAsync(client, ImportKind.Volunteers, "志愿者名册.xlsx", roster.Xlsx());

        Assert.Equal(ImportStatus.Completed, job.Status);
        Assert.Equal((3, 3, 3, 0, 0, 0), (job.TotalRows, job.ValidRows, job.Created, job.Updated, job.Unchanged, job.ErrorCount));
        Assert.Equal(100, job.Percent);
        var details = await client.GetStringAsync($"/Imports/Details/{job.Id}", Ct);
        Assert.Equal("已完成", Shown(details, "import-status"));
        Assert.Equal("3", Shown(details, "import-created"));
        Assert.Contains("志愿者名册.xlsx", details);
        Assert.Equal(before + 3, await CountAsync(db => db.Volunteers));

        var created = await VolunteersNamedAsync(roster.Column("志愿者姓名"));
        Assert.Equal(3, created.Count);
        var first = created.Single(v => v.ExternalId == "LX-A-1");
        var worker1 = await UserAsync("worker1");
        Assert.All(created, v => Assert.Equal(ApprovalStatus.Active, v.Status));
        Assert.All(created, v => Assert.Equal(worker1.DisplayName, v.StatusChangedBy));
        Assert.Equal(byName.Code, first.HomeVillageCode);
        Assert.Equal(roster.Rows[0]["手机"], first.Mobile.Value);
        Assert.Equal(["children.after-school", "elderly"], first.ServiceCodes.Order());
        Assert.Equal(["烹饪", "驾驶"], first.Skills);
        Assert.Equal(2, first.Availability.Count);
        Assert.True(first.Availability.Contains(DayOfWeek.Saturday, DayPart.Morning));
        Assert.True(first.Availability.Contains(DayOfWeek.Sunday, DayPart.Afternoon));
        Assert.Equal(3, first.ServiceRadiusKm);
        Assert.Equal(2, first.MaxConcurrentTasks);
        Assert.Equal(roster.Rows[0]["身份证"], first.IdNumber?.Value);
        Assert.Equal("退休教师", first.Description);
        var check = Assert.Single(first.Certifications);
        Assert.Equal(checkedOn, check.IssuedOn);

        var second = created.Single(v => v.ExternalId == "LX-A-2");
        Assert.Equal(byCode.Code, second.HomeVillageCode);
        Assert.Equal(["elderly.meal"], second.ServiceCodes);
        Assert.Equal(5, second.Availability.Count);
        Assert.All(new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
            d => Assert.True(second.Availability.Contains(d, DayPart.Evening)));
        Assert.Empty(second.Skills);

        var third = created.Single(v => v.ExternalId == "LX-A-3");
        Assert.Equal(byBareName.Code, third.HomeVillageCode);
        Assert.Equal(6, third.Availability.Count); // Saturday and Sunday, morning, afternoon and evening
    }

    [Fact]
    public async Task Volunteers_SameRosterAgain_ChangesNothing_AndOneChangedCellUpdatesOneRow()
    {
        var roster = await VolunteerRosterAsync(3);
        var client = await SignedInAsync("worker1");
        var first = await ImportAsync(client, ImportKind.Volunteers, "名册.xlsx", roster.Xlsx());
        Assert.Equal((ImportStatus.Completed, 3), (first.Status, first.Created));
        var count = await CountAsync(db => db.Volunteers);

        var again = await ImportAsync(client, ImportKind.Volunteers, "名册.xlsx", roster.Xlsx());

        Assert.Equal(ImportStatus.Completed, again.Status);
        Assert.Equal((0, 0, 3), (again.Created, again.Updated, again.Unchanged));
        Assert.Equal(count, await CountAsync(db => db.Volunteers));

        var changed = roster.Copy().Set(1, "技能", "电工、修理");
        var third = await ImportAsync(client, ImportKind.Volunteers, "名册.xlsx", changed.Xlsx());

        Assert.Equal(ImportStatus.Completed, third.Status);
        Assert.Equal((0, 1, 2), (third.Created, third.Updated, third.Unchanged));
        Assert.Equal(count, await CountAsync(db => db.Volunteers));
        var updated = Assert.Single(await VolunteersNamedAsync([changed.Rows[1]["姓名"]]));
        Assert.Equal(["电工", "修理"], updated.Skills);
    }

    [Fact]
    public async Task Volunteers_WithExternalIds_AreRecognisedByThemEvenWhenTheMobileChanged()
    {
        var roster = await VolunteerRosterAsync(2);
        roster.Headers.Insert(0, "外部编号");
        roster.Set(0, "外部编号", Unique.Name("LX-V-")).Set(1, "外部编号", Unique.Name("LX-V-"));
        var client = await SignedInAsync("worker1");
        Assert.Equal(2, (await ImportAsync(client, ImportKind.Volunteers, "名册.csv", roster.Csv(Encoding.UTF8))).Created);

        var newMobile = Unique.Mobile();
        var moved = roster.Copy().Set(0, "手机号", newMobile);
        var job = await ImportAsync(client, ImportKind.Volunteers, "名册.csv", moved.Csv(Encoding.UTF8));

        Assert.Equal((ImportStatus.Completed, 0, 1, 1), (job.Status, job.Created, job.Updated, job.Unchanged));
        var volunteer = Assert.Single(await VolunteersNamedAsync([roster.Rows[0]["姓名"]]));
        Assert.Equal(newMobile, volunteer.Mobile.Value);
        Assert.Equal(roster.Rows[0]["外部编号"], volunteer.ExternalId);
    }

    [Fact]
    public async Task Volunteers_InGb18030Csv_AreImported()
    {
        var roster = await VolunteerRosterAsync(2);
        var client = await SignedInAsync("worker1");

        var job = await ImportAsync(client, ImportKind.Volunteers, "名册-GBK.csv", roster.Csv(Unique.Gb18030));

        Assert.Equal((ImportStatus.Completed, 2, 0), (job.Status, job.Created, job.ErrorCount));
        var created = await VolunteersNamedAsync(roster.Column("姓名"));
        Assert.Equal(roster.Column("姓名").Order(), created.Select(v => v.Name).Order());
        Assert.All(created, v => Assert.Equal(["烹饪", "驾驶"], v.Skills));
    }

    [Fact]
    public async Task Volunteers_InJsonWithArraysAndNumbers_AreImported()
    {
        var roster = await VolunteerRosterAsync(2);
        roster.Headers.Add("服务半径(公里)");
        roster.Set(0, "服务半径(公里)", "8").Set(1, "服务半径(公里)", "2.5");
        var client = await SignedInAsync("worker1");

        var job = await ImportAsync(client, ImportKind.Volunteers, "名册.json", roster.Json(arrays: ["服务项目", "技能"], numbers: ["服务半径(公里)"]));

        Assert.Equal((ImportStatus.Completed, 2), (job.Status, job.Created));
        var created = (await VolunteersNamedAsync(roster.Column("姓名"))).OrderBy(v => v.ServiceRadiusKm).ToList();
        Assert.Equal([2.5, 8], created.Select(v => v.ServiceRadiusKm));
        Assert.All(created, v => Assert.Equal(["children.after-school", "elderly"], v.ServiceCodes.Order()));
        Assert.All(created, v => Assert.Equal(["烹饪", "驾驶"], v.Skills));
    }

    // --- bad rows: a message on the row and column, nothing written ----------------------------

    [Fact]
    public async Task Volunteers_IdNumberWithAWrongCheckCharacter_IsReportedAndNothingIsWritten()
    {
        var roster = (await VolunteerRosterAsync(3)).Set(1, "身份证号", Unique.IdNumberWithWrongCheck());

        await AssertRefusedAsync(roster, (3, "身份证号", "身份证号校验位不正确，请核对。"));
    }

    [Fact]
    public async Task Volunteers_UnknownVillage_IsReportedAndNothingIsWritten()
    {
        var roster = (await VolunteerRosterAsync(3)).Set(2, "所属村(社区)", "火星村");

        await AssertRefusedAsync(roster, (4, "所属村(社区)", "没有找到“火星村”，请填写正确的村（社区）、乡镇或区划代码。"));
    }

    [Fact]
    public async Task Volunteers_VillageOfAnotherStation_IsReportedAsOutsideTheScopeAndNothingIsWritten()
    {
        var shizi = (await VillagesAsync(Shizi))[0];
        var roster = (await VolunteerRosterAsync(3)).Set(0, "所属村(社区)", shizi.Code.Value);

        await AssertRefusedAsync(roster, (2, "所属村(社区)", $"“{shizi.Name}”不在您的管理范围内。"));
    }

    [Fact]
    public async Task Volunteers_SameMobileTwiceInTheFile_IsReportedAsADuplicateOfTheFirstRow()
    {
        var roster = await VolunteerRosterAsync(3);
        roster.Set(2, "手机号", roster.Rows[0]["手机号"]);

        await AssertRefusedAsync(roster, (4, "手机号", "与第 2 行重复。"));
    }

    [Fact]
    public async Task Volunteers_NameOf65Characters_IsReportedAsTooLongAndNothingIsWritten()
    {
        var roster = (await VolunteerRosterAsync(2)).Set(1, "姓名", Unique.Name("建平镇东夏村志愿服务队").PadRight(65, '队'));

        await AssertRefusedAsync(roster, (3, "姓名", "姓名不能超过 64 个字"));
    }

    [Fact]
    public async Task Volunteers_ExternalIdLongerThan64Characters_IsReportedInChinese()
    {
        var roster = await VolunteerRosterAsync(2);
        roster.Headers.Insert(0, "外部编号");
        roster.Set(0, "外部编号", Unique.Name("LX-V-")).Set(1, "外部编号", "LX-V-" + new string('9', 60));

        var (job, client) = await ImportRefusedAsync(roster);
        // Not the framework's "The field 外部编号 must be a string with a maximum length of 64."
        await AssertInvalidAsync(client, job, (3, "外部编号", "外部编号不能超过 64 个字。"));
    }

    [Fact]
    public async Task Volunteers_SkillLongerThanTheVolunteerRecordAllows_IsReportedBeforeAnythingIsWritten()
    {
        // A free-text skill the form's length check lets through but the volunteer record refuses.
        var roster = (await VolunteerRosterAsync(3)).Set(2, "技能", "烹饪、擅长为行动不便的老人做饭送餐和打扫卫生");

        await AssertRefusedAsync(roster, (4, "技能", "技能中的“擅长为行动不便的老人做饭送餐和打扫卫生”过长（最多 16 个字）。"));
    }

    [Fact]
    public async Task Volunteers_MobileOfAVolunteerOfAnotherStation_IsRefusedWithoutSayingItIsRegistered()
    {
        var shizi = (await VillagesAsync(Shizi)).Select(v => v.Code).ToList();
        var theirs = (await QueryAsync(db => db.Volunteers.AsNoTracking().ToListAsync(Ct))).First(v => shizi.Contains(v.HomeVillageCode));
        var roster = (await VolunteerRosterAsync(2)).Set(0, "手机号", theirs.Mobile.Value);

        // Not "registered elsewhere / outside your scope": a roster must not tell who is registered where.
        await AssertRefusedAsync(roster, (2, "手机号", "无法用此号码或代码登记，请核对；如确属本辖区，请联系县民政局。"));
        var untouched = await QueryAsync(db => db.Volunteers.AsNoTracking().SingleAsync(v => v.Id == theirs.Id, Ct));
        Assert.Equal(theirs.Name, untouched.Name);
        Assert.Equal(theirs.HomeVillageCode, untouched.HomeVillageCode);
    }

    [Fact]
    public async Task Volunteers_FileNamingManyPeopleRegisteredElsewhere_IsStoppedAsAWhole()
    {
        // A roster of 100,000 numbers would otherwise sort them into "registered elsewhere" and "unknown".
        var shizi = (await VillagesAsync(Shizi)).Select(v => v.Code).ToList();
        var theirs = (await QueryAsync(db => db.Volunteers.AsNoTracking().ToListAsync(Ct))).Where(v => shizi.Contains(v.HomeVillageCode))
            .Take(ImportProcessor.MaxOutOfScopeRows + 1).ToList();
        Assert.Equal(ImportProcessor.MaxOutOfScopeRows + 1, theirs.Count);
        var roster = await VolunteerRosterAsync(theirs.Count + 5);
        for (var i = 0; i < theirs.Count; i++) roster.Set(i + 5, "手机号", theirs[i].Mobile.Value);

        var (job, _) = await ImportRefusedAsync(roster);

        Assert.Equal(ImportStatus.Failed, job.Status);
        Assert.Contains($"超过 {ImportProcessor.MaxOutOfScopeRows} 行无法用其号码或代码登记，已停止检查", job.Message);
    }

    [Fact]
    public async Task Volunteers_SeveralBadRows_AreAllReportedWithRowColumnAndText()
    {
        var roster = (await VolunteerRosterAsync(5))
            .Set(0, "手机号", "1381234")
            .Set(2, "服务项目", "唱歌跳舞")
            .Set(3, "可服务时间", "有空就来");

        await AssertRefusedAsync(roster,
            (2, "手机号", "请输入 11 位中国大陆手机号（以 13–19 开头）。"),
            (4, "服务项目", "服务目录中没有“唱歌跳舞”。"),
            (5, "可服务时间", "无法识别的时间“有空就来”，请写成“周六上午”“周一至周五晚上”“周末全天”。"));
    }

    [Fact]
    public async Task Volunteers_ErrorsDownload_IsAWorkbookOfRowColumnAndProblem()
    {
        var roster = (await VolunteerRosterAsync(3)).Set(1, "身份证号", Unique.IdNumberWithWrongCheck()).Set(2, "所属村(社区)", "火星村");
        var (job, client) = await ImportRefusedAsync(roster);

        var response = await client.GetAsync($"/Imports/Errors/{job.Id}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var table = TableFile.Read(await response.Content.ReadAsByteArrayAsync(Ct), "errors.xlsx");
        Assert.Equal(["行号", "列", "问题"], table.Headers);
        Assert.Equal(
            [("3", "身份证号", "身份证号校验位不正确，请核对。"), ("4", "所属村(社区)", "没有找到“火星村”，请填写正确的村（社区）、乡镇或区划代码。")],
            table.Rows.Select(r => (r.Cells["行号"], r.Cells["列"], r.Cells["问题"])));
    }

    [Fact]
    public async Task MicroGrants_EndBeforeStart_AreReportedAndNothingIsWritten()
    {
        var owner = await JianpingOrganisationAsync();
        var roster = MicroGrantRoster(owner.CreditCode.Value, 2).Set(1, "结束日期", "2026-02-01").Set(1, "开始日期", "2026年3月1日");
        var client = await SignedInAsync("county");
        var before = await CountAsync(db => db.MicroGrantProjects);

        var job = await ImportAsync(client, ImportKind.MicroGrants, "微创投.xlsx", roster.Xlsx());

        await AssertInvalidAsync(client, job, (3, "结束日期", "结束日期不能早于开始日期。"));
        Assert.Equal(before, await CountAsync(db => db.MicroGrantProjects));
        Assert.False(await QueryAsync(db => db.MicroGrantProjects.AnyAsync(p => p.Name == roster.Rows[0]["项目名称"], Ct)));
    }

    [Fact]
    public async Task MicroGrants_UnknownOwner_IsReportedOnceOnTheOwnerColumn()
    {
        var owner = await JianpingOrganisationAsync();
        var roster = MicroGrantRoster(owner.Name, 2).Set(0, "承接组织", "不存在的社工机构");
        var client = await SignedInAsync("county");

        var job = await ImportAsync(client, ImportKind.MicroGrants, "微创投.xlsx", roster.Xlsx());

        await AssertInvalidAsync(client, job, (2, "承接组织", "没有找到您管理范围内的组织“不存在的社工机构”。"));
    }

    [Fact]
    public async Task Needs_NegativeQuantity_IsReportedAndNothingIsWritten()
    {
        var roster = (await NeedRosterAsync(Jianping, 2)).Set(1, "数量", "-2");
        var client = await SignedInAsync("worker1");
        var before = await CountAsync(db => db.Needs);

        var job = await ImportAsync(client, ImportKind.Needs, "走访登记.xlsx", roster.Xlsx());

        await AssertInvalidAsync(client, job, (3, "数量", "数量必须大于 0"));
        Assert.Equal(before, await CountAsync(db => db.Needs));
        Assert.False(await QueryAsync(db => db.Needs.AnyAsync(n => n.Title == roster.Rows[0]["标题"], Ct)));
    }

    [Fact]
    public async Task Needs_ExternalIdLongerThan64Characters_IsReportedBeforeAnythingIsWritten()
    {
        var roster = await NeedRosterAsync(Jianping, 2);
        roster.Headers.Insert(0, "外部编号");
        roster.Set(0, "外部编号", Unique.Name("ZF-")).Set(1, "外部编号", "ZF-" + new string('9', 62));
        var client = await SignedInAsync("worker1");
        var before = await CountAsync(db => db.Needs);

        var job = await ImportAsync(client, ImportKind.Needs, "走访登记.xlsx", roster.Xlsx());

        await AssertInvalidAsync(client, job, (3, "外部编号", "外部编号不能超过 64 个字。"));
        Assert.Equal(before, await CountAsync(db => db.Needs));
    }

    [Fact]
    public async Task Volunteers_FileWithoutARequiredColumn_FailsNamingTheColumnAndWritesNothing()
    {
        var roster = (await VolunteerRosterAsync(2)).Without("手机号");
        var client = await SignedInAsync("worker1");
        var before = await CountAsync(db => db.Volunteers);

        var job = await ImportAsync(client, ImportKind.Volunteers, "名册.xlsx", roster.Xlsx());

        Assert.Equal(ImportStatus.Failed, job.Status);
        Assert.Equal("缺少必填列：手机号。请使用导入模板的列名。", job.Message);
        var details = await client.GetStringAsync($"/Imports/Details/{job.Id}", Ct);
        Assert.Equal("失败", Shown(details, "import-status"));
        Assert.Contains("缺少必填列：手机号", Shown(details, "import-message"));
        Assert.Equal(before, await CountAsync(db => db.Volunteers));
    }

    [Fact]
    public async Task Upload_EmptyFile_IsRefusedOnThePageAndNoJobIsCreated()
    {
        var client = await SignedInAsync("worker1");
        var jobs = await CountAsync(db => db.ImportJobs);

        var response = await UploadAsync(client, ImportKind.Volunteers, "名册.xlsx", []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("文件是空的（0 字节），请检查后重新上传。", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(jobs, await CountAsync(db => db.ImportJobs));
    }

    [Fact]
    public async Task Upload_Refused_ComesBackWithTheKindAndChoiceTheUserMade()
    {
        var client = await SignedInAsync("worker1");

        var response = await UploadAsync(client, ImportKind.Organisations, "名册.xlsx", [], validRowsOnly: true);

        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("文件是空的", html);
        Assert.Matches(@"<option value=""Organisations"" selected=""selected"">", html);
        Assert.DoesNotMatch(@"<option value=""Volunteers"" selected", html);
        Assert.Matches(@"id=""validRowsOnly""[^>]*checked=""checked""", html);
    }

    [Theory]
    [InlineData("名册.docx", "只支持 .xlsx、.csv 和 .json 文件。")]
    [InlineData("名册.xls", "不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后再上传。")]
    public async Task Upload_FileOfAnotherKind_IsRefusedOnThePageAndNoJobIsCreated(string fileName, string message)
    {
        var client = await SignedInAsync("worker1");
        var jobs = await CountAsync(db => db.ImportJobs);

        var response = await UploadAsync(client, ImportKind.Volunteers, fileName, (await VolunteerRosterAsync(1)).Xlsx());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(jobs, await CountAsync(db => db.ImportJobs));
    }

    [Fact]
    public async Task Upload_PictureRenamedToXlsx_FailsSayingItIsNotAWorkbookAndWritesNothing()
    {
        var client = await SignedInAsync("worker1");
        var before = await CountAsync(db => db.Volunteers);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 2000).Select(i => (byte)(i * 7))];

        var job = await ImportAsync(client, ImportKind.Volunteers, "名册.xlsx", png);

        Assert.Equal(ImportStatus.Failed, job.Status);
        Assert.Equal("文件不是有效的 Excel（.xlsx）文件，可能只是改了扩展名。", job.Message);
        Assert.Contains("可能只是改了扩展名", Shown(await client.GetStringAsync($"/Imports/Details/{job.Id}", Ct), "import-message"));
        Assert.Equal(before, await CountAsync(db => db.Volunteers));
    }

    [Fact]
    public async Task Upload_Of50Megabytes_IsRefusedWithoutAJobAndWritesNothing()
    {
        var client = await SignedInAsync("worker1");
        var jobs = await CountAsync(db => db.ImportJobs);
        var volunteers = await CountAsync(db => db.Volunteers);
        var content = new byte[50 * 1024 * 1024];
        Encoding.UTF8.GetBytes("姓名,手机号,所属村(社区),服务项目\n").CopyTo(content, 0);
        content.AsSpan(64).Fill((byte)'1');

        var response = await UploadAsync(client, ImportKind.Volunteers, "名册.csv", content);

        var page = await response.Content.ReadAsStringAsync(Ct);
        if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge) Assert.Contains("上传的文件不能超过 10 MB", page);
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("文件超过 10 MB 上限，请拆分后分批导入。", page);
        }
        Assert.Equal(jobs, await CountAsync(db => db.ImportJobs));
        Assert.Equal(volunteers, await CountAsync(db => db.Volunteers));
    }

    // --- script in text fields ------------------------------------------------------------------

    [Fact]
    public async Task Volunteers_ScriptInTheDescription_IsStoredAsTextAndShownEscaped()
    {
        var roster = (await VolunteerRosterAsync(1)).Set(0, "简介", "<script>alert(1)</script>");
        var client = await SignedInAsync("worker1");

        var job = await ImportAsync(client, ImportKind.Volunteers, "名册.xlsx", roster.Xlsx());

        Assert.Equal((ImportStatus.Completed, 1), (job.Status, job.Created));
        var volunteer = Assert.Single(await VolunteersNamedAsync(roster.Column("姓名")));
        Assert.Equal("<script>alert(1)</script>", volunteer.Description);
        var response = await client.GetAsync($"/Resources/Volunteer/{volunteer.Id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains(volunteer.Name, html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
    }

    // --- importing the valid rows after seeing the errors ---------------------------------------

    [Fact]
    public async Task Volunteers_WithErrors_AreNotImportedUntilTheUserChoosesToImportTheValidRows()
    {
        var roster = (await VolunteerRosterAsync(3)).Set(1, "身份证号", Unique.IdNumberWithWrongCheck());
        var client = await SignedInAsync("worker1");
        var before = await CountAsync(db => db.Volunteers);

        var job = await ImportAsync(client, ImportKind.Volunteers, "名册.xlsx", roster.Xlsx());

        await AssertInvalidAsync(client, job, (3, "身份证号", "身份证号校验位不正确，请核对。"));
        Assert.Equal(before, await CountAsync(db => db.Volunteers));
        var details = await client.GetStringAsync($"/Imports/Details/{job.Id}", Ct);
        Assert.Contains("跳过有错误的行，导入其余 2 行", details);

        var resumed = await client.PostFormAsync($"/Imports/ImportValidRows/{job.Id}", $"/Imports/Details/{job.Id}");
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Equal($"/Imports/Details/{job.Id}", resumed.Headers.Location?.OriginalString);
        var done = await WaitAsync(client, job.Id);

        Assert.Equal(ImportStatus.Completed, done.Status);
        Assert.Equal((2, 1), (done.Created, done.ErrorCount));
        Assert.Equal("已跳过 1 处错误所在的行。", done.Message);
        Assert.Equal(before + 2, await CountAsync(db => db.Volunteers));
        var written = await VolunteersNamedAsync(roster.Column("姓名"));
        Assert.Equal([roster.Rows[0]["姓名"], roster.Rows[2]["姓名"]], written.Select(v => v.Name).Order());

        // A finished job cannot be resumed a second time.
        var again = await client.PostFormAsync($"/Imports/ImportValidRows/{job.Id}", $"/Imports/Details/{job.Id}");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("只有检查出错误、尚未导入的任务可以选择仅导入有效行。", await client.GetStringAsync($"/Imports/Details/{job.Id}", Ct));
        Assert.Equal(before + 2, await CountAsync(db => db.Volunteers));
    }

    [Fact]
    public async Task Volunteers_WithErrorsAndValidRowsOnlyTicked_ImportTheValidRowsAtOnce()
    {
        var roster = (await VolunteerRosterAsync(3)).Set(0, "所属村(社区)", "火星村");
        var client = await SignedInAsync("worker1");

        var job = await ImportAsync(client, ImportKind.Volunteers, "名册.xlsx", roster.Xlsx(), validRowsOnly: true);

        Assert.Equal(ImportStatus.Completed, job.Status);
        Assert.Equal((3, 2, 2, 1), (job.TotalRows, job.ValidRows, job.Created, job.ErrorCount));
        var written = await VolunteersNamedAsync(roster.Column("姓名"));
        Assert.Equal([roster.Rows[1]["姓名"], roster.Rows[2]["姓名"]], written.Select(v => v.Name).Order());
        Assert.Contains("没有找到“火星村”", string.Join(" ", (await ErrorsShownAsync(client, job.Id)).Select(e => e.Message)));
    }

    // --- the other kinds ------------------------------------------------------------------------

    [Fact]
    public async Task Organisations_AsAStationWorker_AreCreatedApproved_AndAWrongCreditCodeIsReported()
    {
        var roster = new Roster("组织名称", "统一社会信用代码", "组织类型", "登记所在地", "服务项目", "服务区域", "每月服务容量", "持证社工人数", "联系人", "联系电话", "地址")
            .Add(Unique.Name("郎溪县益众社会工作服务中心"), Unique.CreditCode(), "社工机构", "建平镇", "养老服务、儿童关爱保护", "建平镇、十字镇", "20", "6", "陈敏", Unique.Mobile(), "建平镇人民路8号")
            .Add(Unique.Name("建平镇邻里互助会"), Unique.CreditCode(), "社区社会组织", "建平镇", "助餐服务", "", "", "", "王芳", Unique.Mobile(), "");
        var client = await SignedInAsync("worker1");
        var before = await CountAsync(db => db.Organisations);

        var bad = roster.Copy().Set(1, "统一社会信用代码", Unique.CreditCodeWithWrongCheck());
        var refused = await ImportAsync(client, ImportKind.Organisations, "组织.xlsx", bad.Xlsx());
        await AssertInvalidAsync(client, refused, (3, "统一社会信用代码", "统一社会信用代码校验位不正确，请核对。"));
        Assert.Equal(before, await CountAsync(db => db.Organisations));

        var job = await ImportAsync(client, ImportKind.Organisations, "组织.xlsx", roster.Xlsx());

        Assert.Equal((ImportStatus.Completed, 2), (job.Status, job.Created));
        var names = roster.Column("组织名称").ToList();
        var created = await QueryAsync(db => db.Organisations.AsNoTracking().Where(o => names.Contains(o.Name)).ToListAsync(Ct));
        Assert.Equal(2, created.Count);
        Assert.All(created, o => Assert.Equal(ApprovalStatus.Active, o.Status));
        var first = created.Single(o => o.Name == names[0]);
        Assert.Equal(roster.Rows[0]["统一社会信用代码"], first.CreditCode.Value);
        Assert.Equal(OrganisationType.SocialWorkAgency, first.OrganisationType);
        Assert.Equal(Jianping, first.HomeRegionCode.Value);
        Assert.Equal([Jianping, Shizi], first.ServiceArea.Select(a => a.Value).Order());
        Assert.Equal((20, 6), (first.MonthlyCapacity, first.CertifiedSocialWorkers));
        var second = created.Single(o => o.Name == names[1]);
        Assert.Equal([Jianping], second.ServiceArea.Select(a => a.Value));
    }

    [Fact]
    public async Task Funds_AsTheCounty_AreCreatedApprovedWithTheirBudget()
    {
        var manager = await JianpingOrganisationAsync();
        var roster = new Roster("基金名称", "基金类型", "所属地区", "可资助服务", "资助人群", "资助区域", "基金总额(元)", "单笔上限(元)", "管理组织", "简介")
            .Add(Unique.Name("建平镇东门社区公益基金"), "社区公益基金", "建平镇", "适老化改造、助学帮扶", "独居困难老人、困境儿童", "", "20万", "5,000", manager.CreditCode.Value, "")
            .Add(Unique.Name("郎溪县爱心企业助老基金"), "企业捐赠", "郎溪县", "养老服务", "", "建平镇、十字镇", "¥80000", "2000元", "", "企业捐赠");
        var client = await SignedInAsync("county");

        var job = await ImportAsync(client, ImportKind.Funds, "基金.xlsx", roster.Xlsx());

        Assert.Equal((ImportStatus.Completed, 2, 0), (job.Status, job.Created, job.ErrorCount));
        var names = roster.Column("基金名称").ToList();
        var funds = await QueryAsync(db => db.Funds.AsNoTracking().Where(f => names.Contains(f.Name)).ToListAsync(Ct));
        Assert.Equal(2, funds.Count);
        Assert.All(funds, f => Assert.Equal(ApprovalStatus.Active, f.Status));
        var first = funds.Single(f => f.Name == names[0]);
        Assert.Equal((200_000m, 200_000m, 5_000m), (first.TotalBudget.Yuan, first.RemainingBudget.Yuan, first.MaxPerGrant.Yuan));
        Assert.Equal(manager.Id, first.ManagerOrganisationId);
        Assert.Equal(["children.study-aid", "elderly.retrofit"], first.ServiceCodes.Order());
        Assert.Equal([BeneficiaryGroup.ElderlyLivingAlone, BeneficiaryGroup.ChildInDifficulty], first.EligibleGroups);
        Assert.Equal([Jianping], first.RegionScope.Select(r => r.Value));
        var second = funds.Single(f => f.Name == names[1]);
        Assert.Equal(FundKind.CorporateDonation, second.FundKind);
        Assert.Equal((80_000m, 2_000m), (second.TotalBudget.Yuan, second.MaxPerGrant.Yuan));
        Assert.Equal([Jianping, Shizi], second.RegionScope.Select(r => r.Value).Order());
    }

    [Fact]
    public async Task MicroGrants_AsTheCounty_AreCreatedApprovedWithTheirDatesPlacesAndBudget()
    {
        var owner = await JianpingOrganisationAsync();
        var roster = MicroGrantRoster(owner.Name, 2).Set(1, "承接组织", owner.CreditCode.Value);
        var client = await SignedInAsync("county");

        var job = await ImportAsync(client, ImportKind.MicroGrants, "微创投.xlsx", roster.Xlsx());

        Assert.Equal((ImportStatus.Completed, 2, 0), (job.Status, job.Created, job.ErrorCount));
        var names = roster.Column("项目名称").ToList();
        var projects = await QueryAsync(db => db.MicroGrantProjects.AsNoTracking().Where(p => names.Contains(p.Name)).ToListAsync(Ct));
        Assert.Equal(2, projects.Count);
        Assert.All(projects, p =>
        {
            Assert.Equal(ApprovalStatus.Active, p.Status);
            Assert.Equal(owner.Id, p.OwnerOrganisationId);
            Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31)), (p.StartsOn, p.EndsOn));
            Assert.Equal((40, 40), (p.PlacesTotal, p.PlacesLeft));
            Assert.Equal(50_000m, p.Budget.Yuan);
            Assert.Equal(["children.after-school"], p.ServiceCodes);
            Assert.Equal([BeneficiaryGroup.LeftBehindChild], p.TargetGroups);
        });

        var again = await ImportAsync(client, ImportKind.MicroGrants, "微创投.xlsx", roster.Xlsx());
        Assert.Equal((0, 0, 2), (again.Created, again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task Needs_Imported_GetTheirProposalsAsPostedOnesDo()
    {
        var roster = await NeedRosterAsync(Jianping, 2);
        var client = await SignedInAsync("worker1");

        var job = await ImportAsync(client, ImportKind.Needs, "走访登记-匹配.xlsx", roster.Xlsx());

        Assert.Equal(ImportStatus.Completed, job.Status);
        var titles = roster.Column("标题").ToList();
        var ids = await QueryAsync(db => db.Needs.AsNoTracking().Where(n => titles.Contains(n.Title)).Select(n => n.Id).ToListAsync(Ct));
        Assert.Equal(2, ids.Count);
        // Proposals follow the import in the background.
        var proposed = 0;
        for (var attempt = 0; attempt < 100 && proposed < ids.Count; attempt++)
        {
            await Task.Delay(100, Ct);
            proposed = await QueryAsync(db => db.Matches.Where(m => ids.Contains(m.NeedId)).Select(m => m.NeedId).Distinct().CountAsync(Ct));
        }
        Assert.Equal(ids.Count, proposed);
    }

    [Fact]
    public async Task Needs_AsAStationWorker_ArePostedAsWorkerVisitsWithVerbalConsent_AndReimportChangesNothing()
    {
        var roster = await NeedRosterAsync(Jianping, 2);
        var client = await SignedInAsync("worker1");
        var worker1 = await UserAsync("worker1");
        var before = await CountAsync(db => db.Needs);

        var job = await ImportAsync(client, ImportKind.Needs, "走访登记.xlsx", roster.Xlsx());

        Assert.Equal((ImportStatus.Completed, 2, 0), (job.Status, job.Created, job.ErrorCount));
        Assert.Equal(before + 2, await CountAsync(db => db.Needs));
        var titles = roster.Column("标题").ToList();
        var needs = await QueryAsync(db => db.Needs.AsNoTracking().Where(n => titles.Contains(n.Title)).ToListAsync(Ct));
        Assert.Equal(2, needs.Count);
        var villages = (await VillagesAsync(Jianping)).Select(v => v.Code).ToList();
        Assert.All(needs, n =>
        {
            Assert.Equal(RequesterKind.WorkerVisit, n.Requester.Kind);
            Assert.Equal(worker1.Id, n.Requester.PostedById);
            Assert.Equal(ConsentMethod.VerbalRecordedByStaff, n.Consent.Method);
            Assert.Equal(NeedStatus.Submitted, n.Status);
            Assert.Equal("elderly.meal", n.ServiceItemCode);
            Assert.Equal([BeneficiaryGroup.ElderlyLivingAlone], n.BeneficiaryGroups);
            Assert.Contains(n.VillageCode, villages);
            Assert.Equal(Quantity.People(1), n.Quantity);
            Assert.True(n.WeeklySlots.Contains(DayOfWeek.Monday, DayPart.Morning));
        });
        var first = needs.Single(n => n.Title == titles[0]);
        Assert.Equal(roster.Rows[0]["服务对象姓名"], first.Requester.BeneficiaryName);
        Assert.Equal(roster.Rows[0]["联系电话"], first.Requester.ContactMobile?.Value);

        // Without 外部编号 a need is known by its title, village and beneficiary.
        var again = await ImportAsync(client, ImportKind.Needs, "走访登记.xlsx", roster.Xlsx());
        Assert.Equal(ImportStatus.Completed, again.Status);
        Assert.Equal((0, 0, 2), (again.Created, again.Updated, again.Unchanged));
        Assert.Equal(before + 2, await CountAsync(db => db.Needs));
    }

    [Fact]
    public async Task Needs_AsAVillageCommittee_AreRecordedOnBehalfInItsVillage()
    {
        var committee = await UserAsync("committee1");
        var village = (await VillagesAsync(Jianping)).Single(v => v.Code.Value == committee.RegionCode);
        var roster = (await NeedRosterAsync(Jianping, 2)).Set(0, "所属村(社区)", village.Name).Set(1, "所属村(社区)", village.Code.Value)
            .Set(1, "同意方式", "书面签字");
        var client = await SignedInAsync("committee1");

        var job = await ImportAsync(client, ImportKind.Needs, "代为登记.csv", roster.Csv(Encoding.UTF8));

        Assert.Equal((ImportStatus.Completed, 2, 0), (job.Status, job.Created, job.ErrorCount));
        var titles = roster.Column("标题").ToList();
        var needs = await QueryAsync(db => db.Needs.AsNoTracking().Where(n => titles.Contains(n.Title)).ToListAsync(Ct));
        Assert.Equal(2, needs.Count);
        Assert.All(needs, n =>
        {
            Assert.Equal(RequesterKind.CommitteeOnBehalf, n.Requester.Kind);
            Assert.Equal(committee.Id, n.Requester.PostedById);
            Assert.Equal(village.Code, n.VillageCode);
        });
        Assert.Equal(ConsentMethod.VerbalRecordedByStaff, needs.Single(n => n.Title == titles[0]).Consent.Method);
        Assert.Equal(ConsentMethod.WrittenSigned, needs.Single(n => n.Title == titles[1]).Consent.Method);
    }

    [Fact]
    public async Task Needs_AsAVillageCommittee_ForAnotherVillage_AreReportedNotMovedIntoItsOwn()
    {
        var committee = await UserAsync("committee1");
        var other = (await VillagesAsync(Jianping)).First(v => v.Code.Value != committee.RegionCode);
        var roster = (await NeedRosterAsync(Jianping, 2)).Set(0, "所属村(社区)", committee.RegionCode!).Set(1, "所属村(社区)", other.Code.Value);
        var client = await SignedInAsync("committee1");
        var before = await CountAsync(db => db.Needs);

        var job = await ImportAsync(client, ImportKind.Needs, "代为登记.xlsx", roster.Xlsx());

        await AssertInvalidAsync(client, job, (3, "所属村(社区)", $"“{other.Name}”不在您的管理范围内。"));
        Assert.Equal(before, await CountAsync(db => db.Needs));
    }

    [Fact]
    public async Task Needs_UnknownVillage_IsReportedNotPutInTheCommitteesOwnVillage()
    {
        var committee = await UserAsync("committee1");
        var roster = (await NeedRosterAsync(Jianping, 2)).Set(0, "所属村(社区)", "火星村").Set(1, "所属村(社区)", committee.RegionCode!);
        var client = await SignedInAsync("committee1");
        var before = await CountAsync(db => db.Needs);

        var job = await ImportAsync(client, ImportKind.Needs, "代为登记.xlsx", roster.Xlsx());

        await AssertInvalidAsync(client, job, (2, "所属村(社区)", "没有找到“火星村”，请填写正确的村（社区）名称或区划代码。"));
        Assert.Equal(before, await CountAsync(db => db.Needs));
    }

    [Fact]
    public async Task Needs_AsAStationWorker_ForAVillageOfAnotherStation_AreReported()
    {
        var shizi = (await VillagesAsync(Shizi))[0];
        var roster = (await NeedRosterAsync(Jianping, 2)).Set(1, "所属村(社区)", shizi.Code.Value);
        var client = await SignedInAsync("worker1");

        var job = await ImportAsync(client, ImportKind.Needs, "走访登记.xlsx", roster.Xlsx());

        await AssertInvalidAsync(client, job, (3, "所属村(社区)", $"“{shizi.Name}”不在您的管理范围内。"));
    }

    [Fact]
    public async Task Needs_ServiceNotInTheCatalogue_IsReportedOnceOnItsColumn()
    {
        var roster = (await NeedRosterAsync(Jianping, 2)).Set(1, "服务项目", "唱歌跳舞");
        var client = await SignedInAsync("worker1");

        var job = await ImportAsync(client, ImportKind.Needs, "走访登记.xlsx", roster.Xlsx());

        await AssertInvalidAsync(client, job, (3, "服务项目", "服务目录中没有“唱歌跳舞”。"));
    }

    [Fact]
    public async Task Needs_WithoutAConsentMethod_AreReportedOnTheConsentColumn()
    {
        var roster = (await NeedRosterAsync(Jianping, 2)).Set(0, "同意方式", "");
        var client = await SignedInAsync("worker1");

        var job = await ImportAsync(client, ImportKind.Needs, "走访登记.xlsx", roster.Xlsx());

        Assert.Equal(ImportStatus.Invalid, job.Status);
        var errors = await ErrorsShownAsync(client, job.Id);
        Assert.Contains(errors, e => e.Row == 2 && e.Column == "同意方式" && e.Message == "必填，不能为空。");
        Assert.All(errors, e => Assert.Equal(2, e.Row));
    }

    // --- who may import what --------------------------------------------------------------------

    [Theory]
    [InlineData("resident1")]
    [InlineData("volunteer1")]
    [InlineData("org1")]
    public async Task ImportsPage_PeopleWhoDoNotImport_AreSentToAccessDenied(string userName)
    {
        var client = await SignedInAsync(userName);

        var response = await client.GetAsync("/Imports", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/AccessDenied", response.Headers.Location?.ToString());
    }

    [Theory]
    [InlineData("worker1", new[] { "Volunteers", "Organisations", "Needs" })]
    [InlineData("committee1", new[] { "Needs" })]
    [InlineData("county", new[] { "Volunteers", "Organisations", "Funds", "MicroGrants" })]
    public async Task ImportsPage_OffersEachRoleOnlyTheKindsItMayImport(string userName, string[] kinds)
    {
        var client = await SignedInAsync(userName);

        var html = await client.GetStringAsync("/Imports", Ct);

        Assert.Equal(kinds, OfferedKinds().Matches(html).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task Upload_StationWorkerImportingFunds_IsRefusedAndNoJobIsCreated()
    {
        var client = await SignedInAsync("worker1");
        var jobs = await CountAsync(db => db.ImportJobs);
        var roster = new Roster("基金名称", "所属地区", "可资助服务", "基金总额(元)", "单笔上限(元)").Add(Unique.Name("越权基金"), "建平镇", "养老服务", "10000", "1000");

        var response = await UploadAsync(client, ImportKind.Funds, "基金.xlsx", roster.Xlsx());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("您的账号不能导入这类数据。", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(jobs, await CountAsync(db => db.ImportJobs));
        Assert.False(await QueryAsync(db => db.Funds.AnyAsync(f => f.Name == roster.Rows[0]["基金名称"], Ct)));
    }

    [Fact]
    public async Task Jobs_OfAnotherUser_AnswerNotFound()
    {
        var roster = (await VolunteerRosterAsync(2)).Set(0, "所属村(社区)", "火星村");
        var (job, _) = await ImportRefusedAsync(roster);
        var worker2 = await SignedInAsync("worker2");

        Assert.Equal(HttpStatusCode.NotFound, (await worker2.GetAsync($"/Imports/Details/{job.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker2.GetAsync($"/Imports/Status/{job.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker2.GetAsync($"/Imports/Errors/{job.Id}", Ct)).StatusCode);
        var resume = await worker2.PostFormAsync($"/Imports/ImportValidRows/{job.Id}", "/Imports");
        Assert.Equal(HttpStatusCode.NotFound, resume.StatusCode);
        Assert.DoesNotContain(job.Id.ToString(), await worker2.GetStringAsync("/Imports", Ct));

        var stillInvalid = await WaitAsync(await SignedInAsync("worker1"), job.Id);
        Assert.Equal(ImportStatus.Invalid, stillInvalid.Status);
        Assert.Equal(0, stillInvalid.Created);
    }

    // --- the JSON API ---------------------------------------------------------------------------

    [Fact]
    public async Task Api_UploadWithABearerToken_Answers202WithALocationToFollowUntilCompleted()
    {
        var api = await ApiClientAsync("worker1");
        var roster = await VolunteerRosterAsync(2);

        var response = await api.PostAsync("/api/v1/imports/Volunteers", Multipart("名册.xlsx", roster.Xlsx(), validRowsOnly: false), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<ImportStatusDto>(Json, Ct))!;
        Assert.Equal(ImportKind.Volunteers, accepted.Kind);
        var location = response.Headers.Location!;
        Assert.EndsWith($"/api/v1/imports/{accepted.Id}", location.ToString());

        var done = await WaitAsync(api, location.ToString());
        Assert.Equal(ImportStatus.Completed, done.Status);
        Assert.Equal((2, 2, 0), (done.TotalRows, done.Created, done.ErrorCount));
        Assert.Equal(2, (await VolunteersNamedAsync(roster.Column("姓名"))).Count);
    }

    [Fact]
    public async Task Api_RowsWithErrors_AreListedAndImportValidRowsWritesTheOthers()
    {
        var api = await ApiClientAsync("worker1");
        var roster = (await VolunteerRosterAsync(3)).Set(2, "身份证号", Unique.IdNumberWithWrongCheck());

        var response = await api.PostAsync("/api/v1/imports/Volunteers", Multipart("名册.csv", roster.Csv(Encoding.UTF8), validRowsOnly: false), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var checkedJob = await WaitAsync(api, response.Headers.Location!.ToString());

        Assert.Equal(ImportStatus.Invalid, checkedJob.Status);
        Assert.Equal([new ImportError(4, "身份证号", "身份证号校验位不正确，请核对。")], checkedJob.Errors);
        Assert.Empty(await VolunteersNamedAsync(roster.Column("姓名")));

        var resumed = await api.PostAsync($"/api/v1/imports/{checkedJob.Id}/import-valid-rows", null, Ct);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var done = await WaitAsync(api, $"/api/v1/imports/{checkedJob.Id}");
        Assert.Equal((ImportStatus.Completed, 2), (done.Status, done.Created));
        Assert.Equal(2, (await VolunteersNamedAsync(roster.Column("姓名"))).Count);
    }

    [Theory]
    [InlineData("名册.docx", 100, "只支持 .xlsx、.csv 和 .json 文件。")]
    [InlineData("名册.xlsx", 0, "文件是空的（0 字节），请检查后重新上传。")]
    public async Task Api_BadFile_Answers400ProblemDetailsInChineseAndCreatesNoJob(string fileName, int size, string message)
    {
        var api = await ApiClientAsync("worker1");
        var jobs = await CountAsync(db => db.ImportJobs);

        var response = await api.PostAsync("/api/v1/imports/Volunteers", Multipart(fileName, new byte[size], validRowsOnly: false), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(message, problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(jobs, await CountAsync(db => db.ImportJobs));
    }

    [Fact]
    public async Task Api_UploadOf50Megabytes_Answers413AndCreatesNoJob()
    {
        var api = await ApiClientAsync("worker1");
        var jobs = await CountAsync(db => db.ImportJobs);

        var response = await api.PostAsync("/api/v1/imports/Volunteers", Multipart("名册.csv", new byte[50 * 1024 * 1024], validRowsOnly: false), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
        Assert.Equal(jobs, await CountAsync(db => db.ImportJobs));
    }

    [Fact]
    public async Task Api_JobOfAnotherUser_Answers404()
    {
        var mine = await ApiClientAsync("worker1");
        var response = await mine.PostAsync("/api/v1/imports/Volunteers", Multipart("名册.xlsx", (await VolunteerRosterAsync(1)).Xlsx(), false), Ct);
        var id = (await response.Content.ReadFromJsonAsync<ImportStatusDto>(Json, Ct))!.Id;
        await WaitAsync(mine, $"/api/v1/imports/{id}");

        var theirs = await ApiClientAsync("worker2");
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"/api/v1/imports/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.PostAsync($"/api/v1/imports/{id}/import-valid-rows", null, Ct)).StatusCode);
    }

    // --- templates ------------------------------------------------------------------------------

    [Theory]
    [InlineData(ImportKind.Volunteers, TableFormat.Xlsx)]
    [InlineData(ImportKind.Organisations, TableFormat.Csv)]
    [InlineData(ImportKind.Funds, TableFormat.Json)]
    [InlineData(ImportKind.MicroGrants, TableFormat.Xlsx)]
    [InlineData(ImportKind.Needs, TableFormat.Csv)]
    public async Task Template_HasEveryColumnHeaderAndOneExampleRow(ImportKind kind, TableFormat format)
    {
        var client = await SignedInAsync("county");

        var response = await client.GetAsync($"/Imports/Template?kind={kind}&format={format}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var extension = format.ToString().ToLowerInvariant();
        var table = TableFile.Read(await response.Content.ReadAsByteArrayAsync(Ct), "template." + extension);
        var columns = ImportColumns.For(kind);
        Assert.Equal(columns.Select(c => c.Header), table.Headers);
        var example = Assert.Single(table.Rows);
        foreach (var column in columns.Where(c => c.Example.Length > 0)) Assert.Equal(column.Example, example.Cells[column.Header]);
    }

    // --- exports --------------------------------------------------------------------------------

    [Fact]
    public async Task ExportNeeds_FilteredXlsx_HoldsExactlyTheFilteredRowsOfTheScopeWithMaskedPhones()
    {
        var client = await SignedInAsync("worker1");
        var villages = (await VillagesAsync(Jianping)).Select(v => v.Code).ToHashSet();
        var expected = (await QueryAsync(db => db.Needs.AsNoTracking().Where(n => n.Status == NeedStatus.Matching).ToListAsync(Ct)))
            .Where(n => villages.Contains(n.VillageCode)).ToDictionary(n => n.Id);
        Assert.NotEmpty(expected);

        var response = await client.GetAsync("/Exports/Needs?Status=Matching&format=Xlsx", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        var table = TableFile.Read(await response.Content.ReadAsByteArrayAsync(Ct), "export.xlsx");
        Assert.Equal(["编号", "标题", "状态", "紧急程度", "服务领域", "服务项目", "服务对象类别", "乡镇（街道）", "村（社区）", "服务对象", "联系电话", "数量", "来源", "提交时间", "更新时间"], table.Headers);
        var ids = table.Rows.Select(r => long.Parse(r.Cells["编号"])).ToList();
        Assert.Equal(expected.Keys.Order(), ids.Order());
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(table.Rows, r => Assert.Equal("匹配中", r.Cells["状态"]));
        Assert.All(table.Rows, r => Assert.Equal("建平镇", r.Cells["乡镇（街道）"]));
        foreach (var row in table.Rows)
        {
            var need = expected[long.Parse(row.Cells["编号"])];
            Assert.Equal(need.Title, row.Cells["标题"]);
            Assert.Equal(need.Requester.ContactMobile?.Masked, row.Cells.GetValueOrDefault("联系电话"));
        }
        var phones = table.Rows.Where(r => r.Cells.ContainsKey("联系电话")).Select(r => r.Cells["联系电话"]).ToList();
        Assert.NotEmpty(phones);
        Assert.All(phones, p => Assert.Matches("^1[3-9][0-9]\\*{4}[0-9]{4}$", p));
    }

    [Fact]
    public async Task ExportNeeds_Csv_StartsWithAUtf8BomAndHoldsTheSameRows()
    {
        var client = await SignedInAsync("worker1");
        var xlsx = TableFile.Read(await client.GetByteArrayAsync("/Exports/Needs?Status=Matching&format=Xlsx", Ct), "export.xlsx");

        var response = await client.GetAsync("/Exports/Needs?Status=Matching&format=Csv", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var csv = TableFile.Read(bytes, "export.csv");
        Assert.Equal(xlsx.Headers, csv.Headers);
        Assert.Equal(xlsx.Rows.Select(r => r.Cells["编号"]), csv.Rows.Select(r => r.Cells["编号"]));
        Assert.Equal(xlsx.Rows.Select(r => r.Cells.GetValueOrDefault("联系电话")), csv.Rows.Select(r => r.Cells.GetValueOrDefault("联系电话")));
    }

    [Fact]
    public async Task ExportResources_VolunteersCsv_HoldsExactlyTheVolunteersOfTheStationWithMaskedContacts()
    {
        var client = await SignedInAsync("worker1");
        var township = DivisionCode.Parse(Jianping);
        var expected = (await QueryAsync(db => db.Volunteers.AsNoTracking().ToListAsync(Ct)))
            .Where(v => v.HomeRegionCode.IsWithin(township)).ToDictionary(v => v.Id);

        var response = await client.GetAsync("/Exports/Resources?Kind=Volunteer&format=Csv", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var table = TableFile.Read(bytes, "export.csv");
        Assert.Equal(["编号", "类别", "名称", "状态", "所在地", "服务", "联系方式", "概况", "登记时间"], table.Headers);
        Assert.Equal(expected.Keys.Order(), table.Rows.Select(r => long.Parse(r.Cells["编号"])).Order());
        Assert.All(table.Rows, r => Assert.Equal("志愿者", r.Cells["类别"]));
        foreach (var row in table.Rows)
        {
            var volunteer = expected[long.Parse(row.Cells["编号"])];
            Assert.Equal(volunteer.Name, row.Cells["名称"]);
            Assert.Equal(volunteer.Mobile.Masked, row.Cells["联系方式"]);
        }
    }

    [Fact]
    public async Task Exports_AreRefusedToResidents()
    {
        var client = await SignedInAsync("resident1");

        var response = await client.GetAsync("/Exports/Needs?format=Xlsx", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/AccessDenied", response.Headers.Location?.ToString());
    }

    // --- command line ---------------------------------------------------------------------------

    [Fact]
    public async Task CommandLine_ValidRosterAsWorker1_ExitsZeroAndWritesTheRows()
    {
        var roster = await VolunteerRosterAsync(3);

        var (exitCode, output) = await RunImportCommandAsync(roster.Xlsx(), "志愿者名册.xlsx", "--as", "worker1");

        Assert.True(exitCode == 0, output);
        Assert.Contains("已完成：共 3 行，有效 3 行；新增 3，更新 0，无变化 0，错误 0。", output);
        var created = await VolunteersNamedAsync(roster.Column("姓名"));
        Assert.Equal(3, created.Count);
        Assert.All(created, v => Assert.Equal(ApprovalStatus.Active, v.Status));
    }

    [Fact]
    public async Task CommandLine_RosterWithErrors_ExitsTwoAndWritesNothing()
    {
        var roster = (await VolunteerRosterAsync(3)).Set(1, "身份证号", Unique.IdNumberWithWrongCheck());
        var before = await CountAsync(db => db.Volunteers);

        var (exitCode, output) = await RunImportCommandAsync(roster.Xlsx(), "志愿者名册.xlsx", "--as", "worker1");

        Assert.True(exitCode == 2, output);
        Assert.Contains("第 3 行「身份证号」：身份证号校验位不正确，请核对。", output);
        Assert.Equal(before, await CountAsync(db => db.Volunteers));
        Assert.Empty(await VolunteersNamedAsync(roster.Column("姓名")));
    }

    // --- helpers: files -------------------------------------------------------------------------

    /// Valid volunteers in villages of 建平镇, with the canonical headers.
    private async Task<Roster> VolunteerRosterAsync(int count)
    {
        var villages = await VillagesAsync(Jianping);
        var roster = new Roster(VolunteerHeaders);
        for (var i = 0; i < count; i++)
            roster.Add(Unique.Name("志愿者"), Unique.Mobile(), villages[i % villages.Count].Code.Value, "养老服务、四点半课堂", "烹饪、驾驶", "周六上午", Unique.IdNumber(), "");
        return roster;
    }

    private static Roster MicroGrantRoster(string owner, int count)
    {
        var roster = new Roster("项目名称", "承接组织", "所属地区", "服务内容", "服务人群", "项目区域", "开始日期", "结束日期", "名额", "预算(元)");
        for (var i = 0; i < count; i++)
            roster.Add(Unique.Name("留守儿童四点半课堂公益创投项目"), owner, "建平镇", "四点半课堂", "留守儿童", "建平镇", "2026-03-01", "2026/12/31", "40", "50000");
        return roster;
    }

    /// Visit registers for villages of a township, with verbal consent.
    private async Task<Roster> NeedRosterAsync(string township, int count)
    {
        var villages = await VillagesAsync(township);
        var roster = new Roster("标题", "需求描述", "服务项目", "服务对象类别", "紧急程度", "所属村(社区)", "详细地址", "每周时段", "数量", "单位", "服务对象姓名", "联系电话", "同意方式");
        for (var i = 0; i < count; i++)
            roster.Add(Unique.Name("独居老人助餐"), "老人今年八十二岁，独自居住，希望每天中午有人送饭。", "助餐服务", "独居困难老人", "一般",
                villages[i % villages.Count].Code.Value, $"{i + 1}组12号", "周一上午、周三上午", "1", "人", Unique.Name("王秀英"), Unique.Mobile(), "口头");
        return roster;
    }

    private static MultipartFormDataContent Multipart(string fileName, byte[] content, bool validRowsOnly)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(validRowsOnly ? "true" : "false"), "validRowsOnly");
        return form;
    }

    // --- helpers: the site ----------------------------------------------------------------------

    private async Task<HttpClient> SignedInAsync(string userName)
    {
        var client = Site.NewClient();
        await client.LoginOrFailAsync(userName);
        return client;
    }

    private async Task<HttpClient> ApiClientAsync(string userName)
    {
        var client = Site.NewClient();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = ClientExtensions.DemoPassword }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// The upload form as a browser posts it: the antiforgery token from /Imports, kind, the file.
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, ImportKind kind, string fileName, byte[] content, bool validRowsOnly = false)
    {
        var token = await client.FormTokenAsync("/Imports");
        using var form = Multipart(fileName, content, validRowsOnly);
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent(kind.ToString()), "kind");
        return await client.PostAsync("/Imports", form, Ct);
    }

    /// Uploads, lands on the progress page, and follows the job until it is finished.
    private static async Task<ImportStatusDto> ImportAsync(HttpClient client, ImportKind kind, string fileName, byte[] content, bool validRowsOnly = false)
    {
        var response = await UploadAsync(client, kind, fileName, content, validRowsOnly);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"upload refused: {(int)response.StatusCode} {Regex.Match(await response.Content.ReadAsStringAsync(Ct), "alert-danger[^>]*>(.*?)</div>", RegexOptions.Singleline).Groups[1].Value}");
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Imports/Details/", location);
        var id = Guid.Parse(location["/Imports/Details/".Length..]);
        return await WaitAsync(client, id);
    }

    private static Task<ImportStatusDto> WaitAsync(HttpClient client, Guid id) => WaitAsync(client, $"/Imports/Status/{id}");

    /// Polls a job's status (the page's JSON or the API) until it is finished.
    private static async Task<ImportStatusDto> WaitAsync(HttpClient client, string statusUrl)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync(statusUrl, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var status = (await response.Content.ReadFromJsonAsync<ImportStatusDto>(Json, Ct))!;
            if (status.Finished) return status;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"import still {status.Status} after {clock.Elapsed}");
            await Task.Delay(100, Ct);
        }
    }

    /// Uploads as worker1 a volunteer roster that must be refused.
    private async Task<(ImportStatusDto Job, HttpClient Client)> ImportRefusedAsync(Roster roster)
    {
        var client = await SignedInAsync("worker1");
        var before = await CountAsync(db => db.Volunteers);
        var job = await ImportAsync(client, ImportKind.Volunteers, "名册.xlsx", roster.Xlsx());
        Assert.Equal(before, await CountAsync(db => db.Volunteers));
        Assert.Empty(await VolunteersNamedAsync(roster.Column("姓名")));
        return (job, client);
    }

    /// A volunteer roster with bad rows: checked, the errors shown, and no volunteer written.
    private async Task AssertRefusedAsync(Roster roster, params (int Row, string Column, string Message)[] expected)
    {
        var (job, client) = await ImportRefusedAsync(roster);
        await AssertInvalidAsync(client, job, expected);
    }

    private static async Task AssertInvalidAsync(HttpClient client, ImportStatusDto job, params (int Row, string Column, string Message)[] expected)
    {
        Assert.Equal(ImportStatus.Invalid, job.Status);
        Assert.Equal((0, 0, 0), (job.Created, job.Updated, job.Unchanged));
        Assert.Equal(expected.Select(e => new ShownError(e.Row, e.Column, e.Message)), await ErrorsShownAsync(client, job.Id));
        Assert.Equal(expected.Length, job.ErrorCount);
        var details = await client.GetStringAsync($"/Imports/Details/{job.Id}", Ct);
        Assert.Equal("有错误，未导入", Shown(details, "import-status"));
        Assert.Equal($"共 {expected.Length} 处错误，未导入任何数据。", Shown(details, "import-message"));
    }

    private sealed record ShownError(int Row, string Column, string Message);

    [GeneratedRegex("<tr><td>(?<row>[0-9]+)</td><td class=\"text-nowrap\">(?<column>.*?)</td><td>(?<message>.*?)</td></tr>", RegexOptions.Singleline)]
    private static partial Regex ErrorRow();

    [GeneratedRegex("<option value=\"([A-Za-z]+)\">")]
    private static partial Regex OfferedKinds();

    /// The error table of the progress page, as the user reads it.
    private static async Task<List<ShownError>> ErrorsShownAsync(HttpClient client, Guid id)
    {
        var html = await client.GetStringAsync($"/Imports/Details/{id}", Ct);
        var start = html.IndexOf("data-testid=\"import-error-table\"", StringComparison.Ordinal);
        if (start < 0) return [];
        var table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        return ErrorRow().Matches(table).Select(m => new ShownError(int.Parse(m.Groups["row"].Value),
            WebUtility.HtmlDecode(m.Groups["column"].Value), WebUtility.HtmlDecode(m.Groups["message"].Value))).ToList();
    }

    /// The text of the element with this data-testid.
    private static string Shown(string html, string testId)
    {
        var match = Regex.Match(html, $"data-testid=\"{testId}\"[^>]*>(.*?)</", RegexOptions.Singleline);
        Assert.True(match.Success, $"no {testId} on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    /// `dotnet FiveSocieties.Web.dll import …` against this fixture's database, as an operator runs it.
    private async Task<(int ExitCode, string Output)> RunImportCommandAsync(byte[] content, string fileName, params string[] arguments)
    {
        var directory = Directory.CreateTempSubdirectory("fivesocieties-import-");
        try
        {
            var file = Path.Combine(directory.FullName, fileName);
            await File.WriteAllBytesAsync(file, content, Ct);
            var configuration = Site.Services.GetRequiredService<IConfiguration>();
            var (exitCode, output, errors) = await SiteExecutable.RunAsync(
                [new("Database__Provider", configuration["Database:Provider"]), new("ConnectionStrings__FiveSocieties", configuration["ConnectionStrings:FiveSocieties"])],
                ["import", "--kind", "volunteers", "--file", file, .. arguments]);
            return (exitCode, output + errors);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // --- helpers: the database ------------------------------------------------------------------

    private async Task<T> QueryAsync<T>(Func<FiveSocietiesDbContext, Task<T>> query)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>());
    }

    private Task<int> CountAsync<T>(Func<FiveSocietiesDbContext, IQueryable<T>> set) => QueryAsync(db => set(db).CountAsync(Ct));

    private Task<AppUser> UserAsync(string userName) =>
        QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName, Ct));

    private Task<List<Volunteer>> VolunteersNamedAsync(IEnumerable<string> names)
    {
        var list = names.ToList();
        return QueryAsync(db => db.Volunteers.AsNoTracking().Where(v => list.Contains(v.Name)).ToListAsync(Ct));
    }

    /// The villages of a township, in code order.
    private async Task<List<Region>> VillagesAsync(string township)
    {
        var code = DivisionCode.Parse(township);
        var villages = await QueryAsync(db => db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToListAsync(Ct));
        var within = villages.Where(v => v.ParentCode == code).OrderBy(v => v.Code).ToList();
        Assert.True(within.Count >= 3, $"{township} has villages");
        return within;
    }

    /// A village of the township whose name no other village of the county has.
    private async Task<Region> UniquelyNamedVillageAsync(string township)
    {
        var all = await QueryAsync(db => db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).ToListAsync(Ct));
        var code = DivisionCode.Parse(township);
        return all.Where(v => v.ParentCode == code).OrderBy(v => v.Code).Skip(2).First(v => all.Count(o => o.Name == v.Name) == 1);
    }

    /// "建平镇东夏村": the township's name and the village's.
    private async Task<string> ShortPathAsync(Region village)
    {
        var regions = await QueryAsync(db => db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Township).ToListAsync(Ct));
        return regions.Single(r => r.Code == village.ParentCode).Name + village.Name;
    }

    /// An organisation registered in 建平镇.
    private async Task<SocialOrganisation> JianpingOrganisationAsync()
    {
        var township = DivisionCode.Parse(Jianping);
        var organisations = await QueryAsync(db => db.Organisations.AsNoTracking().Where(o => o.Status == ApprovalStatus.Active).ToListAsync(Ct));
        return organisations.Where(o => o.HomeRegionCode.IsWithin(township)).OrderBy(o => o.Id)
            .First(o => organisations.Count(other => other.Name == o.Name) == 1);
    }
}

public sealed class SqliteImportTests(SqliteSite fixture) : ImportSuite<SqliteSite>(fixture), IClassFixture<SqliteSite>;

public sealed class PostgresImportTests(PostgresSite fixture) : ImportSuite<PostgresSite>(fixture), IClassFixture<PostgresSite>;
