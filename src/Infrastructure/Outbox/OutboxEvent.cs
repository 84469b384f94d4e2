using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Infrastructure.Outbox;

/// The names of the brokering events, as clients receive them (docs/events.md describes each).
public static class EventTypes
{
    public const string NeedSubmitted = "need.submitted";
    public const string NeedStatusChanged = "need.status-changed";
    public const string MatchProposed = "match.proposed";
    public const string MatchWithdrawn = "match.withdrawn";
    public const string OfferMade = "offer.made";
    public const string OfferAccepted = "offer.accepted";
    public const string OfferDeclined = "offer.declined";
    public const string OfferExpired = "offer.expired";
    public const string ServiceRecorded = "service.recorded";
    public const string ServiceCompleted = "service.completed";
    public const string ServiceRated = "service.rated";

    public static readonly string[] All =
    [
        NeedSubmitted, NeedStatusChanged, MatchProposed, MatchWithdrawn, OfferMade, OfferAccepted, OfferDeclined, OfferExpired,
        ServiceRecorded, ServiceCompleted, ServiceRated,
    ];
}

/// One state change of the brokering story, saved in the same transaction as the change itself
/// (transactional outbox). <see cref="Seq"/> grows in commit order, so a client that has seen
/// every event up to n and asks for those after n misses nothing. Events carry ids and statuses,
/// never personal data: a client reads the details through the API, under the caller's scope.
public sealed class OutboxEvent
{
    private OutboxEvent() { Type = ""; } // for EF Core

    internal OutboxEvent(string type, DateTimeOffset at, long needId, NeedStatus needStatus, DivisionCode village, string? requesterId)
    {
        Type = type;
        At = at;
        NeedId = needId;
        NeedStatus = needStatus;
        Village = village;
        Township = village.AtLevel(RegionLevel.Township);
        County = village.AtLevel(RegionLevel.County);
        RequesterId = requesterId;
    }

    public long Seq { get; private set; }
    public string Type { get; private set; }
    public DateTimeOffset At { get; private set; }
    public long NeedId { get; private set; }
    public NeedStatus NeedStatus { get; private set; }
    public long? MatchId { get; private set; }
    public MatchStatus? MatchStatus { get; private set; }
    public ResourceKind? ProviderKind { get; private set; }
    public long? ProviderId { get; private set; }

    /// A few facts of the step as JSON (a decline's reason, a session's minutes, a rating).
    public string? Detail { get; private set; }

    // Who may see it: the staff of the need's village, township and county; the requester and the
    // provider once the match is beyond the shortlist (null otherwise).
    public DivisionCode Village { get; private set; }
    public DivisionCode Township { get; private set; }
    public DivisionCode County { get; private set; }
    public string? RequesterId { get; private set; }
    public string? ProviderGroup { get; private set; }

    internal OutboxEvent About(Match match, string? providerGroup)
    {
        MatchId = match.Id;
        MatchStatus = match.Status;
        ProviderKind = match.ProviderKind;
        ProviderId = match.ProviderId;
        ProviderGroup = providerGroup;
        return this;
    }

    internal OutboxEvent With(string? detail)
    {
        Detail = detail;
        return this;
    }
}
