using System.Threading.Channels;
using FiveSocieties.Infrastructure.Files;
using FiveSocieties.Infrastructure.Imports;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Imports;

/// Runs one import job: reads the file, checks every row before anything is written, then —
/// when there were no errors, or the user chose to skip them — writes the valid rows in batches,
/// each a transaction. Progress is saved on the job as it goes.
public sealed partial class ImportProcessor(IServiceScopeFactory scopes, RegionDirectory regions, TimeProvider clock, ILogger<ImportProcessor> logger,
    Microsoft.Extensions.Options.IOptions<ImportLimits> limits)
{
    private const int BatchSize = 500;

    /// Rows naming records outside the importer's scope that a file may hold before it is stopped.
    public const int MaxOutOfScopeRows = 20;

    /// Runs a queued job; returns its kind when it wrote anything, else null.
    public async Task<ImportKind?> RunAsync(Guid jobId, CancellationToken ct)
    {
        await using var jobScope = scopes.CreateAsyncScope();
        var jobs = jobScope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
        var job = await jobs.ImportJobs.SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null || job.Status != ImportStatus.Queued) return null;
        try
        {
            // Claim the job; when two nodes resume the same job, the version check lets one win.
            job.StartValidating(0, clock.GetUtcNow());
            await jobs.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
        try
        {
            await RunAsync(job, jobs, ct);
            return job.Created + job.Updated > 0 ? job.Kind : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e, jobId);
            jobs.ChangeTracker.Clear();
            var fresh = await jobs.ImportJobs.SingleAsync(j => j.Id == jobId, CancellationToken.None);
            fresh.Fail("导入时出现意外错误，已导入的批次保留；请稍后重新上传同一文件（不会重复登记）。", clock.GetUtcNow());
            await jobs.SaveChangesAsync(CancellationToken.None);
            return fresh.Created + fresh.Updated > 0 ? fresh.Kind : null;
        }
    }

    private async Task RunAsync(ImportJob job, FiveSocietiesDbContext jobs, CancellationToken ct)
    {
        Table table;
        try
        {
            table = TableFile.Read(job.Content, job.FileName, limits.Value);
        }
        catch (TableFileException e)
        {
            job.Fail(e.Message, clock.GetUtcNow());
            await jobs.SaveChangesAsync(ct);
            return;
        }

        var columns = ImportColumns.For(job.Kind);
        var (keyOf, missing) = MapHeaders(table.Headers, columns);
        if (missing.Count > 0)
        {
            job.Fail($"缺少必填列：{string.Join("、", missing)}。请使用导入模板的列名。", clock.GetUtcNow());
            await jobs.SaveChangesAsync(ct);
            return;
        }

        await using var workScope = scopes.CreateAsyncScope();
        var services = workScope.ServiceProvider;
        var db = services.GetRequiredService<FiveSocietiesDbContext>();
        var context = await ContextAsync(job, db, ct);
        var importer = await ImporterAsync(job.Kind, services, db, context.Scope, ct);
        if (!ImportJobs.KindsFor(context.Scope.User).Contains(job.Kind))
        {
            job.Fail("您的账号不能导入这类数据。", clock.GetUtcNow());
            await jobs.SaveChangesAsync(ct);
            return;
        }
        await importer.LoadExistingAsync(db, context, ct);

        // 1. Check every row; nothing is written yet.
        job.StartValidating(table.Rows.Count, clock.GetUtcNow());
        await jobs.SaveChangesAsync(ct);
        var errors = new List<ImportError>();
        var valid = new List<PreparedRow>();
        var headerOf = columns.ToDictionary(c => c.Key, c => c.Header);
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var cells = row.Cells.Where(c => keyOf.ContainsKey(c.Key)).ToDictionary(c => keyOf[c.Key], c => c.Value);
            var reader = new CellReader(cells, headerOf, context.ServiceCodes, row.Number, errors);
            foreach (var column in columns.Where(c => c.Required && !cells.ContainsKey(c.Key)))
                reader.Error(column.Key, "必填，不能为空。");
            if (!reader.HasErrors && importer.Validate(reader, context) is { } prepared) valid.Add(prepared);
            if (importer.OutOfScopeRows > MaxOutOfScopeRows)
            {
                // A file that names many people registered elsewhere is a roster of the wrong place — or a
                // probe of who is registered: stop, and leave a trace of who tried.
                LogProbe(logger, job.Id, context.Scope.User.Id, importer.OutOfScopeRows);
                job.Fail($"本文件中有超过 {MaxOutOfScopeRows} 行无法用其号码或代码登记，已停止检查。请核对名册后重新上传；如需登记其他辖区的人员，请联系县民政局。",
                    clock.GetUtcNow());
                await jobs.SaveChangesAsync(ct);
                return;
            }
            if ((i + 1) % BatchSize == 0)
            {
                job.Progress(i + 1, clock.GetUtcNow());
                await jobs.SaveChangesAsync(ct);
            }
        }
        job.Validated(valid.Count, errors, clock.GetUtcNow());
        await jobs.SaveChangesAsync(ct);
        if (job.Status != ImportStatus.Importing) return;

        // 2. Write the valid rows, a batch per transaction; re-running a file changes nothing.
        for (var start = 0; start < valid.Count; start += BatchSize)
        {
            var batch = valid.Skip(start).Take(BatchSize).ToList();
            var (created, updated, unchanged) = await importer.WriteAsync(db, batch, context, ct);
            db.ChangeTracker.Clear();
            job.Written(created, updated, unchanged, start + batch.Count, clock.GetUtcNow());
            await jobs.SaveChangesAsync(ct);
        }
        job.Complete(clock.GetUtcNow());
        await jobs.SaveChangesAsync(ct);
        if (job.Kind is ImportKind.Volunteers or ImportKind.Organisations) regions.Invalidate();
    }

    /// Which column each header of the file is; the required columns the file lacks.
    public static (Dictionary<string, string> KeyOf, List<string> Missing) MapHeaders(IReadOnlyList<string> headers, IReadOnlyList<ImportColumn> columns)
    {
        var keyOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in headers)
            if (columns.FirstOrDefault(c => c.Matches(header)) is { } column && !keyOf.ContainsValue(column.Key))
                keyOf[header] = column.Key;
        var missing = columns.Where(c => c.Required && !keyOf.ContainsValue(c.Key)).Select(c => c.Header).ToList();
        return (keyOf, missing);
    }

    private async Task<ImportContext> ContextAsync(ImportJob job, FiveSocietiesDbContext db, CancellationToken ct)
    {
        var user = new UserContext(job.RequestedById, job.RequestedByName, job.RequestedByRole,
            DivisionCode.TryParse(job.RequestedForRegion, out var region, out _) ? region : null,
            job.RequestedForStationId, job.RequestedForOrganisationId, null);
        var scope = await DataScope.ForAsync(user, regions, ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = await db.ServiceItems.AsNoTracking().Where(i => i.IsActive).ToListAsync(ct);
        foreach (var area in await db.ServiceAreas.AsNoTracking().ToListAsync(ct))
        {
            names[area.Code] = area.Code;
            names.TryAdd(area.Name, area.Code);
        }
        foreach (var item in items)
        {
            names[item.Code] = item.Code;
            names.TryAdd(item.Name, item.Code);
        }
        return new ImportContext(scope, await regions.GetAsync(ct), names, names.Values.ToHashSet(),
            items.Select(i => i.Code).ToHashSet(), clock.GetUtcNow());
    }

    private static async Task<IImporter> ImporterAsync(ImportKind kind, IServiceProvider services, FiveSocietiesDbContext db, DataScope scope,
        CancellationToken ct)
    {
        switch (kind)
        {
            case ImportKind.Volunteers: return new VolunteerImporter();
            case ImportKind.Organisations: return new OrganisationImporter();
            case ImportKind.Needs: return new NeedImporter(services.GetRequiredService<NeedService>());
        }
        // Organisations named in a file (a fund's manager, a project's owner) by credit code or by a
        // name only one organisation has, looked up once for the whole file.
        var organisations = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name, o.CreditCode }).ToListAsync(ct);
        var byCode = organisations.GroupBy(o => o.CreditCode.Value).ToDictionary(g => g.Key, g => g.First().Id);
        var byName = organisations.GroupBy(o => o.Name).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Id);
        long? Organisation(string text) =>
            byCode.TryGetValue(text.Trim().ToUpperInvariant(), out var id) || byName.TryGetValue(text.Trim(), out id) ? id : null;
        if (kind == ImportKind.Funds) return new FundImporter(Organisation);
        var inScope = await scope.Organisations(db.Organisations.AsNoTracking()).Select(o => o.Id).ToHashSetAsync(ct);
        return new MicroGrantImporter(Organisation, inScope.Contains);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Import job {JobId} failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import job {JobId} by account {UserId} stopped: {Rows} rows named records outside the account's scope.")]
    private static partial void LogProbe(ILogger logger, Guid jobId, string userId, int rows);
}

