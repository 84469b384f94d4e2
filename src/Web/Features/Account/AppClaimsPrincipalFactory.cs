using System.Globalization;
using System.Security.Claims;
using FiveSocieties.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Account;

/// Puts the account's display name and scope into its sign-in cookie, so every request knows
/// where the user may act without another database read.
public sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string DisplayName = "display_name";
    public const string RegionCode = "region_code";
    public const string StationId = "station_id";
    public const string OrganisationId = "organisation_id";
    public const string VolunteerId = "volunteer_id";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        if (user.RegionCode is { } region) identity.AddClaim(new Claim(RegionCode, region));
        if (user.StationId is { } station) identity.AddClaim(new Claim(StationId, station.ToString(CultureInfo.InvariantCulture)));
        if (user.OrganisationId is { } organisation) identity.AddClaim(new Claim(OrganisationId, organisation.ToString(CultureInfo.InvariantCulture)));
        if (user.VolunteerId is { } volunteer) identity.AddClaim(new Claim(VolunteerId, volunteer.ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}
