using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Web.Features.Api;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Matches;

public sealed record ScoreFactorDto(string Factor, double Points, string Explanation);

public sealed record ProposalDto(long Id, string Kind, string KindName, long ProviderId, string ProviderName, double Score,
    string Status, string StatusName, string Explanation, IReadOnlyList<ScoreFactorDto> Factors, decimal? AmountYuan, DateTimeOffset ProposedAt)
{
    public static ProposalDto Of(ProposalView p) => new(p.Match.Id, p.Match.ProviderKind.ToString(), p.KindName, p.Match.ProviderId, p.ProviderName,
        p.Match.Score, p.Match.Status.ToString(), Labels.Of(p.Match.Status), p.Match.Explanation,
        p.Match.Factors.Select(f => new ScoreFactorDto(f.Factor.ToString(), f.Points, f.Explanation)).ToList(), p.Match.Amount?.Yuan, p.Match.ProposedAt);
}

/// <param name="Proposals">Best first.</param>
/// <param name="Bundle">Ids of the suggested bundle: the best standing proposal of each kind.</param>
public sealed record NeedMatchesDto(long NeedId, IReadOnlyList<ProposalDto> Proposals, IReadOnlyList<long> Bundle);

/// The engine's proposals for a need, with score, per-factor breakdown and explanation; for the
/// staff who broker them (residents see the outcome, not the shortlist of people).
[Route("api/v1/needs/{id:long}/matches")]
[ApiAuthorize(Roles = MatchesApiController.Readers)]
public sealed class MatchesApiController(MatchReader reader, NeedService needs, ScopeAccessor scopes, FiveSocietiesDbContext db) : ApiController
{
    public const string Readers = $"{AppRoles.CommitteeStaff},{AppRoles.StationWorker},{AppRoles.CountyAdmin},{AppRoles.SystemAdmin}";
    public const string Brokers = $"{AppRoles.StationWorker},{AppRoles.SystemAdmin}";
    public static readonly string[] ReaderRoles = Readers.Split(','), BrokerRoles = Brokers.Split(',');

    /// <param name="top">How many proposals, 1 to 50 (default 10).</param>
    [HttpGet]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<NeedMatchesDto>> Get(long id, [FromQuery] int top = 10, CancellationToken ct = default)
    {
        var scope = await scopes.GetAsync(ct);
        if (!await scope.Needs(db.Needs.AsNoTracking()).AnyAsync(n => n.Id == id, ct)) return NotFoundProblem();
        var proposals = await reader.ForNeedAsync(id, Math.Clamp(top, 1, 50), ct);
        return new NeedMatchesDto(id, proposals.Proposals.Select(ProposalDto.Of).ToList(), proposals.Bundle.Select(p => p.Match.Id).ToList());
    }

    /// Withdraws the proposals nobody acted on and matches again.
    [HttpPost("rerun")]
    [Authorize(Roles = Brokers)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<NeedMatchesDto>> Rerun(long id, CancellationToken ct)
    {
        var rerun = await needs.RerunMatchingAsync(await scopes.GetAsync(ct), id, ct);
        if (!rerun.Succeeded) return Refused(rerun);
        return await Get(id, 10, ct);
    }
}
