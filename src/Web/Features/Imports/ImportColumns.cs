using FiveSocieties.Infrastructure.Imports;

namespace FiveSocieties.Web.Features.Imports;

/// A column of an import file: the header people write (and the other headers accepted for it),
/// whether it must be filled, and an example value for the template.
public sealed record ImportColumn(string Key, string Header, string[] Aliases, bool Required, string Example, string Note = "")
{
    public bool Matches(string header)
    {
        var normal = Normalise(header);
        return Normalise(Header) == normal || Normalise(Key) == normal || Aliases.Any(a => Normalise(a) == normal);
    }

    /// "所属村（社区）", "所属村(社区)" and "所属村 社区" are one header; so are "Mobile" and "mobile".
    public static string Normalise(string header) => new string(header.Where(c => !char.IsWhiteSpace(c) && c is not ('(' or ')' or '（' or '）' or '*' or '＊' or ':' or '：')).ToArray()).ToLowerInvariant();
}

/// The columns of each kind of import. Headers are what a Chinese roster has (姓名, 手机号, 所属村(社区),
/// 技能 …); English keys are accepted too, and JSON uses the same names.
public static class ImportColumns
{
    public static readonly ImportColumn ExternalId = new("externalId", "外部编号", ["编号", "序号ID", "系统编号", "id"], false, "LX-V-0001",
        "原名册中的编号；重复导入同一文件时据此更新而不重复登记");

    public static IReadOnlyList<ImportColumn> For(ImportKind kind) => kind switch
    {
        ImportKind.Volunteers => Volunteers,
        ImportKind.Organisations => Organisations,
        ImportKind.Funds => Funds,
        ImportKind.MicroGrants => MicroGrants,
        _ => Needs,
    };

    public static readonly IReadOnlyList<ImportColumn> Volunteers =
    [
        ExternalId,
        new("name", "姓名", ["名字", "志愿者姓名", "队伍名称"], true, "王秀英"),
        new("mobile", "手机号", ["手机", "手机号码", "联系电话", "电话"], true, "13812345678", "11 位手机号；无外部编号时按手机号识别同一人"),
        new("village", "所属村(社区)", ["所在村(社区)", "村(社区)", "村居", "所在村", "村社区", "社区", "村"], true, "建平镇东夏村", "村（社区）名称（可加乡镇名）或 12 位区划代码"),
        new("services", "服务项目", ["服务", "愿意提供的服务", "服务领域", "服务类别"], true, "养老服务、四点半课堂", "服务目录中的领域或项目名称（或代码），多个用顿号分隔"),
        new("skills", "技能", ["特长", "专长"], false, "烹饪、驾驶"),
        new("availability", "可服务时间", ["每周时段", "服务时间", "空闲时间"], false, "周六上午、周日下午", "周一至周日 + 上午/下午/晚上，如“周一至周五晚上”“周末全天”"),
        new("radiusKm", "服务半径(公里)", ["服务半径", "半径"], false, "5"),
        new("maxTasks", "同时承接任务数", ["最多同时承接", "同时任务数"], false, "2"),
        new("memberCount", "人数", ["队伍人数"], false, "1", "志愿服务队填写队员人数"),
        new("backgroundCheckIssuedOn", "无犯罪记录证明日期", ["无犯罪记录证明开具日期", "无犯罪证明日期"], false, "2026-03-01", "为儿童服务必须提供，一年内有效"),
        new("backgroundCheckNumber", "无犯罪记录证明编号", ["证明编号"], false, "郎公证字12345号"),
        new("idNumber", "身份证号", ["身份证", "身份证号码"], false, "", "选填；列表中会打码显示"),
        new("description", "简介", ["自我介绍", "备注"], false, "退休教师，擅长辅导作业"),
    ];

    public static readonly IReadOnlyList<ImportColumn> Organisations =
    [
        ExternalId,
        new("name", "组织名称", ["名称", "机构名称", "单位名称"], true, "郎溪县益众社会工作服务中心"),
        new("creditCode", "统一社会信用代码", ["信用代码", "社会信用代码"], true, "52341821MJ1234567X", "18 位，含校验位"),
        new("type", "组织类型", ["类型", "机构类型"], false, "社工机构", "社工机构 / 社区社会组织 / 慈善组织 / 志愿服务组织"),
        new("homeRegion", "登记所在地", ["所在地", "所属乡镇", "登记地"], true, "建平镇"),
        new("services", "服务项目", ["服务", "服务领域"], true, "养老服务、儿童关爱保护"),
        new("serviceArea", "服务区域", ["服务范围"], false, "建平镇、十字镇", "不填则为登记所在地"),
        new("monthlyCapacity", "每月服务容量", ["每月可承接", "月服务容量"], false, "20"),
        new("certifiedSocialWorkers", "持证社工人数", ["持证社工"], false, "6"),
        new("contactName", "联系人", [], true, "陈敏"),
        new("contactMobile", "联系电话", ["联系人电话", "手机号"], true, "13700002222"),
        new("address", "地址", ["办公地址"], false, "建平镇人民路8号"),
        new("description", "简介", ["备注"], false, ""),
    ];

