using System.ComponentModel.DataAnnotations;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Shared;

namespace FiveSocieties.Web.Features.Resources;

/// Turns the text people type (codes, names, lists, amounts) into domain values, recording a
/// Chinese message against the field for anything it cannot read. Shared by forms, API and import.
public sealed class InputReader(RegionTree regions, IReadOnlySet<string> catalogueCodes, FormErrors errors)
{
    public FormErrors Errors => errors;

    /// A mobile number; in an edit form, its masked value sent back unchanged keeps <paramref name="kept"/>.
    public MobileNumber? Mobile(string field, string? text, MobileNumber? kept = null, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) errors.Add(field, "请填写手机号。");
            return null;
        }
        if (KeptNumbers.TryMobile(text, kept, out var mobile, out var error)) return mobile;
        errors.Add(field, error);
        return null;
    }

    public ResidentIdNumber? IdNumber(string field, string? text, ResidentIdNumber? kept = null)
    {
        if (KeptNumbers.TryIdNumber(text, kept, out var id, out var error)) return id;
        errors.Add(field, error);
        return null;
    }

    public UnifiedSocialCreditCode? CreditCode(string field, string? text)
    {
        if (UnifiedSocialCreditCode.TryParse(text, out var code, out var error)) return code;
        errors.Add(field, string.IsNullOrWhiteSpace(text) ? "请填写统一社会信用代码。" : error);
        return null;
    }

    /// A region by code or name ("341821100201", "东夏村", "建平镇东夏村"), at one of the allowed levels.
    public RegionInfo? Region(string field, string? text, DataScope scope, params RegionLevel[] levels)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "请选择所在地区。");
            return null;
        }
        var region = Find(text, levels);
        if (region is null)
        {
            errors.Add(field, "没有找到“{0}”，请填写正确的村（社区）、乡镇或区划代码。", text.Trim());
            return null;
        }
        if (!scope.Covers(region.Code))
        {
            errors.Add(field, "“{0}”不在您的管理范围内。", region.Name);
            return null;
        }
        return region;
    }

    /// Regions a provider serves; these may lie beyond the caller's own area (a county-wide fund).
    public List<DivisionCode> Regions(string field, IEnumerable<string> texts)
    {
        var list = new List<DivisionCode>();
        foreach (var text in texts.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            var region = Find(text, RegionLevel.County, RegionLevel.Township, RegionLevel.Village);
            if (region is null) errors.Add(field, "没有找到“{0}”，请填写正确的村（社区）、乡镇或区划代码。", text.Trim());
            else list.Add(region.Code);
        }
        if (list.Count == 0 && !errors.Any) errors.Add(field, "请至少选择一个地区。");
        return list;
    }

    public List<string> Services(string field, IEnumerable<string> codes)
    {
        var list = codes.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct().ToList();
        foreach (var code in list.Where(c => !catalogueCodes.Contains(c)))
            errors.Add(field, "服务目录中没有“{0}”。", code);
        if (list.Count == 0) errors.Add(field, "请至少选择一项可提供的服务。");
        return list;
    }

    public Money? Yuan(string field, decimal? amount, bool required = true)
    {
        if (amount is null)
        {
            if (required) errors.Add(field, "请填写金额。");
            return null;
        }
        if (amount <= 0 || amount > 100_000_000)
        {
            errors.Add(field, "金额应大于 0 且不超过 1 亿元。");
            return null;
        }
        if (decimal.Round(amount.Value, 2) != amount)
        {
            errors.Add(field, "金额最多精确到分（两位小数）。");
            return null;
        }
        return Money.FromYuan(amount.Value);
    }

    public static List<string> Split(string? text) =>
        (text ?? "").Split(['、', ',', '，', ';', '；', ' ', '\n', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private RegionInfo? Find(string text, params RegionLevel[] levels)
    {
        var value = text.Trim();
        RegionInfo? region = DivisionCode.TryParse(value, out var code, out _) ? regions.Find(code) : null;
        region ??= regions.All.Where(r => levels.Contains(r.Level))
            .Where(r => r.Name == value || regions.ShortPath(r.Code) == value || value.EndsWith(regions.ShortPath(r.Code), StringComparison.Ordinal))
            .OrderBy(r => r.Code).Take(2).ToList() is [var only] ? only : null;
        return region is not null && levels.Contains(region.Level) ? region : null;
    }
}

public sealed class VolunteerInput : IValidatableObject
{
    [Required(ErrorMessage = "请填写姓名"), StringLength(64, ErrorMessage = "姓名不能超过 {1} 个字"), Display(Name = "姓名")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "请填写手机号"), StringLength(32), Display(Name = "手机号")]
    public string Mobile { get; set; } = "";

    [Required(ErrorMessage = "请选择所在村（社区）"), StringLength(64), Display(Name = "所在村（社区）")]
    public string Village { get; set; } = "";

    [Display(Name = "愿意提供的服务")]
    public List<string> Services { get; set; } = [];

    [StringLength(300, ErrorMessage = "技能填写过长"), Display(Name = "技能")]
    public string? Skills { get; set; }

    [Display(Name = "每周可服务时段")]
    public List<int> Slots { get; set; } = [];

    [Range(0.5, 100, ErrorMessage = "服务半径应在 0.5 到 100 公里之间"), Display(Name = "服务半径（公里）")]
    public double RadiusKm { get; set; } = 5;

    [Range(1, 20, ErrorMessage = "同时承接任务数应在 1 到 20 之间"), Display(Name = "同时最多承接")]
    public int MaxTasks { get; set; } = 2;

    [Range(1, 500, ErrorMessage = "队伍人数应在 1 到 500 之间"), Display(Name = "人数（志愿队填写）")]
    public int MemberCount { get; set; } = 1;

    [Display(Name = "无犯罪记录证明开具日期")]
    public DateOnly? BackgroundCheckIssuedOn { get; set; }

    [StringLength(64), Display(Name = "证明编号")]
    public string? BackgroundCheckNumber { get; set; }

    [StringLength(32), Display(Name = "身份证号（选填）")]
    public string? IdNumber { get; set; }

    [StringLength(1000, ErrorMessage = "自我介绍不能超过 {1} 个字"), Display(Name = "自我介绍")]
    public string? Description { get; set; }

    [StringLength(64), Display(Name = "外部编号")]
    public string? ExternalId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Slots.Any(s => s is < 0 or > 20)) yield return new ValidationResult("每周时段无效", [nameof(Slots)]);
    }

    /// <param name="current">The record being edited: its masked numbers sent back unchanged are kept.</param>
    public VolunteerProfile? ToProfile(InputReader read, DataScope scope, DateOnly today, Volunteer? current = null)
    {
        var mobile = read.Mobile(nameof(Mobile), Mobile, current?.Mobile);
        var village = read.Region(nameof(Village), Village, scope, RegionLevel.Village);
        var services = read.Services(nameof(Services), Services);
        var id = read.IdNumber(nameof(IdNumber), IdNumber, current?.IdNumber);
        var certifications = new List<Certification>();
        if (BackgroundCheckIssuedOn is { } issued)
        {
            if (issued > today) read.Errors.Add(nameof(BackgroundCheckIssuedOn), "开具日期不能晚于今天。");
            else certifications.Add(new Certification(CertificationKind.BackgroundCheck, issued, number: BackgroundCheckNumber));
        }
        if (read.Errors.Any || mobile is null || village is null) return null;
        return new VolunteerProfile(Name, mobile.Value, village.Code, services, InputReader.Split(Skills),
            new WeeklySlots(Slots.Where(s => s is >= 0 and <= 20).Distinct().Aggregate(0, (b, s) => b | 1 << s)),
            RadiusKm, MaxTasks, village.Location, certifications, id, MemberCount, Description);
    }

    public static VolunteerInput From(Volunteer v, RegionTree regions) => new()
    {
        Name = v.Name,
        Mobile = v.Mobile.Masked,
        Village = v.HomeVillageCode.Value,
        Services = v.ServiceCodes.ToList(),
        Skills = string.Join("、", v.Skills),
        Slots = v.Availability.Slots().Select(s => (s.Day == DayOfWeek.Sunday ? 6 : (int)s.Day - 1) * 3 + (int)s.Part).ToList(),
        RadiusKm = v.ServiceRadiusKm,
        MaxTasks = v.MaxConcurrentTasks,
        MemberCount = v.MemberCount,
        BackgroundCheckIssuedOn = v.Certifications.Where(c => c.Kind == CertificationKind.BackgroundCheck).Select(c => (DateOnly?)c.IssuedOn).Max(),
        BackgroundCheckNumber = v.Certifications.Where(c => c.Kind == CertificationKind.BackgroundCheck).OrderBy(c => c.IssuedOn).LastOrDefault()?.Number,
        IdNumber = v.IdNumber?.Masked,
        Description = v.Description,
        ExternalId = v.ExternalId,
    };
}

