using FiveSocieties.Web.Features.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FiveSocieties.Web.Features.Catalogue;

[Route("api/v1/catalogue")]
public sealed class CatalogueApiController(CatalogueReader catalogue) : ApiController
{
    /// The service catalogue: areas with their items, tiers and usual resource kinds. Public.
    [HttpGet, AllowAnonymous]
    public async Task<IReadOnlyList<CatalogueAreaView>> Get(CancellationToken ct) => await catalogue.AreasAsync(null, ct);
}