    public static readonly IReadOnlyList<ImportColumn> Funds =
    [
        ExternalId,
        new("name", "基金名称", ["名称"], true, "建平镇东门社区公益基金"),
        new("kind", "基金类型", ["类型"], false, "社区公益基金", "社区公益基金 / 基金会专项 / 企业捐赠 / 福彩公益金"),
        new("homeRegion", "所属地区", ["所在地"], true, "建平镇"),
        new("services", "可资助服务", ["资助服务", "服务项目", "资助领域"], true, "适老化改造、助学帮扶"),
        new("groups", "资助人群", ["服务对象", "资助对象"], false, "独居困难老人、困境儿童", "不填表示不限"),
        new("regionScope", "资助区域", ["区域"], false, "建平镇", "不填则为所属地区"),
        new("totalYuan", "基金总额(元)", ["总额", "基金总额"], true, "200000"),
        new("maxPerGrantYuan", "单笔上限(元)", ["单笔资助上限", "单笔上限"], true, "5000"),
        new("manager", "管理组织", ["管理机构"], false, "郎溪县慈善会", "组织名称或统一社会信用代码"),
        new("description", "简介", ["备注"], false, ""),
    ];

    public static readonly IReadOnlyList<ImportColumn> MicroGrants =
    [
        ExternalId,
        new("name", "项目名称", ["名称"], true, "留守儿童四点半课堂公益创投项目"),
        new("owner", "承接组织", ["承接单位", "执行机构"], true, "郎溪县益众社会工作服务中心", "组织名称或统一社会信用代码"),
        new("homeRegion", "所属地区", ["所在地"], true, "建平镇"),
        new("services", "服务内容", ["服务项目", "服务"], true, "四点半课堂"),
        new("groups", "服务人群", ["服务对象"], false, "留守儿童", "不填表示不限"),
        new("regionScope", "项目区域", ["实施区域"], false, "建平镇"),
        new("startsOn", "开始日期", ["起始日期"], true, "2026-03-01"),
        new("endsOn", "结束日期", ["截止日期"], true, "2026-12-31"),
        new("places", "名额", ["服务名额"], true, "40"),
        new("budgetYuan", "预算(元)", ["项目预算", "预算"], true, "50000"),
        new("description", "简介", ["备注"], false, ""),
    ];

    public static readonly IReadOnlyList<ImportColumn> Needs =
    [
        ExternalId,
        new("title", "标题", ["需求标题"], true, "独居老人助餐"),
        new("description", "需求描述", ["描述", "情况说明"], true, "王奶奶今年八十二岁，独自居住，希望每天中午有人送饭。"),
        new("service", "服务项目", ["服务", "需求类别"], true, "助餐服务"),
        new("groups", "服务对象类别", ["人群类别", "对象类别"], true, "独居困难老人"),
        new("urgency", "紧急程度", ["紧急"], false, "一般", "不急 / 一般 / 紧急 / 特急"),
        new("village", "所属村(社区)", ["所在村(社区)", "村(社区)", "村居", "村"], true, "东夏村"),
        new("address", "详细地址", ["地址", "门牌"], false, "3组12号"),
        new("windowStart", "开始日期", [], false, ""),
        new("windowEnd", "结束日期", [], false, ""),
        new("availability", "每周时段", ["服务时间"], false, "周一上午、周三上午"),
        new("quantity", "数量", ["人数", "数额"], false, "1"),
        new("unit", "单位", [], false, "人", "人 / 小时 / 元"),
        new("skills", "所需技能", ["技能"], false, "烹饪"),
        new("beneficiaryName", "服务对象姓名", ["姓名", "服务对象"], true, "王秀英"),
        new("contactMobile", "联系电话", ["手机号", "电话"], false, ""),
        new("consent", "同意方式", ["个人信息同意"], true, "口头", "口头 / 书面：服务对象已同意处理其个人信息的方式"),
    ];
}
