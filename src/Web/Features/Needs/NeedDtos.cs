using AutoMapper;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Web.Features.Api;

namespace FiveSocieties.Web.Features.Needs;

public sealed class NeedSummaryDto
{
    public long Id { get; init; }
    public string Title { get; init; } = "";
    public NeedStatus Status { get; init; }
    public Urgency Urgency { get; init; }
    public string ServiceItemCode { get; init; } = "";
    public string VillageCode { get; init; } = "";
    public IReadOnlyList<BeneficiaryGroup> Groups { get; init; } = [];
    public bool IsSensitive { get; init; }
    public RequesterKind RequesterKind { get; init; }
    public string BeneficiaryName { get; init; } = "";
    public string? ContactMobile { get; init; }
    public decimal QuantityAmount { get; init; }
    public QuantityUnit QuantityUnit { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class NeedDto
{
    public long Id { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public NeedStatus Status { get; init; }
    public Urgency Urgency { get; init; }
    public string ServiceItemCode { get; init; } = "";
    public IReadOnlyList<BeneficiaryGroup> BeneficiaryGroups { get; init; } = [];
    public bool IsSensitive { get; init; }
    public string VillageCode { get; init; } = "";
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? AddressDetail { get; init; }
    public DateOnly? WindowStart { get; init; }
    public DateOnly? WindowEnd { get; init; }

    /// Bits of the weekly grid (day × 3 + part, Monday morning = 0), and the same in words.
    public IReadOnlyList<int> Slots { get; init; } = [];
    public string SlotsText { get; init; } = "";
    public decimal QuantityAmount { get; init; }
    public QuantityUnit QuantityUnit { get; init; }
    public IReadOnlyList<string> RequiredSkills { get; init; } = [];
    public RequesterKind RequesterKind { get; init; }
    public string PostedByName { get; init; } = "";
    public string BeneficiaryName { get; init; } = "";
    public string? ContactMobile { get; init; }
    public string ConsentWordingVersion { get; init; } = "";
    public ConsentMethod ConsentMethod { get; init; }
    public DateTimeOffset ConsentGivenAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public IReadOnlyList<HistoryDto> History { get; init; } = [];
}

public sealed class CancelRequest
{
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "请填写取消原因")]
    [System.ComponentModel.DataAnnotations.StringLength(200, ErrorMessage = "原因不能超过 {1} 个字")]
    public string Reason { get; init; } = "";
}

public sealed class NeedMappings : Profile
{
    public NeedMappings()
    {
        CreateMap<NeedRow, NeedSummaryDto>()
            .ForMember(d => d.Groups, o => o.MapFrom(s => s.Groups))
            .ForMember(d => d.QuantityAmount, o => o.MapFrom(s => Amount(s.Quantity)))
            .ForMember(d => d.QuantityUnit, o => o.MapFrom(s => s.Quantity.Unit));
        CreateMap<Need, NeedDto>()
            .ForMember(d => d.Latitude, o => o.MapFrom(s => s.Location.HasValue ? s.Location.Value.Latitude : (double?)null))
            .ForMember(d => d.Longitude, o => o.MapFrom(s => s.Location.HasValue ? s.Location.Value.Longitude : (double?)null))
            .ForMember(d => d.WindowStart, o => o.MapFrom(s => s.Window.HasValue ? ChinaTime.Today(s.Window.Value.Start) : (DateOnly?)null))
            .ForMember(d => d.WindowEnd, o => o.MapFrom(s => s.Window.HasValue ? ChinaTime.Today(s.Window.Value.End.AddTicks(-1)) : (DateOnly?)null))
            .ForMember(d => d.Slots, o => o.MapFrom(s => NeedInput.From(s).Slots))
            .ForMember(d => d.SlotsText, o => o.MapFrom(s => s.WeeklySlots.IsEmpty ? "" : s.WeeklySlots.Describe()))
            .ForMember(d => d.QuantityAmount, o => o.MapFrom(s => Amount(s.Quantity)))
            .ForMember(d => d.QuantityUnit, o => o.MapFrom(s => s.Quantity.Unit))
            .ForMember(d => d.RequesterKind, o => o.MapFrom(s => s.Requester.Kind))
            .ForMember(d => d.PostedByName, o => o.MapFrom(s => s.Requester.PostedByName))
            .ForMember(d => d.BeneficiaryName, o => o.MapFrom(s => s.Requester.BeneficiaryName))
            .ForMember(d => d.ContactMobile, o => o.MapFrom(s => s.Requester.ContactMobile))
            .ForMember(d => d.ConsentWordingVersion, o => o.MapFrom(s => s.Consent.WordingVersion))
            .ForMember(d => d.ConsentMethod, o => o.MapFrom(s => s.Consent.Method))
            .ForMember(d => d.ConsentGivenAt, o => o.MapFrom(s => s.Consent.GivenAt));
        CreateMap<StatusChange<NeedStatus>, HistoryDto>();
    }

    private static decimal Amount(Quantity quantity) =>
        quantity.Unit == QuantityUnit.Money ? new Money(quantity.Amount).Yuan : quantity.Amount;
}
