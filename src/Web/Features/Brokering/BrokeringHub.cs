using System.Text.Json;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Outbox;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;

namespace FiveSocieties.Web.Features.Brokering;

/// One brokering event as clients receive it, live and on catch-up (docs/events.md).
public sealed record EventDto(long Seq, string Type, DateTimeOffset At, long NeedId, string NeedStatus, long? MatchId, string? MatchStatus,
    string? ProviderKind, long? ProviderId, JsonElement? Detail)
{
    public static EventDto Of(OutboxEvent e) => new(e.Seq, e.Type, e.At, e.NeedId, e.NeedStatus.ToString(), e.MatchId, e.MatchStatus?.ToString(),
        e.ProviderKind?.ToString(), e.ProviderId, e.Detail is null ? null : JsonDocument.Parse(e.Detail).RootElement.Clone());
}

/// What the server calls on a connected client.
public interface IBrokeringClient
{
    /// A brokering event the client's audience may see; may arrive twice, never out of order.
    Task Event(EventDto e);
}

/// Pushes brokering events. A connection joins the one group of its account's audience (its
/// station's, county's or village's area, its own needs, its own provider) on connecting; the
/// client names nothing, so it cannot listen beyond its scope. Clients only listen: every action
/// goes through the pages or the API.
[Authorize(AuthenticationSchemes = Schemes)]
public sealed class BrokeringHub : Hub<IBrokeringClient>
{
    public const string Path = "/hubs/brokering";
    public const string Schemes = "Identity.Application,Identity.Bearer"; // IdentityConstants.ApplicationScheme, BearerScheme

    public override async Task OnConnectedAsync()
    {
        if (Audiences.Of(UserContext.From(Context.User!)) is not { } audience)
        {
            Context.Abort();
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, audience.Group);
        await base.OnConnectedAsync();
    }
}

/// The audience of an account: the same rule for the live push and the catch-up read.
public static class Audiences
{
    public static EventAudience? Of(UserContext user) => user.Role switch
    {
        AppRoles.SystemAdmin => EventAudience.Everything,
        AppRoles.CountyAdmin or AppRoles.StationWorker or AppRoles.CommitteeStaff when user.Region is { } area => EventAudience.OfArea(area),
        AppRoles.Resident => EventAudience.OfRequester(user.Id),
        AppRoles.Volunteer when user.VolunteerId is { } volunteer => EventAudience.OfVolunteer(volunteer),
        AppRoles.OrganisationStaff when user.OrganisationId is { } organisation => EventAudience.OfOrganisation(organisation),
        _ => null,
    };
}

/// Delivers this node's committed events to the hub's groups.
public sealed class HubEventSink(IHubContext<BrokeringHub, IBrokeringClient> hub) : IEventSink
{
    public async Task PublishAsync(IReadOnlyList<OutboxEvent> events, CancellationToken ct)
    {
        foreach (var e in events) await hub.Clients.Groups(EventAudience.GroupsOf(e)).Event(EventDto.Of(e));
    }
}
