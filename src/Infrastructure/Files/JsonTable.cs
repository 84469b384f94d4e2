using System.Text.Json;

namespace FiveSocieties.Infrastructure.Files;

/// JSON: an array of objects whose keys are the same column names as in a spreadsheet (Chinese or
/// English); an array value is a list ("技能": ["烹饪", "驾驶"]).
internal static class JsonTable
{
    // Array of records, record, list value: 3 levels; a little room for other systems' shapes.
    private const int MaxDepth = 8;

    public static Table Read(byte[] content, ImportLimits limits)
    {
        CheckDepth(content);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, Options);
        }
        catch (JsonException e)
        {
            throw new TableFileException($"JSON 格式错误（第 {e.LineNumber + 1} 行附近）：请检查引号、逗号和括号。");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new TableFileException("JSON 文件应是一个数组，每个元素是一行记录，如 [{\"姓名\": \"王秀英\", …}]。");
            // The keys of every record, in the order they first appear, are the header.
            var headers = new List<string>();
            var column = new Dictionary<string, int>(StringComparer.Ordinal);
            var number = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                number++;
                if (element.ValueKind != JsonValueKind.Object)
                    throw new TableFileException($"JSON 数组的第 {number} 个元素不是对象。");
                foreach (var property in element.EnumerateObject())
                    if (column.TryAdd(property.Name, headers.Count)) headers.Add(property.Name);
                if (number > TableFile.MaxRows) break;
            }
            var table = new TableBuilder(limits);
            table.Headers(1, headers);
            number = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var record = new string[headers.Count];
                foreach (var property in element.EnumerateObject()) record[column[property.Name]] = Text(property.Value);
                table.Add(++number, record.Select(r => r ?? "").ToArray());
            }
            return table.Build();
        }
    }

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth + 1,
    };

    /// A file nested deeper than any roster is refused by name before it is parsed (the parser's own
    /// limit would read as a syntax error).
    private static void CheckDepth(byte[] content)
    {
        var reader = new Utf8JsonReader(content, new JsonReaderOptions
        {
            AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth + 2,
        });
        try
        {
            while (reader.Read())
                if (reader.CurrentDepth > MaxDepth)
                    throw new TableFileException($"JSON 嵌套层数过多（超过 {MaxDepth} 层）：文件应是对象数组，值为文字、数字或文字数组。");
        }
        catch (JsonException)
        {
            // Syntax errors are reported by the parse, with their line.
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        // As written: 1e999999 stays text for the row checks to refuse, never an overflow here.
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Array => string.Join("、", value.EnumerateArray().Select(Text)),
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };
}
