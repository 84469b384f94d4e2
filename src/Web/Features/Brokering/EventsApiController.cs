using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Web.Features.Api;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Brokering;

/// <param name="Events">Oldest first.</param>
/// <param name="Next">Ask for the events after this next time.</param>
/// <param name="More">More events are waiting: ask again at once.</param>
/// <param name="Reset">Events after <c>after</c> were deleted (kept for Outbox:KeepDays): reload everything, then follow from <c>next</c>.</param>
public sealed record EventPageDto(IReadOnlyList<EventDto> Events, long Next, bool More, bool Reset);

/// Catch-up after a gap: the events the caller may see that came after the last one it has.
[Route("api/v1/events")]
[ApiAuthorize]
public sealed class EventsApiController(FiveSocietiesDbContext db, ScopeAccessor scopes) : ApiController
{
    /// <param name="after">The last sequence number the client has seen (0 for everything kept).</param>
    /// <param name="limit">At most this many events, 1 to 1000 (default 500).</param>
    [HttpGet]
    public async Task<ActionResult<EventPageDto>> Get([FromQuery] long after = 0, [FromQuery] int limit = 500, CancellationToken ct = default)
    {
        if (after < 0) return Refused(Outcome<EventPageDto>.Invalid("after", "after 不能为负数。"));
        var audience = Audiences.Of((await scopes.GetAsync(ct)).User);
        if (audience is null) return new EventPageDto([], after, false, false);
        limit = Math.Clamp(limit, 1, 1000);
        // Read the newest number first: every event up to it has committed (numbers follow commits),
        // so after this page the client may move past events of other audiences up to it.
        var latest = await db.Events.MaxAsync(e => (long?)e.Seq, ct) ?? 0;
        var oldest = await db.Events.MinAsync(e => (long?)e.Seq, ct);
        var events = await audience.Filter(db.Events.AsNoTracking()).Where(e => e.Seq > after)
            .OrderBy(e => e.Seq).Take(limit + 1).ToListAsync(ct);
        var more = events.Count > limit;
        if (more) events.RemoveAt(limit);
        var next = more ? events[^1].Seq : Math.Max(after, Math.Max(latest, events.Count > 0 ? events[^1].Seq : 0));
        // Reload when what follows the cursor was deleted (kept events are a prefix-free tail of the
        // sequence), or the cursor is ahead of everything (the database was restored from a backup).
        var reset = after > 0 && (oldest is { } first && first > after + 1 || after > latest);
        return new EventPageDto(events.Select(EventDto.Of).ToList(), next, more, reset);
    }
}
