using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Resources;

public enum CertificationKind
{
    BackgroundCheck,     // 无犯罪记录证明
    SocialWorker,        // 社会工作者职业资格证书
    FirstAid,            // 急救员证
    ElderlyCare,         // 养老护理员证
    Counsellor,          // 心理咨询师证
    Teacher,             // 教师资格证
    Medical,             // 医师/护士执业证书
    Legal,               // 法律职业资格证书
    Other,               // 其他
}

/// A certificate a volunteer holds. A background check (无犯罪记录证明) without an explicit
/// expiry counts for one year from issue, the period most organisations accept.
public sealed record Certification
{
    public Certification(CertificationKind kind, DateOnly issuedOn, DateOnly? expiresOn = null, string? number = null)
    {
        if (expiresOn is { } end && end < issuedOn)
            throw new DomainException("certification.dates", "证书有效期截止日期不能早于发证日期。");
        Kind = Guard.Defined(kind, "证书类型");
        IssuedOn = issuedOn;
        ExpiresOn = expiresOn;
        Number = Guard.OptionalText(number, "证书编号", 64);
    }

    private Certification() { } // for EF Core

    public CertificationKind Kind { get; private init; }
    public DateOnly IssuedOn { get; private init; }
    public DateOnly? ExpiresOn { get; private init; }
    public string? Number { get; private init; }

    public DateOnly? ValidUntil => ExpiresOn ?? (Kind == CertificationKind.BackgroundCheck ? IssuedOn.AddYears(1) : null);

    public bool IsValidOn(DateOnly day) => IssuedOn <= day && (ValidUntil is not { } until || day <= until);
}
