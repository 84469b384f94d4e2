using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.People;

public enum PersonalDataField
{
    Mobile,   // 手机号
    IdNumber, // 身份证号
}

public enum PersonalDataSubject
{
    Need,         // a need's beneficiary
    Volunteer,
    Organisation, // its contact person
    Account,
}

/// One full view of a masked number (PIPL): who saw whose which number, when and why. Written
/// before the number is shown; never changed afterwards.
public sealed class PersonalDataAccess
{
    private PersonalDataAccess() { ViewerId = ""; ViewerName = ""; ViewerRole = ""; SubjectId = ""; SubjectName = ""; Reason = ""; } // for EF Core

    public PersonalDataAccess(ActorRef viewer, string viewerRole, PersonalDataSubject subject, string subjectId, string subjectName,
        PersonalDataField field, DivisionCode? subjectRegion, string reason, DateTimeOffset at)
    {
        ViewerId = viewer.Id;
        ViewerName = viewer.Name;
        ViewerRole = Guard.Text(viewerRole, "角色", 32);
        Subject = Guard.Defined(subject, "查看对象");
        SubjectId = Guard.Text(subjectId, "对象编号", 64);
        SubjectName = Guard.Text(subjectName, "对象姓名", 64);
        Field = Guard.Defined(field, "查看内容");
        SubjectRegion = subjectRegion;
        Reason = Guard.Text(reason, "查看原因", 200);
        At = at;
    }

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string ViewerId { get; private set; }
    public string ViewerName { get; private set; }
    public string ViewerRole { get; private set; }
    public PersonalDataSubject Subject { get; private set; }
    public string SubjectId { get; private set; }
    public string SubjectName { get; private set; }
    public PersonalDataField Field { get; private set; }

    /// Where the person lives or the provider belongs, so a county reads its own county's log.
    public DivisionCode? SubjectRegion { get; private set; }
    public string Reason { get; private set; }
}
