using System.ComponentModel.DataAnnotations;
using FiveSocieties.Infrastructure.Files;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Imports;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Web.Features.Exports;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FiveSocieties.Web.Features.Imports;

/// The upload form (with what was chosen, when it comes back with an error) and the recent jobs.
public sealed record ImportsModel(IReadOnlyList<ImportKind> Kinds, IReadOnlyList<ImportJobSummary> Recent,
    ImportKind? Kind = null, bool ValidRowsOnly = false);

public sealed record ImportStatusDto(Guid Id, ImportKind Kind, string FileName, ImportStatus Status, int Percent, int TotalRows,
    int ValidRows, int ProcessedRows, int Created, int Updated, int Unchanged, int ErrorCount, string? Message, bool Finished,
    IReadOnlyList<ImportError> Errors)
{
    public static ImportStatusDto Of(ImportJob job, int maxErrors = 200) => Of(job.Summarise(), job.Errors.Take(maxErrors).ToList());

    public static ImportStatusDto Of(ImportJobSummary job, IReadOnlyList<ImportError> errors) => new(job.Id, job.Kind, job.FileName, job.Status,
        job.Percent, job.TotalRows, job.ValidRows, job.ProcessedRows, job.Created, job.Updated, job.Unchanged, job.ErrorCount, job.Message,
        job.IsFinished, errors);
}

/// 批量导入: uploading rosters (xlsx, csv, json), following their progress, and reading the
/// errors row by row. The checks are the same as the forms'.
[Authorize(Roles = Importers)]
public sealed class ImportsController(ImportJobs imports, ScopeAccessor scopes, IStringLocalizer<SharedResource> l) : Controller
{
    public const string Importers = $"{AppRoles.StationWorker},{AppRoles.CommitteeStaff},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}";
    internal const long UploadLimit = TableFile.MaxBytes + 2 * 1024 * 1024; // room for the form around a 10 MB file

    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new ImportsModel(ImportJobs.KindsFor(scopes.User), await imports.RecentAsync(scopes.User, ct)));

    [HttpPost]
    [RefuseOversizedUpload, RequestSizeLimit(UploadLimit), RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
    public async Task<IActionResult> Index(ImportKind kind, IFormFile? file, bool validRowsOnly, CancellationToken ct)
    {
        var started = await imports.StartAsync(scopes.User, kind, file, validRowsOnly, ct);
        if (started.Succeeded) return RedirectToAction(nameof(Details), new { id = started.Value!.Id });
        started.Errors.CopyTo(ModelState, l);
        return View(new ImportsModel(ImportJobs.KindsFor(scopes.User), await imports.RecentAsync(scopes.User, ct), kind, validRowsOnly));
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken ct) =>
        await imports.FindAsync(scopes.User, id, ct) is { } job ? View(job) : NotFound();

    /// Polled by the progress page.
    [HttpGet]
    public async Task<IActionResult> Status(Guid id, CancellationToken ct) =>
        await imports.SummaryAsync(scopes.User, id, ct) is { } job ? Json(ImportStatusDto.Of(job, [])) : NotFound();

    [HttpPost]
    public async Task<IActionResult> ImportValidRows(Guid id, CancellationToken ct)
    {
        var resumed = await imports.ImportValidRowsAsync(scopes.User, id, ct);
        if (resumed.IsNotFound) return NotFound();
        if (!resumed.Succeeded) TempData["Flash"] = string.Join(" ", resumed.Errors.ByField(l).SelectMany(e => e.Value));
        return RedirectToAction(nameof(Details), new { id });
    }

    /// Every error of the job as a spreadsheet the user can fix rows from.
    [HttpGet]
    public async Task<IActionResult> Errors(Guid id, CancellationToken ct)
    {
        if (await imports.FindAsync(scopes.User, id, ct) is not { } job) return NotFound();
        var output = new MemoryStream();
        TableWriter.Write(output, TableFormat.Xlsx, [l["行号"], l["列"], l["问题"]],
            job.Errors.Select(e => (IReadOnlyList<string>)[e.Row.ToString(), e.Column, e.Message]), "错误");
        return File(output.ToArray(), TableWriter.ContentType(TableFormat.Xlsx), $"导入错误-{job.FileName}.xlsx");
    }

    private static readonly TableFormat[] TemplateFormats = [TableFormat.Xlsx, TableFormat.Csv, TableFormat.Json];

    /// An empty roster with the right headers and one example row (Excel unless another format is named).
    [HttpGet]
    public IActionResult Template(ImportKind kind, [FromQuery(Name = "format")] string? formatName)
    {
        if (FileFormats.Parse(formatName ?? nameof(TableFormat.Xlsx), TemplateFormats) is not { } format)
            return FileFormats.Refuse(this, formatName, TemplateFormats);
        var columns = ImportColumns.For(kind);
        var output = new MemoryStream();
        if (format == TableFormat.Json)
        {
            System.Text.Json.JsonSerializer.Serialize(output, new[] { columns.ToDictionary(c => c.Header, c => c.Example) },
                new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            return File(output.ToArray(), "application/json", $"{ImportJobs.Name(kind)}导入模板.json");
        }
        TableWriter.Write(output, format, columns.Select(c => c.Header).ToList(), [columns.Select(c => c.Example).ToList()], ImportJobs.Name(kind));
        return File(output.ToArray(), TableWriter.ContentType(format), $"{ImportJobs.Name(kind)}导入模板.{(format == TableFormat.Csv ? "csv" : "xlsx")}");
    }
}

/// Answers 413 (文件过大) to an upload over the limit before anything else reads the body: the
/// antiforgery check, which runs next, would stop at the size limit and answer a bare 400. A
/// declared length is refused unread; an upload sent without one (chunked) is read here, up to
/// the limit and no further (files over 64 KB are buffered on disk, not in memory).
public sealed class RefuseOversizedUploadAttribute : Attribute, Microsoft.AspNetCore.Mvc.Filters.IAsyncAuthorizationFilter, Microsoft.AspNetCore.Mvc.Filters.IOrderedFilter
{
    public int Order => int.MinValue;

    public async Task OnAuthorizationAsync(Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (request.ContentLength > ImportsController.UploadLimit)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
            return;
        }
        if (request.ContentLength is not null || !request.HasFormContentType) return;
        if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = ImportsController.UploadLimit;
        try
        {
            await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = ImportsController.UploadLimit },
                context.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
        }
    }
}

