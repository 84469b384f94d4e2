using AutoMapper;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Web.Features.Resources;

public sealed class ResourceSummaryDto
{
    public ResourceKind Kind { get; init; }
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public ApprovalStatus Status { get; init; }
    public string HomeRegion { get; init; } = "";
    public IReadOnlyList<string> ServiceCodes { get; init; } = [];
    public string? MaskedContact { get; init; }
    public string Summary { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class ResourceMappings : Profile
{
    public ResourceMappings()
    {
        CreateMap<ResourceRow, ResourceSummaryDto>();
    }
}
