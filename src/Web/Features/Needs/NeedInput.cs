using System.ComponentModel.DataAnnotations;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Web.Features.Shared;

namespace FiveSocieties.Web.Features.Needs;

/// A need as a form or an API client sends it. Shape checks are attributes (messages in Chinese);
/// scope, catalogue and domain rules are checked by <see cref="NeedService"/>.
public sealed class NeedInput : IValidatableObject
{
    [Required(ErrorMessage = "请填写标题")]
    [StringLength(Need.TitleMaxLength, ErrorMessage = "标题不能超过 {1} 个字")]
    [Display(Name = "标题")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "请描述需要什么帮助")]
    [StringLength(Need.DescriptionMaxLength, ErrorMessage = "需求描述不能超过 {1} 个字")]
    [Display(Name = "需求描述")]
    public string Description { get; set; } = "";

    [Required(ErrorMessage = "请选择服务项目")]
    [StringLength(80)]
    [Display(Name = "服务项目")]
    public string ServiceItemCode { get; set; } = "";

    [Display(Name = "服务对象类别")]
    public List<BeneficiaryGroup> Groups { get; set; } = [];

    [Display(Name = "紧急程度")]
    public Urgency Urgency { get; set; } = Urgency.Normal;

    [Display(Name = "所在村（社区）")]
    [StringLength(12)]
    public string? VillageCode { get; set; }

    [Range(-90d, 90d, ErrorMessage = "纬度应在 -90 到 90 之间")]
    public double? Latitude { get; set; }

    [Range(-180d, 180d, ErrorMessage = "经度应在 -180 到 180 之间")]
    public double? Longitude { get; set; }

    [StringLength(128, ErrorMessage = "详细地址不能超过 {1} 个字")]
    [Display(Name = "详细地址")]
    public string? AddressDetail { get; set; }

    [Display(Name = "开始日期")]
    public DateOnly? WindowStart { get; set; }

    [Display(Name = "结束日期")]
    public DateOnly? WindowEnd { get; set; }

    /// Bits of the weekly grid (day × 3 + part, Monday morning = 0).
    [Display(Name = "每周可服务时段")]
    public List<int> Slots { get; set; } = [];

    [Range(0.01, 100_000_000, ErrorMessage = "数量必须大于 0")]
    [Display(Name = "数量")]
    public decimal QuantityAmount { get; set; } = 1;

    [Display(Name = "单位")]
    public QuantityUnit QuantityUnit { get; set; } = QuantityUnit.People;

    [StringLength(200, ErrorMessage = "所需技能过长")]
    [Display(Name = "所需技能")]
    public string? Skills { get; set; }

    [StringLength(32, ErrorMessage = "服务对象姓名不能超过 {1} 个字")]
    [Display(Name = "服务对象姓名")]
    public string? BeneficiaryName { get; set; }

    [StringLength(32)]
    [Display(Name = "联系电话")]
    public string? ContactMobile { get; set; }

    [Display(Name = "同意方式")]
    public ConsentMethod? ConsentMethod { get; set; }

    [Display(Name = "已阅读并同意个人信息处理说明")]
    public bool ConsentGiven { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Groups.Count == 0)
            yield return new ValidationResult("请至少选择一类服务对象", [nameof(Groups)]);
        if (WindowStart is { } start && WindowEnd is { } end && end < start)
            yield return new ValidationResult("结束日期不能早于开始日期", [nameof(WindowEnd)]);
        if ((WindowStart is null) != (WindowEnd is null))
            yield return new ValidationResult("请同时填写开始和结束日期", [WindowStart is null ? nameof(WindowStart) : nameof(WindowEnd)]);
        if (Slots.Any(s => s is < 0 or > 20))
            yield return new ValidationResult("每周时段无效", [nameof(Slots)]);
        if (QuantityUnit != QuantityUnit.Money && QuantityAmount != decimal.Truncate(QuantityAmount))
            yield return new ValidationResult("人数和小时数须为整数", [nameof(QuantityAmount)]);
        if (QuantityUnit == QuantityUnit.Money && QuantityAmount != decimal.Round(QuantityAmount, 2))
            yield return new ValidationResult("金额最多精确到分（两位小数）", [nameof(QuantityAmount)]);
        // A masked number (the one on record, sent back unchanged) is resolved by NeedService.
        if (!string.IsNullOrWhiteSpace(ContactMobile) && !KeptNumbers.IsMasked(ContactMobile) && !MobileNumber.TryParse(ContactMobile, out _, out var error))
            yield return new ValidationResult(error, [nameof(ContactMobile)]);
        if (!ConsentGiven)
            yield return new ValidationResult("须经服务对象同意处理个人信息，才能提交需求", [nameof(ConsentGiven)]);
    }

    public WeeklySlots WeeklySlots => new(Slots.Distinct().Where(s => s is >= 0 and <= 20).Aggregate(0, (bits, s) => bits | 1 << s));

    public IReadOnlyList<string> SkillList =>
        (Skills ?? "").Split(['、', ',', '，', ';', '；', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static NeedInput From(Need need) => new()
    {
        Title = need.Title,
        Description = need.Description,
        ServiceItemCode = need.ServiceItemCode,
        Groups = need.BeneficiaryGroups.ToList(),
        Urgency = need.Urgency,
        VillageCode = need.VillageCode.Value,
        Latitude = need.Location?.Latitude,
        Longitude = need.Location?.Longitude,
        AddressDetail = need.AddressDetail,
        WindowStart = need.Window is { } w ? ChinaTime.Today(w.Start) : null,
        WindowEnd = need.Window is { } v ? ChinaTime.Today(v.End.AddTicks(-1)) : null,
        Slots = need.WeeklySlots.Slots().Select(s => (s.Day == DayOfWeek.Sunday ? 6 : (int)s.Day - 1) * 3 + (int)s.Part).ToList(),
        QuantityAmount = need.Quantity.Unit == QuantityUnit.Money ? new Money(need.Quantity.Amount).Yuan : need.Quantity.Amount,
        QuantityUnit = need.Quantity.Unit,
        Skills = string.Join("、", need.RequiredSkills),
        BeneficiaryName = need.Requester.BeneficiaryName,
        ContactMobile = need.Requester.ContactMobile?.Masked,
        ConsentMethod = need.Consent.Method,
        ConsentGiven = true,
    };
}

/// The wording shown next to the consent box. Its version is stored with every need, so it is
/// always known which text a person agreed to; change the version whenever the text changes.
public static class ConsentWording
{
    public const string Version = "2025-01";

    public const string Text =
        "为办理本次服务需求，社工站将收集服务对象的姓名、联系电话、住址和所属人群类别（可能包括低保、特困、残疾、" +
        "未成年人等敏感信息），仅用于需求评估、资源匹配和服务回访，由所在社工站和县民政部门在必要范围内使用；" +
        "向服务提供方提供的信息限于完成服务所必需。查看完整联系方式会留下记录。您可以随时申请查阅、更正或删除。";
}
