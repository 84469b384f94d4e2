using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FiveSocieties.Web.Features.Regions;

public sealed record RegionDto(string Code, string Name, RegionLevel Level, string? ParentCode, double? Latitude, double? Longitude);

[Route("api/v1/regions")]
public sealed class RegionsApiController(RegionDirectory regions) : ApiController
{
    /// The regions directly below a region (e.g. a township's villages), for address pickers. Public.
    [HttpGet("{code}/children"), AllowAnonymous]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<IReadOnlyList<RegionDto>>> Children(string code, CancellationToken ct)
    {
        if (!DivisionCode.TryParse(code, out var parsed, out var error))
            return Problem(title: Localizer["请求有误"], detail: Localizer[error], statusCode: StatusCodes.Status400BadRequest);
        var tree = await regions.GetAsync(ct);
        if (!tree.Exists(parsed)) return NotFoundProblem();
        return tree.Children(parsed)
            .Select(r => new RegionDto(r.Code.Value, r.Name, r.Level, r.Parent?.Value, r.Location?.Latitude, r.Location?.Longitude))
            .ToList();
    }
}