/// Creating and reading import jobs for a user: which kinds they may import, the upload checks,
/// and only their own jobs (an administrator sees all).
public sealed class ImportJobs(FiveSocietiesDbContext db, ImportRunner runner, TimeProvider clock)
{
    /// What each role may import: the one rule the form, the API and the background processor check.
    public static IReadOnlyList<ImportKind> KindsFor(UserContext user) => user.Role switch
    {
        AppRoles.StationWorker => [ImportKind.Volunteers, ImportKind.Organisations, ImportKind.Needs],
        AppRoles.CommitteeStaff => [ImportKind.Needs],
        AppRoles.CountyAdmin => [ImportKind.Volunteers, ImportKind.Organisations, ImportKind.Funds, ImportKind.MicroGrants],
        AppRoles.SystemAdmin => [ImportKind.Volunteers, ImportKind.Organisations, ImportKind.Funds, ImportKind.MicroGrants],
        _ => [],
    };

    public static string Name(ImportKind kind) => kind switch
    {
        ImportKind.Volunteers => "志愿者",
        ImportKind.Organisations => "社会组织",
        ImportKind.Funds => "慈善基金",
        ImportKind.MicroGrants => "微创投项目",
        _ => "需求",
    };

    public async Task<Outcome<ImportJob>> StartAsync(UserContext user, ImportKind kind, IFormFile? file, bool validRowsOnly, CancellationToken ct)
    {
        if (!KindsFor(user).Contains(kind)) return Outcome<ImportJob>.Invalid("kind", "您的账号不能导入这类数据。");
        if (file is null) return Outcome<ImportJob>.Invalid("file", "请选择要导入的文件。");
        if (file.Length == 0) return Outcome<ImportJob>.Invalid("file", "文件是空的（0 字节），请检查后重新上传。");
        if (file.Length > TableFile.MaxBytes)
            return Outcome<ImportJob>.Invalid("file", "文件超过 {0} MB 上限，请拆分后分批导入。", TableFile.MaxBytes / 1024 / 1024);
        try
        {
            TableFile.FormatOf(file.FileName);
        }
        catch (TableFileException e)
        {
            return Outcome<ImportJob>.Invalid("file", e.Message);
        }
        using var content = new MemoryStream();
        await file.CopyToAsync(content, ct);
        var job = new ImportJob(Guid.NewGuid(), kind, file.FileName, content.ToArray(), validRowsOnly, user.Id, user.Name, user.Role!,
            user.Region?.Value, user.StationId, user.OrganisationId, clock.GetUtcNow());
        return await QueueAsync(job, ct);
    }

