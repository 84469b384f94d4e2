using System.Text.Json;

namespace FiveSocieties.Infrastructure.Files;

/// JSON: an array of objects whose keys are the same column names as in a spreadsheet (Chinese or
/// English); an array value is a list ("技能": ["烹饪", "驾驶"]).
internal static class JsonTable
{
    public static Table Read(byte[] content)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new TableFileException($"JSON 格式错误（第 {e.LineNumber + 1} 行附近）：请检查引号、逗号和括号。");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new TableFileException("JSON 文件应是一个数组，每个元素是一行记录，如 [{\"姓名\": \"王秀英\", …}]。");
            var headers = new List<string>();
            var rows = new List<(int, string[])>();
            var records = new List<Dictionary<string, string>>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object)
                    throw new TableFileException($"JSON 数组的第 {records.Count + 1} 个元素不是对象。");
                var record = new Dictionary<string, string>();
                foreach (var property in element.EnumerateObject())
                {
                    if (!headers.Contains(property.Name)) headers.Add(property.Name);
                    record[property.Name] = Text(property.Value);
                }
                records.Add(record);
                if (records.Count > TableFile.MaxRows) break;
            }
            for (var i = 0; i < records.Count; i++)
                rows.Add((i + 1, headers.Select(h => records[i].GetValueOrDefault(h, "")).ToArray()));
            return TableFile.Clean(headers, rows);
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Array => string.Join("、", value.EnumerateArray().Select(Text)),
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };
}
