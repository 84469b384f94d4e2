using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Regions;

/// A division of the country, from province down to village or urban community.
public class Region
{
    private double? _latitude;
    private double? _longitude;

    private Region() { Name = ""; } // for EF Core

    public Region(DivisionCode code, string name, DivisionCode? parentCode, GeoPoint? location = null)
    {
        if (code.Value is null)
            throw new DomainException("region.code", "区划代码不能为空。");
        Code = code;
        Name = Guard.Text(name, "区划名称", 64);
        Level = code.Level;
        if (Level == RegionLevel.Province)
        {
            if (parentCode is not null)
                throw new DomainException("region.parent", "省级区划没有上级。");
        }
        else if (parentCode is not { } parent || !code.IsWithin(parent) || parent.Level >= Level)
        {
            throw new DomainException("region.parent", "“{0}”的上级区划代码不正确。", Name);
        }
        ParentCode = parentCode;
        MoveTo(location);
    }

    public DivisionCode Code { get; private set; }
    public string Name { get; private set; }
    public RegionLevel Level { get; private set; }
    public DivisionCode? ParentCode { get; private set; }
    public GeoPoint? Location => GeoPoint.FromNullable(_latitude, _longitude);

    /// Villages (村) and urban residential communities (社区) share the bottom level; the name tells them apart.
    public bool IsUrbanCommunity => Level == RegionLevel.Village && Name.EndsWith("社区", StringComparison.Ordinal);

    public void Rename(string name) => Name = Guard.Text(name, "区划名称", 64);

    public void MoveTo(GeoPoint? location)
    {
        _latitude = location?.Latitude;
        _longitude = location?.Longitude;
    }
}
