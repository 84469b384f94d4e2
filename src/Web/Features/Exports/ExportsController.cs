using FiveSocieties.Infrastructure.Files;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Resources;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Exports;

/// 需求清单 and 资源清单 as spreadsheets: exactly the rows of the list with its current filters
/// (and scope), phone numbers masked as in the list.
[Authorize(Roles = $"{AppRoles.CommitteeStaff},{AppRoles.StationWorker},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}")]
public sealed class ExportsController(ScopeAccessor scopes, RegionDirectory regions, NeedPages pages, TimeProvider clock, IStringLocalizer<SharedResource> l)
    : Controller
{
    [HttpGet]
    public async Task<IActionResult> Needs([FromQuery] NeedFilter filter, [FromQuery(Name = "format")] string? formatName, [FromServices] NeedList list, CancellationToken ct)
    {
        if (FileFormats.Parse(formatName, Exportable) is not { } format) return FileFormats.Refuse(this, formatName, Exportable);
        // A filter it could not read (an unknown status, a date in the year 9999) must not widen the file to every row.
        if (!ModelState.IsValid) return BadRequest();
        var rows = await list.AllAsync(await scopes.GetAsync(ct), filter.Normalised(), ct);
        var tree = await regions.GetAsync(ct);
        var catalogue = (await pages.CatalogueAsync(ct)).ToDictionary(c => c.Code);
        string[] headers = ["编号", "标题", "状态", "紧急程度", "服务领域", "服务项目", "服务对象类别", "乡镇（街道）", "村（社区）", "服务对象", "联系电话", "数量", "来源", "提交时间", "更新时间"];
        var table = rows.Select(r => (IReadOnlyList<string>)
        [
            r.Id.ToString(), r.Title, l[Labels.Of(r.Status)], l[Labels.Of(r.Urgency)],
            catalogue.TryGetValue(r.ServiceItemCode, out var item) ? item.AreaName : "", item?.Name ?? r.ServiceItemCode,
            string.Join("、", r.Groups.Select(g => l[Labels.Of(g)].Value)),
            r.VillageCode.Parent is { } township ? tree.Name(township) : "", tree.Name(r.VillageCode),
            r.BeneficiaryName, r.ContactMobile?.Masked ?? "", r.Quantity.ToString(), l[Labels.Of(r.RequesterKind)],
            Local(r.CreatedAt), Local(r.UpdatedAt),
        ]);
        return File(Write(format, headers, table, "需求清单"), TableWriter.ContentType(format), FileName("需求清单", format));
    }

    [HttpGet]
    public async Task<IActionResult> Resources([FromQuery] ResourceFilter filter, [FromQuery(Name = "format")] string? formatName, [FromServices] ResourceList list, CancellationToken ct)
    {
        if (FileFormats.Parse(formatName, Exportable) is not { } format) return FileFormats.Refuse(this, formatName, Exportable);
        // A filter it could not read (an unknown status, a date in the year 9999) must not widen the file to every row.
        if (!ModelState.IsValid) return BadRequest();
        var rows = await list.AllAsync(await scopes.GetAsync(ct), filter.Normalised(), ct);
        var tree = await regions.GetAsync(ct);
        var names = NeedPages.ServiceNames(await pages.CatalogueAsync(ct));
        string[] headers = ["编号", "类别", "名称", "状态", "所在地", "服务", "联系方式", "概况", "登记时间"];
        var table = rows.Select(r => (IReadOnlyList<string>)
        [
            r.Id.ToString(), l[Labels.Of(r.Kind)], r.Name, l[Labels.Of(r.Status)], tree.ShortPath(r.HomeRegion),
            string.Join("、", r.ServiceCodes.Select(c => names.GetValueOrDefault(c, c))), r.MaskedContact ?? "", r.Summary, Local(r.CreatedAt),
        ]);
        var title = $"资源清单-{l[Labels.Of(filter.Kind)]}";
        return File(Write(format, headers, table, title), TableWriter.ContentType(format), FileName(title, format));
    }

    private static readonly TableFormat[] Exportable = [TableFormat.Xlsx, TableFormat.Csv];

    private byte[] Write(TableFormat format, string[] headers, IEnumerable<IReadOnlyList<string>> rows, string sheet)
    {
        using var output = new MemoryStream();
        TableWriter.Write(output, format, headers.Select(h => l[h].Value).ToList(), rows, sheet);
        return output.ToArray();
    }

    private static string Local(DateTimeOffset at) => ChinaTime.ToChina(at).ToString("yyyy-MM-dd HH:mm");

    private string FileName(string title, TableFormat format) =>
        $"{title}-{ChinaTime.ToChina(clock.GetUtcNow()):yyyyMMdd-HHmm}.{(format == TableFormat.Csv ? "csv" : "xlsx")}";
}

/// A file format asked for in a query string (format=Xlsx): by its name only, in any case. A number
/// (format=7) or another name is a mistake to answer with 400, not a reason to fall back to Excel.
public static class FileFormats
{
    public static TableFormat? Parse(string? name, IReadOnlyList<TableFormat> accepted)
    {
        foreach (var format in accepted)
            if (string.Equals(format.ToString(), name?.Trim(), StringComparison.OrdinalIgnoreCase)) return format;
        return null;
    }

    /// 400 with a page that says which formats there are.
    public static ViewResult Refuse(Controller controller, string? name, IReadOnlyList<TableFormat> accepted)
    {
        controller.Response.StatusCode = StatusCodes.Status400BadRequest;
        return controller.View("WrongFormat", new WrongFormatModel(name, accepted.Select(f => f.ToString()).ToList()));
    }
}

public sealed record WrongFormatModel(string? Given, IReadOnlyList<string> Accepted);
