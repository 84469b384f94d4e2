using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Resources;

/// A profile update checks every field before it changes any: a refused update leaves the
/// resource exactly as it was (an import that skips a bad row must not save half of it).
public class ProfileUpdateTests
{
    [Fact]
    public void Volunteer_UpdateRefusedOnALateField_ChangesNothing()
    {
        var volunteer = new VolunteerBuilder().Build();
        var before = (volunteer.Name, string.Join("、", volunteer.Skills), volunteer.ServiceRadiusKm);

        Assert.Throws<DomainException>(() => volunteer.UpdateProfile(new VolunteerBuilder().Profile() with
        {
            Name = "新名字", Skills = ["新技能"], ServiceRadiusKm = 500,
        }));

        Assert.Equal(before, (volunteer.Name, string.Join("、", volunteer.Skills), volunteer.ServiceRadiusKm));
    }

    [Fact]
    public void Organisation_UpdateRefusedOnALateField_ChangesNothing()
    {
        var organisation = new OrganisationBuilder().Build();
        var before = (organisation.Name, organisation.MonthlyCapacity);

        Assert.Throws<DomainException>(() => organisation.UpdateProfile(new OrganisationBuilder().Profile() with
        {
            Name = "新名字", MonthlyCapacity = 20, ContactName = "",
        }));

        Assert.Equal(before, (organisation.Name, organisation.MonthlyCapacity));
    }

    [Fact]
    public void Fund_UpdateRefusedOnALateField_ChangesNothing()
    {
        var fund = new FundBuilder().Build();
        var before = (fund.Name, string.Join(",", fund.ServiceCodes));

        Assert.Throws<DomainException>(() => fund.UpdateProfile(new FundBuilder().Profile() with
        {
            Name = "新名字", EligibleServiceCodes = ["health"], MaxPerGrant = fund.TotalBudget + Money.FromYuan(1),
        }));

        Assert.Equal(before, (fund.Name, string.Join(",", fund.ServiceCodes)));
    }

    [Fact]
    public void MicroGrant_UpdateRefusedOnALateField_ChangesNothing()
    {
        var project = new MicroGrantBuilder().Build();
        var before = (project.Name, project.EndsOn);

        Assert.Throws<DomainException>(() => project.UpdateProfile(new MicroGrantBuilder().Profile() with
        {
            Name = "新名字", EndsOn = project.EndsOn.AddDays(30), RegionScope = [],
        }));

        Assert.Equal(before, (project.Name, project.EndsOn));
    }
}
