using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Home;

public sealed record DashboardCounts(
    string CountyName,
    int OpenNeeds,
    int Volunteers,
    int Organisations,
    int Funds,
    int MicroGrants,
    int MatchesThisMonth,
    int Stations,
    int Villages);

/// The county's live figures for the home page: straight counts, no cache, so what is shown is
/// what is in the database.
public sealed class Dashboard(FiveSocietiesDbContext db, TimeProvider clock)
{
    public async Task<DashboardCounts> CountsAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(clock.GetUtcNow());
        var monthStart = ChinaTime.StartOf(new DateOnly(today.Year, today.Month, 1));
        var open = NeedStateMachine.Open.ToList();
        // Pairings agreed this month (accepted, in service or completed), not every proposal.
        MatchStatus[] held = [MatchStatus.Accepted, MatchStatus.InService, MatchStatus.Completed];
        var county = await db.Regions.Where(r => r.Level == RegionLevel.County).OrderBy(r => r.Code)
            .Select(r => r.Name).FirstOrDefaultAsync(ct);

        return new DashboardCounts(
            county ?? "",
            await db.Needs.CountAsync(n => open.Contains(n.Status), ct),
            await db.Volunteers.CountAsync(v => v.Status == ApprovalStatus.Active, ct),
            await db.Organisations.CountAsync(o => o.Status == ApprovalStatus.Active, ct),
            await db.Funds.CountAsync(f => f.Status == ApprovalStatus.Active, ct),
            await db.MicroGrantProjects.CountAsync(m => m.Status == ApprovalStatus.Active, ct),
            await db.Matches.CountAsync(m => m.RespondedAt >= monthStart && held.Contains(m.Status), ct),
            await db.Stations.CountAsync(ct),
            await db.Regions.CountAsync(r => r.Level == RegionLevel.Village, ct));
    }
}
