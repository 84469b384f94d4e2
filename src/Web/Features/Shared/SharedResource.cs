namespace FiveSocieties.Web.Features.Shared;

/// Marker for the site's one string table. Keys are the Simplified Chinese text itself (zh-CN is
/// the default culture and needs no table); Resources/Features.Shared.SharedResource.en.resx
/// holds the English.
public sealed class SharedResource;
