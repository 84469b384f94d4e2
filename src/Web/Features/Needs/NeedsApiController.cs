using AutoMapper;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Web.Features.Api;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Needs;

/// The needs list and posting for mobile and WeChat clients: the same rules and scope as the site.
[Route("api/v1/needs")]
[ApiAuthorize(Roles = NeedsController.Viewers)]
public sealed class NeedsApiController(NeedService needs, NeedList list, ScopeAccessor scopes, FiveSocietiesDbContext db, IMapper mapper)
    : ApiController
{
    /// Filters as on the site (status, service, group, region, urgency, from, to, q, sort);
    /// pages are keyset pages: pass "next" as "after".
    [HttpGet]
    public async Task<ActionResult<PageDto<NeedSummaryDto>>> List([FromQuery] NeedFilter filter, CancellationToken ct)
    {
        var page = await list.PageAsync(await scopes.GetAsync(ct), filter.Normalised(), ct);
        return new PageDto<NeedSummaryDto> { Items = mapper.Map<List<NeedSummaryDto>>(page.Rows), Total = page.Total, Next = page.Next };
    }

    [HttpGet("{id:long}")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<NeedDto>> Get(long id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var need = await scope.Needs(db.Needs.AsNoTracking()).SingleOrDefaultAsync(n => n.Id == id, ct);
        return need is null ? NotFoundProblem() : mapper.Map<NeedDto>(need);
    }

    /// Residents post for themselves, committees for a resident of their village, workers after a visit.
    [HttpPost]
    [Authorize(Roles = NeedsController.Posters)]
    [ProducesResponseType<NeedDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<NeedDto>> Post(NeedInput input, CancellationToken ct)
    {
        var posted = await needs.PostAsync(await scopes.GetAsync(ct), input, ct);
        if (!posted.Succeeded) return Refused(posted);
        return CreatedAtAction(nameof(Get), new { id = posted.Value!.Id }, mapper.Map<NeedDto>(posted.Value));
    }

    /// Allowed while the need is not yet matched.
    [HttpPut("{id:long}")]
    [Authorize(Roles = NeedsController.Editors)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<NeedDto>> Put(long id, NeedInput input, CancellationToken ct)
    {
        var revised = await needs.ReviseAsync(await scopes.GetAsync(ct), id, input, ct);
        return revised.Succeeded ? mapper.Map<NeedDto>(revised.Value!) : Refused(revised);
    }

    [HttpPost("{id:long}/cancel")]
    [Authorize(Roles = NeedsController.Editors)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<NeedDto>> Cancel(long id, CancelRequest request, CancellationToken ct)
    {
        var cancelled = await needs.CancelAsync(await scopes.GetAsync(ct), id, request.Reason, ct);
        return cancelled.Succeeded ? mapper.Map<NeedDto>(cancelled.Value!) : Refused(cancelled);
    }
}
