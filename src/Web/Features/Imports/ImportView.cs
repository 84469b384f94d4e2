using FiveSocieties.Infrastructure.Imports;

namespace FiveSocieties.Web.Features.Imports;

public static class ImportView
{
    public static string StatusName(ImportStatus status) => status switch
    {
        ImportStatus.Queued => "排队中",
        ImportStatus.Validating => "正在检查",
        ImportStatus.Invalid => "有错误，未导入",
        ImportStatus.Importing => "正在导入",
        ImportStatus.Completed => "已完成",
        _ => "失败",
    };
}
