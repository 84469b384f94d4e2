using System.Globalization;
using System.Security.Claims;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Account;

namespace FiveSocieties.Web.Features.Shared;

/// Who is calling, read from the sign-in claims (cookie or bearer token): id, name, role and the
/// place or provider the account acts for.
public sealed record UserContext(
    string Id,
    string Name,
    string? Role,
    DivisionCode? Region,
    int? StationId,
    long? OrganisationId,
    long? VolunteerId)
{
    public static UserContext Anonymous { get; } = new("", "", null, null, null, null, null);

    public bool IsAuthenticated => Id.Length > 0;
    public ActorRef Actor => new(Id, Name);
    public bool Is(string role) => Role == role;
    public bool IsAny(params string[] roles) => Role is not null && roles.Contains(Role);

    public static UserContext From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return Anonymous;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        // One role per account; should an account ever hold several, the most powerful one counts.
        var role = AppRoles.All.Reverse().FirstOrDefault(principal.IsInRole);
        return new UserContext(
            id,
            principal.FindFirstValue(AppClaimsPrincipalFactory.DisplayName) ?? principal.Identity.Name ?? "",
            role,
            DivisionCode.TryParse(principal.FindFirstValue(AppClaimsPrincipalFactory.RegionCode), out var region, out _) ? region : null,
            Int(principal, AppClaimsPrincipalFactory.StationId) is { } station ? (int)station : null,
            Int(principal, AppClaimsPrincipalFactory.OrganisationId),
            Int(principal, AppClaimsPrincipalFactory.VolunteerId));
    }

    private static long? Int(ClaimsPrincipal principal, string type) =>
        long.TryParse(principal.FindFirstValue(type), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
