using System.Globalization;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Web.Tests.Features.Resources;

/// A resource form as a browser posts it (fields named "{Kind}.X", lists repeated): valid by
/// default, with any field replaced or left out.
public sealed class ResourceForm
{
    private readonly string _prefix;
    private readonly List<(string Key, string Value)> _fields = [];

    private ResourceForm(string prefix) => _prefix = prefix;

    public static ResourceForm Volunteer(string name, string mobile, string village) => new ResourceForm("Volunteer")
        .Set("Name", name)
        .Set("Mobile", mobile)
        .Set("Village", village)
        .Set("Services", "elderly.visit", "elderly.meal")
        .Set("Skills", "聊天陪伴、烹饪")
        .Set("Slots", "0", "5")
        .Set("RadiusKm", "5")
        .Set("MaxTasks", "2")
        .Set("MemberCount", "1")
        .Set("Description", "退休教师，周末有空。");

    public static ResourceForm Organisation(string name, string creditCode, string homeRegion) => new ResourceForm("Organisation")
        .Set("Name", name)
        .Set("CreditCode", creditCode)
        .Set("Type", "CommunityOrganisation")
        .Set("HomeRegion", homeRegion)
        .Set("Services", "elderly")
        .Set("MonthlyCapacity", "20")
        .Set("CertifiedSocialWorkers", "2")
        .Set("ContactName", "周主任")
        .Set("ContactMobile", SiteData.UniqueMobile());

    public static ResourceForm Fund(string name, string homeRegion, decimal total, decimal maxPerGrant) => new ResourceForm("Fund")
        .Set("Name", name)
        .Set("Kind", "CommunityFund")
        .Set("HomeRegion", homeRegion)
        .Set("Services", "elderly")
        .Set("TotalYuan", total.ToString(CultureInfo.InvariantCulture))
        .Set("MaxPerGrantYuan", maxPerGrant.ToString(CultureInfo.InvariantCulture))
        .Set("Description", "为独居老人助餐提供资助。");

    public static ResourceForm MicroGrant(string name, string homeRegion, DateOnly startsOn, DateOnly endsOn) => new ResourceForm("MicroGrant")
        .Set("Name", name)
        .Set("HomeRegion", homeRegion)
        .Set("Services", "children.after-school")
        .Set("StartsOn", Day(startsOn))
        .Set("EndsOn", Day(endsOn))
        .Set("Places", "30")
        .Set("BudgetYuan", "50000")
        .Set("Description", "暑期留守儿童课后托管。");

    /// A valid unified social credit code of a civil-affairs registration in 郎溪县 that no demo organisation has.
    public static string NewCreditCode() =>
        UnifiedSocialCreditCode.Complete("52341821MJ" + Random.Shared.Next(0, 10_000_000).ToString("D7", CultureInfo.InvariantCulture)).Value;

    /// The same code with a wrong check character.
    public static string WithWrongCheck(string code)
    {
        var wrong = code[^1] == '0' ? '1' : '0';
        return code[..^1] + wrong;
    }

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public ResourceForm Set(string field, params string[] values)
    {
        var key = $"{_prefix}.{field}";
        _fields.RemoveAll(f => f.Key == key);
        foreach (var value in values) _fields.Add((key, value));
        return this;
    }

    public ResourceForm Without(string field) => Set(field);

    /// Fields outside the resource (e.g. "Account.Password" on the volunteer sign-up page).
    public ResourceForm With(string key, string value)
    {
        _fields.RemoveAll(f => f.Key == key);
        _fields.Add((key, value));
        return this;
    }

    public (string Key, string Value)[] Fields => [.. _fields];
}
