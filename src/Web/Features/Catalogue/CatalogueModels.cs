using AutoMapper;
using FiveSocieties.Matching.Catalogue;

namespace FiveSocieties.Web.Features.Catalogue;

public sealed record CatalogueItemView(string Code, string Name, ServiceTier Tier, string? Description,
    IReadOnlyList<ResourceKind> UsualResourceKinds, IReadOnlyList<string> Keywords);

public sealed record CatalogueAreaView(string Code, string Name, IReadOnlyList<CatalogueItemView> Items);

public sealed class CatalogueProfile : Profile
{
    public CatalogueProfile()
    {
        CreateMap<ServiceItem, CatalogueItemView>();
    }
}
