using Microsoft.AspNetCore.Identity;

namespace FiveSocieties.Infrastructure.Identity;

/// An account. Besides its roles, each account is bound to the place or provider it acts for:
/// a village (resident, committee), a station (social worker), a county (administrator),
/// an organisation or a volunteer profile.
public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public string? RegionCode { get; set; }
    public int? StationId { get; set; }
    public long? OrganisationId { get; set; }
    public long? VolunteerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class AppRoles
{
    public const string Resident = "Resident";
    public const string CommitteeStaff = "CommitteeStaff";
    public const string Volunteer = "Volunteer";
    public const string OrganisationStaff = "OrganisationStaff";
    public const string StationWorker = "StationWorker";
    public const string CountyAdmin = "CountyAdmin";
    public const string SystemAdmin = "SystemAdmin";

    public static IReadOnlyList<string> All { get; } =
        [Resident, CommitteeStaff, Volunteer, OrganisationStaff, StationWorker, CountyAdmin, SystemAdmin];
}