    /// For the command line: the file is read from disk, the rest as an upload.
    public Task<Outcome<ImportJob>> StartAsync(UserContext user, ImportKind kind, string fileName, byte[] content, bool validRowsOnly, CancellationToken ct) =>
        QueueAsync(new ImportJob(Guid.NewGuid(), kind, fileName, content, validRowsOnly, user.Id, user.Name, user.Role!,
            user.Region?.Value, user.StationId, user.OrganisationId, clock.GetUtcNow()), ct, enqueue: false);

    public async Task<Outcome<ImportJob>> ImportValidRowsAsync(UserContext user, Guid id, CancellationToken ct)
    {
        var job = await FindAsync(user, id, ct, tracked: true);
        if (job is null) return Outcome<ImportJob>.NotFound();
        if (job.Status != ImportStatus.Invalid) return Outcome<ImportJob>.Invalid("", "只有检查出错误、尚未导入的任务可以选择仅导入有效行。");
        if (job.ValidRows == 0) return Outcome<ImportJob>.Invalid("", "没有可导入的有效行。");
        job.ImportValidRows(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        runner.Enqueue(job.Id);
        return Outcome<ImportJob>.Ok(job);
    }

    public async Task<ImportJob?> FindAsync(UserContext user, Guid id, CancellationToken ct, bool tracked = false) =>
        await Visible(tracked ? db.ImportJobs : db.ImportJobs.AsNoTracking(), user).SingleOrDefaultAsync(j => j.Id == id, ct);

    /// A job's progress without its file and errors: what the progress page polls.
    public async Task<ImportJobSummary?> SummaryAsync(UserContext user, Guid id, CancellationToken ct) =>
        await Visible(db.ImportJobs, user).Where(j => j.Id == id).Select(ImportJob.Summary).SingleOrDefaultAsync(ct);

    public async Task<IReadOnlyList<ImportJobSummary>> RecentAsync(UserContext user, CancellationToken ct) =>
        await db.ImportJobs.Where(j => j.RequestedById == user.Id)
            .OrderByDescending(j => j.CreatedAt).Take(20).Select(ImportJob.Summary).ToListAsync(ct);

    /// The requester sees their own jobs; the system administrator every job.
    private static IQueryable<ImportJob> Visible(IQueryable<ImportJob> jobs, UserContext user) =>
        jobs.Where(j => j.RequestedById == user.Id || user.Role == AppRoles.SystemAdmin);

    private async Task<Outcome<ImportJob>> QueueAsync(ImportJob job, CancellationToken ct, bool enqueue = true)
    {
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        if (enqueue) runner.Enqueue(job.Id);
        return Outcome<ImportJob>.Ok(job);
    }
}