/// Runs import jobs one at a time in the background, so a large roster never ties up a request;
/// the page follows the job's progress. Jobs interrupted by a restart start again (writes are
/// idempotent: rows are matched by their external id or natural key).
public sealed partial class ImportRunner(IServiceScopeFactory scopes, ImportProcessor processor, TimeProvider clock, ILogger<ImportRunner> logger,
    FiveSocieties.Infrastructure.Matching.CandidateIndexHost candidates)
    : BackgroundService
{
    /// A job untouched for this long while "running" was left by a node that stopped.
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();

    public void Enqueue(Guid jobId) => _queue.Writer.TryWrite(jobId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResumeAsync(stoppingToken);
        await foreach (var jobId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var since = clock.GetUtcNow();
                if (await processor.RunAsync(jobId, stoppingToken) is not { } written) continue;
                // Thousands of providers or needs may have arrived: the index is rebuilt from the
                // database (or, shared, learns of them through the feed), and imported needs get
                // their proposals as posted ones do.
                await candidates.AfterImportAsync(stoppingToken);
                if (written == ImportKind.Needs)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<FiveSocieties.Infrastructure.Matching.MatchingService>()
                        .ProposeForUnmatchedAsync(since, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e, jobId);
            }
        }
    }

    private async Task ResumeAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
            var stale = clock.GetUtcNow() - StaleAfter;
            var unfinished = await db.ImportJobs
                .Where(j => j.Status == ImportStatus.Queued || j.Status == ImportStatus.Validating || j.Status == ImportStatus.Importing)
                .ToListAsync(ct);
            foreach (var job in unfinished.Where(j => j.Status == ImportStatus.Queued || j.UpdatedAt < stale))
            {
                if (job.Status != ImportStatus.Queued) job.Requeue(clock.GetUtcNow());
                Enqueue(job.Id);
            }
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e, Guid.Empty);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Import runner failed on job {JobId}.")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid jobId);
}
