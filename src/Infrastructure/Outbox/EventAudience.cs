using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Infrastructure.Outbox;

/// Who receives an event. Each reader (a live connection, a catch-up request) belongs to exactly
/// one audience, derived on the server from the account: an area (the staff of a village,
/// township or county), a requester, a provider (a volunteer, or an organisation with its funds
/// and projects) or everything (the system administrator). The same rule picks the live push's
/// groups and filters the catch-up query, so both deliver the same events.
public sealed record EventAudience
{
    public const string EverythingGroup = "everything";

    private EventAudience(string group) => Group = group;

    /// The SignalR group of this audience.
    public string Group { get; }

    public bool IsEverything { get; private init; }
    public DivisionCode? Area { get; private init; }
    public string? RequesterId { get; private init; }
    public string? ProviderGroup { get; private init; }

    public static EventAudience Everything { get; } = new(EverythingGroup) { IsEverything = true };

    public static EventAudience OfArea(DivisionCode area) => new(AreaGroup(area)) { Area = area };

    public static EventAudience OfRequester(string userId) => new(RequesterGroup(userId)) { RequesterId = userId };

    public static EventAudience OfVolunteer(long id) => OfProvider(VolunteerGroup(id));

    public static EventAudience OfOrganisation(long id) => OfProvider(OrganisationGroup(id));

    private static EventAudience OfProvider(string group) => new(group) { ProviderGroup = group };

    /// The groups an event is pushed to.
    public static IReadOnlyList<string> GroupsOf(OutboxEvent e)
    {
        var groups = new List<string>(6) { EverythingGroup, AreaGroup(e.Village), AreaGroup(e.Township), AreaGroup(e.County) };
        if (e.RequesterId is { } requester) groups.Add(RequesterGroup(requester));
        if (e.ProviderGroup is { } provider) groups.Add(provider);
        return groups;
    }

    /// The events of this audience, as a query (the catch-up read).
    public IQueryable<OutboxEvent> Filter(IQueryable<OutboxEvent> events)
    {
        if (IsEverything) return events;
        if (Area is { } area)
        {
            return area.Level switch
            {
                RegionLevel.Village => events.Where(e => e.Village == area),
                RegionLevel.Township => events.Where(e => e.Township == area),
                RegionLevel.County => events.Where(e => e.County == area),
                _ => events.Where(_ => false),
            };
        }
        if (RequesterId is { } requester) return events.Where(e => e.RequesterId == requester);
        var provider = ProviderGroup;
        return events.Where(e => e.ProviderGroup == provider);
    }

    /// The provider group of a match's provider: its volunteer, or the organisation that owns it
    /// (a fund without a managing organisation has none: the county manages it).
    internal static string? ProviderGroupOf(ResourceKind kind, long providerId, long? owningOrganisation) => kind switch
    {
        ResourceKind.Volunteer => VolunteerGroup(providerId),
        ResourceKind.Organisation => OrganisationGroup(providerId),
        _ => owningOrganisation is { } org ? OrganisationGroup(org) : null,
    };

    private static string AreaGroup(DivisionCode code) => $"area:{code.Value}";
    private static string RequesterGroup(string userId) => $"user:{userId}";
    private static string VolunteerGroup(long id) => $"volunteer:{id}";
    private static string OrganisationGroup(long id) => $"organisation:{id}";
}
