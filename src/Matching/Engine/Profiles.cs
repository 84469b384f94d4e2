using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Matching.Engine;

/// Snapshots of domain objects for the engine. Capacity and validity are taken as of
/// <c>at</c>; the index refreshes a profile whenever its resource or matches change.
public static class Profiles
{
    public static ProviderProfile Of(Volunteer v, DateTimeOffset at, ProviderRecord record) => new()
    {
        Ref = new ProviderRef(v.Kind, v.Id),
        Name = v.Name,
        IsActive = v.IsMatchable,
        ServiceCodes = v.ServiceCodes,
        HomeRegion = v.HomeVillageCode,
        Location = v.Location,
        RadiusKm = v.ServiceRadiusKm,
        CapacityLeft = v.FreeTaskSlots,
        Availability = v.Availability,
        Skills = v.Skills,
        BackgroundCheckValidUntil = v.Certifications
            .Where(c => c.Kind == CertificationKind.BackgroundCheck && c.IssuedOn <= ChinaTime.Today(at))
            .Select(c => c.ValidUntil).Max(),
        Text = Join(v.Name, v.Description, string.Join(" ", v.Skills)),
        Record = record,
    };

    public static ProviderProfile Of(SocialOrganisation o, DateTimeOffset at, ProviderRecord record) => new()
    {
        Ref = new ProviderRef(o.Kind, o.Id),
        Name = o.Name,
        IsActive = o.IsMatchable,
        ServiceCodes = o.ServiceCodes,
        HomeRegion = o.HomeRegionCode,
        Location = o.Location,
        ServiceArea = o.ServiceArea,
        CapacityLeft = o.RemainingCapacity(at),
        Text = Join(o.Name, o.Description),
        Record = record,
    };

    public static ProviderProfile Of(CharitableFund f, ProviderRecord record) => new()
    {
        Ref = new ProviderRef(f.Kind, f.Id),
        Name = f.Name,
        IsActive = f.IsMatchable,
        ServiceCodes = f.ServiceCodes,
        HomeRegion = f.HomeRegionCode,
        ServiceArea = f.RegionScope,
        RemainingBudget = f.RemainingBudget,
        MaxPerGrant = f.MaxPerGrant,
        EligibleGroups = f.EligibleGroups,
        Text = Join(f.Name, f.Description),
        Record = record,
    };

    public static ProviderProfile Of(MicroGrantProject m, ProviderRecord record) => new()
    {
        Ref = new ProviderRef(m.Kind, m.Id),
        Name = m.Name,
        IsActive = m.IsMatchable,
        ServiceCodes = m.ServiceCodes,
        HomeRegion = m.HomeRegionCode,
        ServiceArea = m.RegionScope,
        CapacityLeft = m.PlacesLeft,
        EligibleGroups = m.TargetGroups,
        ActiveFrom = m.StartsOn,
        ActiveUntil = m.EndsOn,
        Text = Join(m.Name, m.Description),
        Record = record,
    };

    public static ProviderProfile Of(Resource resource, DateTimeOffset at, ProviderRecord record) => resource switch
    {
        Volunteer v => Of(v, at, record),
        SocialOrganisation o => Of(o, at, record),
        CharitableFund f => Of(f, record),
        MicroGrantProject m => Of(m, record),
        _ => throw new ArgumentException($"Unknown resource type {resource.GetType().Name}.", nameof(resource)),
    };

    /// <paramref name="villageLocation"/> stands in when the need has no coordinates of its own.
    public static NeedProfile Of(Need need, GeoPoint? villageLocation, IEnumerable<ProviderRef> declined) => new()
    {
        NeedId = need.Id,
        ItemCode = need.ServiceItemCode,
        Groups = need.BeneficiaryGroups,
        Village = need.VillageCode,
        Location = need.Location ?? villageLocation,
        Slots = need.WeeklySlots,
        Amount = need.Quantity.AsMoney,
        Skills = need.RequiredSkills,
        InvolvesChildren = need.InvolvesChildren,
        Text = Join(need.Title, need.Description, string.Join(" ", need.RequiredSkills)),
        Excluded = declined.ToHashSet(),
    };

    private static string Join(params string?[] parts) => string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
