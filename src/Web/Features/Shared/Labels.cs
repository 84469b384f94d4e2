using FiveSocieties.Matching.Catalogue;

namespace FiveSocieties.Web.Features.Shared;

/// Chinese names of the domain's enums, used as localization keys in views.
public static class Labels
{
    public static string Of(ServiceTier tier) => tier switch
    {
        ServiceTier.Basic => "基础类",
        ServiceTier.CapacityBuilding => "增能类",
        _ => "治理类",
    };

    public static string Of(ResourceKind kind) => kind switch
    {
        ResourceKind.Volunteer => "志愿者",
        ResourceKind.Organisation => "社会组织",
        ResourceKind.Fund => "慈善基金",
        _ => "微创投项目",
    };
}
