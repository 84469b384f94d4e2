using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Tests.Builders;

/// Fixed moments, people and places, so no test depends on the clock or on random data.
public static class Fixed
{
    /// Monday 10 March 2025, 09:00 in China.
    public static readonly DateTimeOffset Now = new(2025, 3, 10, 9, 0, 0, ChinaTime.Offset);

    /// Later than every step the builders take to reach a status (offers made by them have expired).
    public static readonly DateTimeOffset Later = Now.AddDays(10);

    public static DateOnly Today => ChinaTime.Today(Now);

    public static readonly ActorRef Resident = new("u-resident", "王秀英");
    public static readonly ActorRef Committee = new("u-committee", "张主任");
    public static readonly ActorRef Worker = new("u-worker", "李社工");
    public static readonly ActorRef Provider = new("u-provider", "赵志愿");
    public static readonly ActorRef Admin = new("u-admin", "县民政局管理员");
}

/// Real division codes of Langxi County, Anhui (seed 002), plus a village below one of its townships.
public static class Codes
{
    public static readonly DivisionCode Anhui = DivisionCode.Parse("340000000000");
    public static readonly DivisionCode Xuancheng = DivisionCode.Parse("341800000000");
    public static readonly DivisionCode Langxi = DivisionCode.Parse("341821000000");
    public static readonly DivisionCode Jianping = DivisionCode.Parse("341821100000"); // 建平镇
    public static readonly DivisionCode Shizi = DivisionCode.Parse("341821101000");    // 十字镇
    public static readonly DivisionCode Village = DivisionCode.Parse("341821100201");  // a village of 建平镇
    public static readonly DivisionCode ShiziVillage = DivisionCode.Parse("341821101203");
}
