using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Shared;

namespace FiveSocieties.Web.Features.Privacy;

/// Full views of masked numbers: who may have one, and the log line each one leaves (PIPL).
public sealed class PersonalDataLog(FiveSocietiesDbContext db, TimeProvider clock)
{
    /// Reasons offered on the reveal form; the person may also write their own.
    public static readonly string[] Reasons = ["联系服务对象", "上门服务前核实信息", "转介相关部门", "核对登记信息"];

    /// Staff who contact people for their work; residents, volunteers and organisations do not see
    /// other people's numbers here.
    public static bool MayReveal(UserContext user) =>
        user.IsAny(AppRoles.StationWorker, AppRoles.CommitteeStaff, AppRoles.CountyAdmin, AppRoles.SystemAdmin);

    /// Writes the log line; the caller shows the number only when this returned true.
    public async Task<Outcome<bool>> RecordAsync(DataScope scope, PersonalDataSubject subject, string subjectId, string subjectName,
        PersonalDataField field, DivisionCode? region, string? reason, CancellationToken ct)
    {
        if (!MayReveal(scope.User)) return Outcome<bool>.NotFound();
        // What is logged is what a reader of the log sees: invisible and direction characters are
        // dropped first, so a reason of zero-width spaces is no reason, and none can reverse the log page.
        reason = PlainText.Visible(reason);
        if (reason.Length < 2) return Outcome<bool>.Invalid("Reason", "请说明查看完整号码的原因（至少 2 个字）。");
        if (reason.Length > 200) return Outcome<bool>.Invalid("Reason", "原因不能超过 200 个字。");
        db.PersonalDataAccessLog.Add(new PersonalDataAccess(scope.User.Actor, scope.User.Role!, subject, subjectId, subjectName,
            field, region, reason, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }
}
