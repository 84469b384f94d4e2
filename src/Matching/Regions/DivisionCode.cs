using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Regions;

public enum RegionLevel
{
    Province = 1, // 省
    City = 2,     // 市/州
    County = 3,   // 县/市/区
    Township = 4, // 乡镇/街道
    Village = 5,  // 村/社区
}

/// A 12-digit statistical division code (统计用区划代码): 2 province, 2 city, 2 county,
/// 3 township, 3 village digits; trailing zeros mark a higher level. Six- and nine-digit forms
/// (e.g. "341821") are accepted and padded.
public readonly record struct DivisionCode : IComparable<DivisionCode>
{
    private static readonly HashSet<int> Provinces =
        [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82];

    private DivisionCode(string value) => Value = value;

    public string Value { get; }

    public RegionLevel Level =>
        Value.AsSpan(9).SequenceEqual("000")
            ? Value.AsSpan(6).SequenceEqual("000000")
                ? Value.AsSpan(4).SequenceEqual("00000000")
                    ? Value.AsSpan(2).SequenceEqual("0000000000") ? RegionLevel.Province : RegionLevel.City
                    : RegionLevel.County
                : RegionLevel.Township
            : RegionLevel.Village;

    /// The code of the region directly above, or null for a province. Cities without counties
    /// (e.g. 东莞) have townships whose parent is the city itself.
    public DivisionCode? Parent => Level switch
    {
        RegionLevel.Province => null,
        RegionLevel.City => new DivisionCode(Value[..2] + "0000000000"),
        RegionLevel.County => new DivisionCode(Value[..4] + "00000000"),
        RegionLevel.Township => Value.AsSpan(4, 2).SequenceEqual("00")
            ? new DivisionCode(Value[..4] + "00000000")
            : new DivisionCode(Value[..6] + "000000"),
        _ => new DivisionCode(Value[..9] + "000"),
    };

    /// The significant digits: "341821" for a county, "341821100" for a township.
    public string Prefix => Level switch
    {
        RegionLevel.Province => Value[..2],
        RegionLevel.City => Value[..4],
        RegionLevel.County => Value[..6],
        RegionLevel.Township => Value[..9],
        _ => Value,
    };

    /// True when this code is <paramref name="area"/> itself or lies inside it.
    public bool IsWithin(DivisionCode area) => Value.StartsWith(area.Prefix, StringComparison.Ordinal);

    /// The ancestor at <paramref name="level"/> (or this code when it is already at or above it).
    public DivisionCode AtLevel(RegionLevel level)
    {
        var keep = level switch
        {
            RegionLevel.Province => 2,
            RegionLevel.City => 4,
            RegionLevel.County => 6,
            RegionLevel.Township => 9,
            _ => 12,
        };
        return Level <= level ? this : new DivisionCode(Value[..keep].PadRight(12, '0'));
    }

    public static bool IsKnownProvince(ReadOnlySpan<char> twoDigits) =>
        twoDigits.Length == 2 && char.IsAsciiDigit(twoDigits[0]) && char.IsAsciiDigit(twoDigits[1])
        && Provinces.Contains((twoDigits[0] - '0') * 10 + (twoDigits[1] - '0'));

    public static bool TryParse(string? input, out DivisionCode code, out string error)
    {
        code = default;
        var value = (input ?? "").Trim();
        if (value.Length is 6 or 9) value = value.PadRight(12, '0');
        if (value.Length != 12 || !value.All(char.IsAsciiDigit))
        {
            error = "区划代码应为 12 位数字。";
            return false;
        }
        if (!IsKnownProvince(value.AsSpan(0, 2)))
        {
            error = "区划代码的省级代码无效。";
            return false;
        }
        var cityZero = value.AsSpan(2, 2).SequenceEqual("00");
        var belowCity = !value.AsSpan(4).SequenceEqual("00000000");
        if (cityZero && belowCity)
        {
            error = "区划代码层级不连续：缺少地市级代码。";
            return false;
        }
        if (value.AsSpan(6, 3).SequenceEqual("000") && !value.AsSpan(9).SequenceEqual("000"))
        {
            error = "区划代码层级不连续：村级代码缺少乡镇级代码。";
            return false;
        }
        code = new DivisionCode(value);
        error = "";
        return true;
    }

    public static DivisionCode Parse(string? input) =>
        TryParse(input, out var code, out var error) ? code : throw new DomainException("division-code.invalid", error);

    public int CompareTo(DivisionCode other) => string.CompareOrdinal(Value, other.Value);

    /// The code as a number, for indexes that compare codes by arithmetic (<see cref="DivisionNumbers"/>).
    public long Number => long.Parse(Value, System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => Value;
}

/// <see cref="DivisionCode"/>'s level, ancestor and containment rules on the 12-digit number, for
/// hot loops that cannot afford strings. The same answers as the string forms (tested).
public static class DivisionNumbers
{
    public static RegionLevel Level(long code) =>
        code % 1000 != 0 ? RegionLevel.Village
        : code % 1_000_000 != 0 ? RegionLevel.Township
        : code % 100_000_000 != 0 ? RegionLevel.County
        : code % 10_000_000_000 != 0 ? RegionLevel.City
        : RegionLevel.Province;

    /// 10 to the power of the number of insignificant trailing digits of <paramref name="code"/>'s level.
    public static long Scale(long code) => Level(code) switch
    {
        RegionLevel.Village => 1,
        RegionLevel.Township => 1000,
        RegionLevel.County => 1_000_000,
        RegionLevel.City => 100_000_000,
        _ => 10_000_000_000,
    };

    public static bool IsWithin(long code, long area)
    {
        var scale = Scale(area);
        return code / scale == area / scale;
    }

    public static long AtLevel(long code, RegionLevel level)
    {
        if (Level(code) <= level) return code;
        long scale = level switch
        {
            RegionLevel.Province => 10_000_000_000,
            RegionLevel.City => 100_000_000,
            RegionLevel.County => 1_000_000,
            RegionLevel.Township => 1000,
            _ => 1,
        };
        return code / scale * scale;
    }
}
