namespace FiveSocieties.Matching.Common;

public enum DayPart
{
    Morning = 0,   // 上午
    Afternoon = 1, // 下午
    Evening = 2,   // 晚上
}

/// A weekly availability grid: seven days × three parts of the day, held as 21 bits
/// (bit = day index × 3 + part, Monday first), so an overlap test is one AND.
public readonly record struct WeeklySlots
{
    public const int AllBits = (1 << 21) - 1;
    private static readonly string[] DayNames = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    private static readonly string[] PartNames = ["上午", "下午", "晚上"];

    public WeeklySlots(int bits)
    {
        if ((bits & ~AllBits) != 0)
            throw new DomainException("slots.invalid", "每周时段数据无效。");
        Bits = bits;
    }

    public int Bits { get; }
    public static WeeklySlots None => default;
    public static WeeklySlots Always => new(AllBits);
    public bool IsEmpty => Bits == 0;
    public int Count => System.Numerics.BitOperations.PopCount((uint)Bits);

    public static WeeklySlots Of(params (DayOfWeek Day, DayPart Part)[] slots)
    {
        var bits = 0;
        foreach (var (day, part) in slots) bits |= 1 << BitIndex(day, part);
        return new WeeklySlots(bits);
    }

    public bool Contains(DayOfWeek day, DayPart part) => (Bits & (1 << BitIndex(day, part))) != 0;
    public bool Overlaps(WeeklySlots other) => (Bits & other.Bits) != 0;
    public WeeklySlots Intersect(WeeklySlots other) => new(Bits & other.Bits);

    public IEnumerable<(DayOfWeek Day, DayPart Part)> Slots()
    {
        for (var bit = 0; bit < 21; bit++)
            if ((Bits & (1 << bit)) != 0)
                yield return (DayFromIndex(bit / 3), (DayPart)(bit % 3));
    }

    /// "周六上午、周日下午" — for explanations and lists.
    public string Describe()
    {
        if (IsEmpty) return "未填写";
        if (Bits == AllBits) return "每天全天";
        var text = new System.Text.StringBuilder(32);
        for (var bit = 0; bit < 21; bit++)
        {
            if ((Bits & (1 << bit)) == 0) continue;
            if (text.Length > 0) text.Append('、');
            text.Append(DayNames[bit / 3]).Append(PartNames[bit % 3]);
        }
        return text.ToString();
    }

    private static int DayIndex(DayOfWeek day) => day == DayOfWeek.Sunday ? 6 : (int)day - 1;
    private static DayOfWeek DayFromIndex(int index) => index == 6 ? DayOfWeek.Sunday : (DayOfWeek)(index + 1);
    private static int BitIndex(DayOfWeek day, DayPart part) => DayIndex(day) * 3 + (int)part;
}