public sealed class OrganisationInput
{
    [Required(ErrorMessage = "请填写组织名称"), StringLength(64, ErrorMessage = "名称不能超过 {1} 个字"), Display(Name = "组织名称")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "请填写统一社会信用代码"), StringLength(32), Display(Name = "统一社会信用代码")]
    public string CreditCode { get; set; } = "";

    [Display(Name = "组织类型")]
    public OrganisationType Type { get; set; } = OrganisationType.CommunityOrganisation;

    [Required(ErrorMessage = "请选择登记所在地"), StringLength(64), Display(Name = "登记所在地")]
    public string HomeRegion { get; set; } = "";

    [Display(Name = "提供的服务")]
    public List<string> Services { get; set; } = [];

    [Display(Name = "服务区域")]
    public List<string> ServiceArea { get; set; } = [];

    [Range(1, 10_000, ErrorMessage = "每月服务容量应在 1 到 10000 之间"), Display(Name = "每月可承接（件）")]
    public int MonthlyCapacity { get; set; } = 10;

    [Range(0, 10_000, ErrorMessage = "持证社工人数不能为负"), Display(Name = "持证社工人数")]
    public int CertifiedSocialWorkers { get; set; }

    [Required(ErrorMessage = "请填写联系人"), StringLength(32, ErrorMessage = "联系人不能超过 {1} 个字"), Display(Name = "联系人")]
    public string ContactName { get; set; } = "";

    [Required(ErrorMessage = "请填写联系电话"), StringLength(32), Display(Name = "联系电话")]
    public string ContactMobile { get; set; } = "";

    [StringLength(128, ErrorMessage = "地址不能超过 {1} 个字"), Display(Name = "地址")]
    public string? Address { get; set; }

    [StringLength(1000, ErrorMessage = "简介不能超过 {1} 个字"), Display(Name = "简介")]
    public string? Description { get; set; }

    [StringLength(64), Display(Name = "外部编号")]
    public string? ExternalId { get; set; }

    /// <param name="current">The record being edited: its contact's masked number sent back unchanged is kept.</param>
    public OrganisationProfile? ToProfile(InputReader read, DataScope scope, SocialOrganisation? current = null)
    {
        var code = read.CreditCode(nameof(CreditCode), CreditCode);
        var home = read.Region(nameof(HomeRegion), HomeRegion, scope, RegionLevel.County, RegionLevel.Township, RegionLevel.Village);
        var services = read.Services(nameof(Services), Services);
        var area = read.Regions(nameof(ServiceArea), ServiceArea.Count > 0 ? ServiceArea : [HomeRegion]);
        var mobile = read.Mobile(nameof(ContactMobile), ContactMobile, current?.ContactMobile);
        if (read.Errors.Any || code is null || home is null || mobile is null) return null;
        return new OrganisationProfile(Name, code.Value, Type, home.Code, services, area, MonthlyCapacity, CertifiedSocialWorkers,
            ContactName, mobile.Value, Address, home.Location, Description);
    }

    public static OrganisationInput From(SocialOrganisation o) => new()
    {
        Name = o.Name,
        CreditCode = o.CreditCode.Value,
        Type = o.OrganisationType,
        HomeRegion = o.HomeRegionCode.Value,
        Services = o.ServiceCodes.ToList(),
        ServiceArea = o.ServiceArea.Select(a => a.Value).ToList(),
        MonthlyCapacity = o.MonthlyCapacity,
        CertifiedSocialWorkers = o.CertifiedSocialWorkers,
        ContactName = o.ContactName,
        ContactMobile = o.ContactMobile.Masked,
        Address = o.Address,
        Description = o.Description,
        ExternalId = o.ExternalId,
    };
}

