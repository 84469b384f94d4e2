using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Needs;

/// A resident consents online; a committee or worker recording a need on someone's behalf must
/// record spoken or written consent instead (PIPL).
public class ConsentTests
{
    private static readonly HashSet<(RequesterKind, ConsentMethod)> Fits =
    [
        (RequesterKind.Resident, ConsentMethod.OnlineCheckbox),
        (RequesterKind.Resident, ConsentMethod.GuardianOnline),
        (RequesterKind.CommitteeOnBehalf, ConsentMethod.VerbalRecordedByStaff),
        (RequesterKind.CommitteeOnBehalf, ConsentMethod.WrittenSigned),
        (RequesterKind.WorkerVisit, ConsentMethod.VerbalRecordedByStaff),
        (RequesterKind.WorkerVisit, ConsentMethod.WrittenSigned),
    ];

    public static TheoryData<RequesterKind, ConsentMethod> EveryPair()
    {
        var data = new TheoryData<RequesterKind, ConsentMethod>();
        foreach (var kind in Enum.GetValues<RequesterKind>())
            foreach (var method in Enum.GetValues<ConsentMethod>())
                data.Add(kind, method);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Create_ConsentMethod_MustFitTheRequesterKind(RequesterKind kind, ConsentMethod method)
    {
        var builder = new NeedBuilder().PostedBy(kind, method);

        if (Fits.Contains((kind, method)))
        {
            var need = builder.Build();
            Assert.Equal(method, need.Consent.Method);
            Assert.Equal(kind, need.Requester.Kind);
        }
        else
        {
            var refused = Assert.Throws<DomainException>(() => builder.Build());
            Assert.Equal("need.consent", refused.Code);
        }
    }

    [Fact]
    public void Requester_OnBehalf_KeepsBeneficiaryApartFromPoster()
    {
        var requester = new NeedBuilder().PostedBy(RequesterKind.CommitteeOnBehalf, ConsentMethod.WrittenSigned).Requester();

        Assert.Equal("王秀英", requester.BeneficiaryName);
        Assert.Equal(Fixed.Committee, requester.PostedBy);
    }

    [Fact]
    public void ConsentRecord_WithoutWordingVersion_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new ConsentRecord(" ", ConsentMethod.OnlineCheckbox, Fixed.Now));

        Assert.Equal("field.required", refused.Code);
    }
}
