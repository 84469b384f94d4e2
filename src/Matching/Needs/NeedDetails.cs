using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Needs;

/// What a need asks for: everything the requester may edit while it is not yet matched.
public sealed record NeedDetails(
    string Title,
    string Description,
    string ServiceItemCode,
    IReadOnlyCollection<BeneficiaryGroup> BeneficiaryGroups,
    Urgency Urgency,
    DivisionCode VillageCode,
    Quantity Quantity,
    GeoPoint? Location = null,
    string? AddressDetail = null,
    TimeWindow? Window = null,
    WeeklySlots WeeklySlots = default,
    IReadOnlyCollection<string>? RequiredSkills = null);