public sealed class FundInput
{
    [Required(ErrorMessage = "请填写基金名称"), StringLength(64, ErrorMessage = "名称不能超过 {1} 个字"), Display(Name = "基金名称")]
    public string Name { get; set; } = "";

    [Display(Name = "基金类型")]
    public FundKind Kind { get; set; } = FundKind.CommunityFund;

    [Required(ErrorMessage = "请选择所属地区"), StringLength(64), Display(Name = "所属地区")]
    public string HomeRegion { get; set; } = "";

    [Display(Name = "可资助的服务")]
    public List<string> Services { get; set; } = [];

    [Display(Name = "资助人群（不选表示不限）")]
    public List<BeneficiaryGroup> Groups { get; set; } = [];

    [Display(Name = "资助区域")]
    public List<string> RegionScope { get; set; } = [];

    [Display(Name = "基金总额（元）")]
    public decimal? TotalYuan { get; set; }

    [Display(Name = "单笔资助上限（元）")]
    public decimal? MaxPerGrantYuan { get; set; }

    [Display(Name = "管理组织")]
    public long? ManagerOrganisationId { get; set; }

    [StringLength(1000, ErrorMessage = "简介不能超过 {1} 个字"), Display(Name = "简介")]
    public string? Description { get; set; }

    [StringLength(64), Display(Name = "外部编号")]
    public string? ExternalId { get; set; }

