using System.Linq.Expressions;
using System.Text.Json;

namespace FiveSocieties.Infrastructure.Imports;

public enum ImportKind
{
    Volunteers,
    Organisations,
    Funds,
    MicroGrants,
    Needs,
}

public enum ImportStatus
{
    Queued,     // 排队中
    Validating, // 正在检查
    Invalid,    // 有错误，未导入（可选择仅导入有效行）
    Importing,  // 正在导入
    Completed,  // 已完成
    Failed,     // 失败
}

public sealed record ImportError(int Row, string Column, string Message);

/// One upload of a roster: who sent which file, how far the checking and writing got, and the
/// errors found per row and column. Kept in the database so that progress can be followed from
/// any page (or node) and a restart resumes the job.
public sealed class ImportJob
{
    public const int MaxStoredErrors = 2000;

    private ImportJob() { FileName = ""; RequestedById = ""; RequestedByName = ""; RequestedByRole = ""; Content = []; ErrorsJson = "[]"; } // for EF Core

    public ImportJob(Guid id, ImportKind kind, string fileName, byte[] content, bool validRowsOnly,
        string userId, string userName, string role, string? region, int? stationId, long? organisationId, DateTimeOffset at)
    {
        Id = id;
        Kind = kind;
        FileName = Path.GetFileName(fileName).Length > 200 ? Path.GetFileName(fileName)[..200] : Path.GetFileName(fileName);
        Content = content;
        ValidRowsOnly = validRowsOnly;
        RequestedById = userId;
        RequestedByName = userName;
        RequestedByRole = role;
        RequestedForRegion = region;
        RequestedForStationId = stationId;
        RequestedForOrganisationId = organisationId;
        Status = ImportStatus.Queued;
        CreatedAt = at;
        UpdatedAt = at;
        ErrorsJson = "[]";
    }

    public Guid Id { get; private set; }
    public ImportKind Kind { get; private set; }
    public string FileName { get; private set; }
    public byte[] Content { get; private set; }
    public bool ValidRowsOnly { get; private set; }
    public string RequestedById { get; private set; }
    public string RequestedByName { get; private set; }
    public string RequestedByRole { get; private set; }
    public string? RequestedForRegion { get; private set; }
    public int? RequestedForStationId { get; private set; }
    public long? RequestedForOrganisationId { get; private set; }
    public ImportStatus Status { get; private set; }
    public int TotalRows { get; private set; }
    public int ValidRows { get; private set; }
    public int ProcessedRows { get; private set; }
    public int Created { get; private set; }
    public int Updated { get; private set; }
    public int Unchanged { get; private set; }
    public int ErrorCount { get; private set; }
    public string ErrorsJson { get; private set; }
    public string? Message { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    public bool IsFinished => IsFinishedIn(Status);

    public static bool IsFinishedIn(ImportStatus status) => status is ImportStatus.Invalid or ImportStatus.Completed or ImportStatus.Failed;

    public IReadOnlyList<ImportError> Errors => JsonSerializer.Deserialize<List<ImportError>>(ErrorsJson) ?? [];

    /// Progress in percent: checking is the first fifth, writing the rest. A job being checked shows
    /// at least 1 %, so the bar never moves back when the rows have been counted.
    public int Percent => PercentOf(Status, TotalRows, ValidRows, ProcessedRows);

    public static int PercentOf(ImportStatus status, int totalRows, int validRows, int processedRows) => status switch
    {
        ImportStatus.Queued => 0,
        ImportStatus.Validating => totalRows == 0 ? 1 : Math.Max(1, 20 * processedRows / totalRows),
        ImportStatus.Importing => validRows == 0 ? 20 : 20 + 80 * processedRows / validRows,
        _ => 100,
    };

    /// What a progress display reads of a job, for queries: everything but the uploaded file and the
    /// stored errors (a progress poll must not load a 10 MB roster every second).
    public static readonly Expression<Func<ImportJob, ImportJobSummary>> Summary = j => new ImportJobSummary(j.Id, j.Kind, j.FileName,
        j.Status, j.TotalRows, j.ValidRows, j.ProcessedRows, j.Created, j.Updated, j.Unchanged, j.ErrorCount, j.Message, j.CreatedAt);

    private static readonly Func<ImportJob, ImportJobSummary> ToSummary = Summary.Compile();

    public ImportJobSummary Summarise() => ToSummary(this);

    public void StartValidating(int totalRows, DateTimeOffset at) => Move(ImportStatus.Validating, at, () =>
    {
        TotalRows = totalRows;
        ProcessedRows = 0;
    });

    public void Progress(int processed, DateTimeOffset at)
    {
        ProcessedRows = processed;
        UpdatedAt = at;
    }

    /// Checking finished: with errors and without leave to skip them, nothing is written.
    public void Validated(int validRows, IReadOnlyList<ImportError> errors, DateTimeOffset at)
    {
        ValidRows = validRows;
        ErrorCount = errors.Count;
        ErrorsJson = JsonSerializer.Serialize(errors.Take(MaxStoredErrors).ToList());
        if (errors.Count > 0 && !ValidRowsOnly) Finish(ImportStatus.Invalid, at, $"共 {errors.Count} 处错误，未导入任何数据。");
        else Move(ImportStatus.Importing, at, () => ProcessedRows = 0);
    }

    /// The user saw the errors and chose to import the valid rows.
    public void ImportValidRows(DateTimeOffset at)
    {
        if (Status != ImportStatus.Invalid) throw new InvalidOperationException("Only a checked job with errors can continue.");
        ValidRowsOnly = true;
        Status = ImportStatus.Queued;
        Message = null;
        FinishedAt = null;
        UpdatedAt = at;
    }

    public void Written(int created, int updated, int unchanged, int processed, DateTimeOffset at)
    {
        Created += created;
        Updated += updated;
        Unchanged += unchanged;
        ProcessedRows = processed;
        UpdatedAt = at;
    }

    public void Complete(DateTimeOffset at) =>
        Finish(ImportStatus.Completed, at, ErrorCount > 0 ? $"已跳过 {ErrorCount} 处错误所在的行。" : null);

    public void Fail(string message, DateTimeOffset at) => Finish(ImportStatus.Failed, at, message);

    /// A restart interrupted the job: it is checked again from the start (writes are idempotent).
    public void Requeue(DateTimeOffset at)
    {
        Status = ImportStatus.Queued;
        Created = Updated = Unchanged = ProcessedRows = 0;
        UpdatedAt = at;
    }

    private void Finish(ImportStatus status, DateTimeOffset at, string? message)
    {
        Status = status;
        Message = message;
        FinishedAt = at;
        UpdatedAt = at;
        if (status is ImportStatus.Completed or ImportStatus.Failed) Content = []; // the roster is not kept once done
    }

    private void Move(ImportStatus status, DateTimeOffset at, Action change)
    {
        Status = status;
        change();
        UpdatedAt = at;
    }
}

/// A job's progress and counts, without its file and errors (see <see cref="ImportJob.Summary"/>).
public sealed record ImportJobSummary(Guid Id, ImportKind Kind, string FileName, ImportStatus Status, int TotalRows, int ValidRows,
    int ProcessedRows, int Created, int Updated, int Unchanged, int ErrorCount, string? Message, DateTimeOffset CreatedAt)
{
    public bool IsFinished => ImportJob.IsFinishedIn(Status);
    public int Percent => ImportJob.PercentOf(Status, TotalRows, ValidRows, ProcessedRows);
}
