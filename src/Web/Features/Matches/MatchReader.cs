using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Matches;

/// One proposal as the worker sees it: who, how good, why.
public sealed record ProposalView(Match Match, string ProviderName)
{
    public string KindName => Labels.Of(Match.ProviderKind);
}

/// A need's proposals, best first, one list per kind, and the suggested bundle (the best standing
/// proposal of each kind).
/// <param name="MatchingDelayedSince">The need waits for the candidate index (it could not be reached when the need was saved).</param>
public sealed record NeedProposals(long NeedId, IReadOnlyList<ProposalView> Proposals, DateTimeOffset? MatchingDelayedSince = null)
{
    public IReadOnlyList<IGrouping<ResourceKind, ProposalView>> ByKind =>
        Proposals.GroupBy(p => p.Match.ProviderKind).OrderBy(g => g.Key).ToList();

    public IReadOnlyList<ProposalView> Bundle => MatchPlan.Bundle(
        Proposals.Where(p => p.Match.Status is not (MatchStatus.Declined or MatchStatus.Expired or MatchStatus.Withdrawn)),
        p => p.Match.ProviderKind);
}

public sealed class MatchReader(FiveSocietiesDbContext db)
{
    /// The proposals still standing or answered (withdrawn ones are history), best first.
    public async Task<NeedProposals> ForNeedAsync(long needId, int top, CancellationToken ct) =>
        (await ForNeedsAsync([needId], top, ct))[needId];

    /// The same for several needs at once (the broker console), in two queries.
    public async Task<IReadOnlyDictionary<long, NeedProposals>> ForNeedsAsync(IReadOnlyCollection<long> needIds, int top, CancellationToken ct)
    {
        var ids = needIds.ToList();
        var matches = await db.Matches.AsNoTracking()
            .Where(m => ids.Contains(m.NeedId) && m.Status != MatchStatus.Withdrawn)
            .ToListAsync(ct);
        var names = await NamesAsync(matches.Select(m => m.Provider).Distinct().ToList(), ct);
        var byNeed = matches.ToLookup(m => m.NeedId);
        var delayed = await db.DelayedMatchings.AsNoTracking().Where(d => ids.Contains(d.NeedId)).ToDictionaryAsync(d => d.NeedId, d => d.Since, ct);
        return ids.Distinct().ToDictionary(id => id, id => new NeedProposals(id, byNeed[id]
            .OrderByDescending(m => m.Score).ThenBy(m => m.ProviderKind).ThenBy(m => m.ProviderId).Take(top)
            .Select(m => new ProposalView(m, names.GetValueOrDefault(m.Provider, "（已删除）"))).ToList(),
            delayed.TryGetValue(id, out var since) ? since : null));
    }

    /// A need's matches that went beyond the shortlist (offered and later), as its requester
    /// follows them: who was asked, who serves, the sessions, the ratings.
    public async Task<IReadOnlyList<ProposalView>> StepsOfAsync(long needId, CancellationToken ct)
    {
        var matches = await db.Matches.AsNoTracking()
            .Where(m => m.NeedId == needId && m.OfferedAt != null)
            .OrderBy(m => m.OfferedAt).ThenBy(m => m.Id).ToListAsync(ct);
        var names = await NamesAsync(matches.Select(m => m.Provider).Distinct().ToList(), ct);
        return matches.Select(m => new ProposalView(m, names.GetValueOrDefault(m.Provider, "（已删除）"))).ToList();
    }

    public async Task<Dictionary<ProviderRef, string>> NamesAsync(IReadOnlyCollection<ProviderRef> providers, CancellationToken ct)
    {
        var names = new Dictionary<ProviderRef, string>();
        foreach (var group in providers.GroupBy(p => p.Kind))
        {
            var ids = group.Select(p => p.Id).ToList();
            var rows = group.Key switch
            {
                ResourceKind.Volunteer => await db.Volunteers.Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct),
                ResourceKind.Organisation => await db.Organisations.Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct),
                ResourceKind.Fund => await db.Funds.Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct),
                _ => await db.MicroGrantProjects.Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct),
            };
            foreach (var row in rows) names[new ProviderRef(group.Key, row.Id)] = row.Name;
        }
        return names;
    }
}