    public (FundProfile Profile, Money Total)? ToProfile(InputReader read, DataScope scope)
    {
        var home = read.Region(nameof(HomeRegion), HomeRegion, scope, RegionLevel.County, RegionLevel.Township, RegionLevel.Village);
        var services = read.Services(nameof(Services), Services);
        var regions = read.Regions(nameof(RegionScope), RegionScope.Count > 0 ? RegionScope : [HomeRegion]);
        var total = read.Yuan(nameof(TotalYuan), TotalYuan);
        var max = read.Yuan(nameof(MaxPerGrantYuan), MaxPerGrantYuan);
        if (total is { } t && max is { } m && m > t) read.Errors.Add(nameof(MaxPerGrantYuan), "单笔资助上限不能超过基金总额。");
        if (read.Errors.Any || home is null || total is null || max is null) return null;
        return (new FundProfile(Name, Kind, home.Code, services, Groups, regions, max.Value, ManagerOrganisationId, Description), total.Value);
    }
}

public sealed class MicroGrantInput
{
    [Required(ErrorMessage = "请填写项目名称"), StringLength(64, ErrorMessage = "名称不能超过 {1} 个字"), Display(Name = "项目名称")]
    public string Name { get; set; } = "";

    [Display(Name = "承接组织")]
    public long OwnerOrganisationId { get; set; }

    [Required(ErrorMessage = "请选择所属地区"), StringLength(64), Display(Name = "所属地区")]
    public string HomeRegion { get; set; } = "";

    [Display(Name = "服务内容")]
    public List<string> Services { get; set; } = [];

    [Display(Name = "服务人群（不选表示不限）")]
    public List<BeneficiaryGroup> Groups { get; set; } = [];

    [Display(Name = "项目区域")]
    public List<string> RegionScope { get; set; } = [];

    [Required(ErrorMessage = "请填写开始日期"), Display(Name = "开始日期")]
    public DateOnly? StartsOn { get; set; }

    [Required(ErrorMessage = "请填写结束日期"), Display(Name = "结束日期")]
    public DateOnly? EndsOn { get; set; }

    [Range(1, 100_000, ErrorMessage = "名额应在 1 到 100000 之间"), Display(Name = "服务名额")]
    public int Places { get; set; } = 20;

    [Display(Name = "项目预算（元）")]
    public decimal? BudgetYuan { get; set; }

    [StringLength(1000, ErrorMessage = "简介不能超过 {1} 个字"), Display(Name = "项目简介")]
    public string? Description { get; set; }

    [StringLength(64), Display(Name = "外部编号")]
    public string? ExternalId { get; set; }

    public MicroGrantProfile? ToProfile(InputReader read, DataScope scope)
    {
        var home = read.Region(nameof(HomeRegion), HomeRegion, scope, RegionLevel.County, RegionLevel.Township, RegionLevel.Village);
        var services = read.Services(nameof(Services), Services);
        var regions = read.Regions(nameof(RegionScope), RegionScope.Count > 0 ? RegionScope : [HomeRegion]);
        var budget = read.Yuan(nameof(BudgetYuan), BudgetYuan);
        if (StartsOn is { } s && EndsOn is { } e && e < s) read.Errors.Add(nameof(EndsOn), "结束日期不能早于开始日期。");
        if (OwnerOrganisationId <= 0) read.Errors.Add(nameof(OwnerOrganisationId), "请选择承接项目的组织。");
        if (read.Errors.Any || home is null || budget is null || StartsOn is null || EndsOn is null) return null;
        return new MicroGrantProfile(Name, OwnerOrganisationId, home.Code, services, Groups, regions, StartsOn.Value, EndsOn.Value,
            budget.Value, Description);
    }
}
