using AutoMapper;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Web.Features.Api;

/// How the domain's value objects appear in JSON: codes as strings, money in yuan, and phone and
/// ID numbers always masked (full numbers only through the logged reveal on the site).
public sealed class ValueMappings : Profile
{
    public ValueMappings()
    {
        CreateMap<DivisionCode, string>().ConvertUsing(c => c.Value);
        CreateMap<MobileNumber, string>().ConvertUsing(m => m.Masked);
        CreateMap<ResidentIdNumber, string>().ConvertUsing(i => i.Masked);
        CreateMap<Money, decimal>().ConvertUsing(m => m.Yuan);
    }
}

public sealed class HistoryDto
{
    public string? From { get; init; }
    public string To { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public string ActorName { get; init; } = "";
    public string? Reason { get; init; }
}

public sealed class PageDto<T>
{
    public required IReadOnlyList<T> Items { get; init; }

    /// Rows matching the filter, counted up to 10,000; "totalIsCapped" says there are more.
    public int Total { get; init; }
    public bool TotalIsCapped => Total > Shared.Page<T>.CountLimit;

    /// Pass as "after" for the next page; null on the last page.
    public string? Next { get; init; }
}
