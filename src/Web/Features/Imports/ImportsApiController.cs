using FiveSocieties.Infrastructure.Imports;
using FiveSocieties.Web.Features.Api;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace FiveSocieties.Web.Features.Imports;

/// Imports for other systems: POST the file (multipart, field "file"), then follow the job.
[Route("api/v1/imports")]
[ApiAuthorize(Roles = ImportsController.Importers)]
public sealed class ImportsApiController(ImportJobs imports, ScopeAccessor scopes) : ApiController
{
    private const long UploadLimit = ImportsController.UploadLimit;

    /// kind = Volunteers | Organisations | Funds | MicroGrants | Needs. Answers 202 with the job;
    /// with errors and validRowsOnly=false nothing is imported (the job says which rows and columns).
    [HttpPost("{kind}")]
    [Consumes("multipart/form-data")]
    [RefuseOversizedUpload, RequestSizeLimit(UploadLimit), RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
    [ProducesResponseType<ImportStatusDto>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<ImportStatusDto>> Start(ImportKind kind, IFormFile? file, [FromForm] bool validRowsOnly, CancellationToken ct)
    {
        var started = await imports.StartAsync(scopes.User, kind, file, validRowsOnly, ct);
        if (!started.Succeeded) return Refused(started);
        return AcceptedAtAction(nameof(Get), new { id = started.Value!.Id }, ImportStatusDto.Of(started.Value));
    }

    [HttpGet("{id:guid}")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ImportStatusDto>> Get(Guid id, CancellationToken ct) =>
        await imports.FindAsync(scopes.User, id, ct) is { } job ? ImportStatusDto.Of(job) : NotFoundProblem();

    /// After a check with errors: import the rows that passed.
    [HttpPost("{id:guid}/import-valid-rows")]
    public async Task<ActionResult<ImportStatusDto>> ImportValidRows(Guid id, CancellationToken ct)
    {
        var resumed = await imports.ImportValidRowsAsync(scopes.User, id, ct);
        return resumed.Succeeded ? ImportStatusDto.Of(resumed.Value!) : Refused(resumed);
    }
}
