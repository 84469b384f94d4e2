using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Matching.Tests.Builders;

namespace FiveSocieties.Matching.Tests.Resources;

public class VolunteerTests
{
    [Fact]
    public void ReserveTask_UntilAllPlacesAreTaken_ThenIsRefused()
    {
        var volunteer = new VolunteerBuilder().WithMaxConcurrentTasks(2).BuildActive();

        volunteer.ReserveTask();
        volunteer.ReserveTask();
        var refused = Assert.Throws<DomainException>(volunteer.ReserveTask);

        Assert.Equal("volunteer.full", refused.Code);
        Assert.Equal(2, volunteer.ActiveTasks);
        Assert.Equal(0, volunteer.FreeTaskSlots);
    }

    [Fact]
    public void ReleaseTask_AfterReserving_FreesAPlaceAgain()
    {
        var volunteer = new VolunteerBuilder().WithMaxConcurrentTasks(1).BuildActive();
        volunteer.ReserveTask();

        volunteer.ReleaseTask();
        volunteer.ReserveTask();

        Assert.Equal(1, volunteer.ActiveTasks);
    }

    [Fact]
    public void ReleaseTask_WithNoTaskInProgress_IsRefused()
    {
        var volunteer = new VolunteerBuilder().BuildActive();

        var refused = Assert.Throws<DomainException>(volunteer.ReleaseTask);

        Assert.Equal("volunteer.release", refused.Code);
        Assert.Equal(0, volunteer.ActiveTasks);
    }

    [Theory]
    [InlineData(ApprovalStatus.Pending)]
    [InlineData(ApprovalStatus.Paused)]
    [InlineData(ApprovalStatus.Retired)]
    public void ReserveTask_WhenNotActive_IsRefused(ApprovalStatus status)
    {
        var volunteer = (Volunteer)ResourceBuilder.InStatus(ResourceKind.Volunteer, status);

        var refused = Assert.Throws<DomainException>(volunteer.ReserveTask);

        Assert.Equal("volunteer.inactive", refused.Code);
        Assert.Equal(0, volunteer.ActiveTasks);
    }

    [Fact]
    public void CanWorkWithChildren_WithoutBackgroundCheck_IsFalse()
    {
        var volunteer = new VolunteerBuilder()
            .WithCertifications(new Certification(CertificationKind.Teacher, new DateOnly(2020, 9, 1)))
            .BuildActive();

        Assert.False(volunteer.CanWorkWithChildren(Fixed.Today));
    }

    [Theory]
    [InlineData("2024-06-01", true)]  // issue day
    [InlineData("2025-03-10", true)]
    [InlineData("2025-06-01", true)]  // one year after issue: the last valid day
    [InlineData("2025-06-02", false)]
    [InlineData("2024-05-31", false)] // before it was issued
    public void CanWorkWithChildren_BackgroundCheckWithoutExpiry_CountsForOneYear(string day, bool expected)
    {
        var volunteer = new VolunteerBuilder()
            .WithCertifications(new Certification(CertificationKind.BackgroundCheck, new DateOnly(2024, 6, 1)))
            .BuildActive();

        Assert.Equal(expected, volunteer.CanWorkWithChildren(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void CanWorkWithChildren_BackgroundCheckPastItsExplicitExpiry_IsFalse()
    {
        var volunteer = new VolunteerBuilder()
            .WithCertifications(new Certification(CertificationKind.BackgroundCheck, new DateOnly(2024, 9, 1), new DateOnly(2025, 3, 1)))
            .BuildActive();

        Assert.False(volunteer.CanWorkWithChildren(Fixed.Today));
    }

    [Fact]
    public void CanWorkWithChildren_ExpiredCheckAndCurrentCheck_IsTrue()
    {
        var volunteer = new VolunteerBuilder()
            .WithCertifications(
                new Certification(CertificationKind.BackgroundCheck, new DateOnly(2022, 1, 1)),
                new Certification(CertificationKind.BackgroundCheck, new DateOnly(2025, 1, 15)))
            .BuildActive();

        Assert.True(volunteer.CanWorkWithChildren(Fixed.Today));
    }

    [Fact]
    public void Certification_OtherThanBackgroundCheck_WithoutExpiry_NeverExpires()
    {
        var certificate = new Certification(CertificationKind.SocialWorker, new DateOnly(2015, 6, 20));

        Assert.Null(certificate.ValidUntil);
        Assert.True(certificate.IsValidOn(new DateOnly(2045, 1, 1)));
    }

    [Fact]
    public void Certification_ExpiringBeforeIssue_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(
            () => new Certification(CertificationKind.FirstAid, new DateOnly(2025, 1, 1), new DateOnly(2024, 12, 31)));

        Assert.Equal("certification.dates", refused.Code);
    }

    [Fact]
    public void Create_HomeAboveVillageLevel_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => new VolunteerBuilder().LivingIn(Codes.Jianping).Build());

        Assert.Equal("volunteer.village", refused.Code);
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(100.1)]
    [InlineData(double.NaN)]
    public void Create_ServiceRadiusOutsideHalfToHundredKm_IsRefused(double km)
    {
        var refused = Assert.Throws<DomainException>(() => new VolunteerBuilder().WithRadiusKm(km).Build());

        Assert.Equal("field.range", refused.Code);
    }

    [Fact]
    public void Create_StartsPendingAndNotMatchable()
    {
        var volunteer = new VolunteerBuilder().Build();

        Assert.Equal(ApprovalStatus.Pending, volunteer.Status);
        Assert.False(volunteer.IsMatchable);
        Assert.Equal(Codes.Village, volunteer.HomeVillageCode);
    }

    [Fact]
    public void Serves_ItemOfAListedArea_IsTrue()
    {
        var volunteer = new VolunteerBuilder().Build(); // lists "elderly" and "children.tutoring"

        Assert.True(volunteer.Serves("elderly.meal"));
        Assert.True(volunteer.Serves("children.tutoring"));
        Assert.False(volunteer.Serves("children.protection"));
    }

    [Fact]
    public void LogService_AddsUpTheHours()
    {
        var volunteer = new VolunteerBuilder().BuildActive();

        volunteer.LogService(90);
        volunteer.LogService(30);

        Assert.Equal(2m, volunteer.HoursServed);
    }

    [Fact]
    public void RecordRating_AveragesTheRatings()
    {
        var volunteer = new VolunteerBuilder().BuildActive();
        Assert.Null(volunteer.AverageRating);

        volunteer.RecordRating(5);
        volunteer.RecordRating(4);

        Assert.Equal(4.5, volunteer.AverageRating);
    }
}
