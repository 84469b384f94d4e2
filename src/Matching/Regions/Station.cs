using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Regions;

public enum StationKind
{
    TownshipStation,      // 乡镇（街道）社工站
    CountyGuidanceCentre, // 县级社会工作指导中心
}

/// A social-work station: one per township or street, plus the county's guidance centre.
/// A worker of the station sees the data of the villages inside <see cref="RegionCode"/>.
public class Station
{
    private Station() { Name = ""; } // for EF Core

    public Station(string name, DivisionCode regionCode, StationKind kind, string? address = null, string? phone = null)
    {
        var expected = kind == StationKind.TownshipStation ? RegionLevel.Township : RegionLevel.County;
        if (regionCode.Level != expected)
            throw new DomainException("station.region", kind == StationKind.TownshipStation
                ? "乡镇（街道）社工站必须设在乡镇或街道一级。"
                : "县级社会工作指导中心必须设在县一级。");
        Name = Guard.Text(name, "站点名称", 64);
        RegionCode = regionCode;
        Kind = kind;
        Update(name, address, phone);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public DivisionCode RegionCode { get; private set; }
    public StationKind Kind { get; private set; }
    public string? Address { get; private set; }
    public string? Phone { get; private set; }

    public bool Covers(DivisionCode code) => code.IsWithin(RegionCode);

    public void Update(string name, string? address, string? phone)
    {
        Name = Guard.Text(name, "站点名称", 64);
        Address = Guard.OptionalText(address, "站点地址", 128);
        Phone = Guard.OptionalText(phone, "联系电话", 32);
    }
}
