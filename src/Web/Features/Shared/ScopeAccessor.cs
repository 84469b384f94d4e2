using FiveSocieties.Infrastructure.Regions;

namespace FiveSocieties.Web.Features.Shared;

/// The caller's <see cref="DataScope"/>, worked out once per request.
public sealed class ScopeAccessor(IHttpContextAccessor http, RegionDirectory regions)
{
    private DataScope? _scope;

    public UserContext User => UserContext.From(http.HttpContext?.User ?? new System.Security.Claims.ClaimsPrincipal());

    public async ValueTask<DataScope> GetAsync(CancellationToken ct = default) =>
        _scope ??= await DataScope.ForAsync(User, regions, ct);
}
