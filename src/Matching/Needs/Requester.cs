using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;

namespace FiveSocieties.Matching.Needs;

public enum RequesterKind
{
    Resident,          // 居民本人提出
    CommitteeOnBehalf, // 村/居委会代为登记
    WorkerVisit,       // 社工走访发现
}

/// Who brought the need in, and for whom. A committee or a worker records it for a resident
/// who may not use a phone, so the beneficiary's name is kept apart from the poster's.
public sealed record Requester
{
    public Requester(RequesterKind kind, ActorRef postedBy, string beneficiaryName, MobileNumber? contactMobile)
    {
        Kind = Guard.Defined(kind, "提出方式");
        PostedById = postedBy.Id;
        PostedByName = postedBy.Name;
        BeneficiaryName = Guard.Text(beneficiaryName, "服务对象姓名", 32);
        ContactMobile = contactMobile;
    }

    private Requester() { PostedById = ""; PostedByName = ""; BeneficiaryName = ""; } // for EF Core

    public RequesterKind Kind { get; private init; }
    public string PostedById { get; private init; }
    public string PostedByName { get; private init; }
    public string BeneficiaryName { get; private init; }
    public MobileNumber? ContactMobile { get; private init; }

    public ActorRef PostedBy => new(PostedById, PostedByName);

    /// The same request with the beneficiary's name or number corrected (who posted it stays).
    public Requester Corrected(string beneficiaryName, MobileNumber? contactMobile) =>
        new(Kind, PostedBy, beneficiaryName, contactMobile);
}

public enum ConsentMethod
{
    OnlineCheckbox,        // 本人在线勾选同意
    GuardianOnline,        // 监护人在线勾选同意
    VerbalRecordedByStaff, // 工作人员记录口头同意
    WrittenSigned,         // 书面签字同意
}

/// Consent to process personal data (PIPL): which wording was shown, how and when it was given.
public sealed record ConsentRecord
{
    public ConsentRecord(string wordingVersion, ConsentMethod method, DateTimeOffset givenAt)
    {
        WordingVersion = Guard.Text(wordingVersion, "同意书版本", 32);
        Method = Guard.Defined(method, "同意方式");
        GivenAt = givenAt;
    }

    private ConsentRecord() { WordingVersion = ""; } // for EF Core

    public string WordingVersion { get; private init; }
    public ConsentMethod Method { get; private init; }
    public DateTimeOffset GivenAt { get; private init; }
}
