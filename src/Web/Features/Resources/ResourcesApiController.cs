using AutoMapper;
using FiveSocieties.Web.Features.Api;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace FiveSocieties.Web.Features.Resources;

[Route("api/v1/resources")]
[ApiAuthorize(Roles = ResourcesController.Viewers)]
public sealed class ResourcesApiController(ResourceList list, ScopeAccessor scopes, IMapper mapper) : ApiController
{
    /// kind = Volunteer | Organisation | Fund | MicroGrant; filters status, service, region, q; keyset pages.
    [HttpGet]
    public async Task<ActionResult<PageDto<ResourceSummaryDto>>> List([FromQuery] ResourceFilter filter, CancellationToken ct)
    {
        var page = await list.PageAsync(await scopes.GetAsync(ct), filter.Normalised(), ct);
        return new PageDto<ResourceSummaryDto> { Items = mapper.Map<List<ResourceSummaryDto>>(page.Rows), Total = page.Total, Next = page.Next };
    }
}
