using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;

/// Small helpers over System.Text.Json nodes (all request values are parsed nodes, so backed by JsonElement).
internal static class EsJson
{
    public static readonly JsonSerializerOptions Compact =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    public static readonly JsonSerializerOptions Pretty =
        new(Compact) { WriteIndented = true };

    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static JsonElement Element(JsonNode node) =>
        node is JsonValue v && v.TryGetValue(out JsonElement e) ? e : JsonDocument.Parse(node.ToJsonString()).RootElement;

    public static string? String(JsonNode? node) => Kind(node) == JsonValueKind.String ? node!.GetValue<string>() : null;

    /// The text of a scalar as ES reads it for a keyword: strings as they are, numbers as written, booleans as true/false.
    public static string? Scalar(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.String => node!.GetValue<string>(),
        JsonValueKind.Number => Element(node!).GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// A JSON number or a numeric string.
    public static bool TryDouble(JsonNode? node, out double value)
    {
        value = 0;
        switch (Kind(node))
        {
            case JsonValueKind.Number:
                value = Element(node!).GetDouble();
                return true;
            case JsonValueKind.String:
                return double.TryParse(node!.GetValue<string>().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                return false;
        }
    }

    public static long? Long(JsonNode? node) =>
        Kind(node) == JsonValueKind.Number && Element(node!).TryGetInt64(out var l) ? l
        : Kind(node) == JsonValueKind.String && long.TryParse(node!.GetValue<string>(), CultureInfo.InvariantCulture, out l) ? l
        : null;

    public static bool? Bool(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => node!.GetValue<string>() switch { "true" => true, "false" => false, _ => null },
        _ => null,
    };

    /// A double written as ES (Java) writes it: always with a fraction or exponent, e.g. 1.0.
    public static JsonNode Num(double d)
    {
        if (double.IsInfinity(d) || double.IsNaN(d)) return JsonValue.Create(d.ToString(CultureInfo.InvariantCulture).Replace("∞", "Infinity"))!;
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.') && !text.Contains('E')) text += ".0";
        return JsonNode.Parse(text)!;
    }

    /// JSON text written out as it is (a document's _source).
    public static JsonNode Raw(string json) => JsonValue.Create(new RawJson(json), RawJsonInfo)!;

    [JsonConverter(typeof(RawJsonConverter))]
    private sealed record RawJson(string Text);

    private sealed class RawJsonConverter : JsonConverter<RawJson>
    {
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();
        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Text);
    }

    private static readonly JsonTypeInfo<RawJson> RawJsonInfo = (JsonTypeInfo<RawJson>)Compact.GetTypeInfo(typeof(RawJson));

    public static IEnumerable<JsonNode?> OneOrMany(JsonNode? node) => node is JsonArray a ? a : node is null ? [] : new[] { node };

    /// Parses a request body; a body that is not JSON is refused as ES refuses it.
    public static JsonNode? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            var node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (node is JsonObject o) _ = o.Count; // materialise, so a duplicate key fails here
            return node;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new EsException(400, "x_content_parse_exception", $"[1:1] {e.Message}");
        }
    }

    public static JsonObject? ParseObject(string body)
    {
        var node = Parse(body);
        return node switch
        {
            null => null,
            JsonObject o => o,
            _ => throw EsException.Parsing($"Unknown key for a {Token(node)} in [].")
        };
    }

    /// The Jackson token name ES quotes in its parse errors.
    public static string Token(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.Object => "START_OBJECT",
        JsonValueKind.Array => "START_ARRAY",
        JsonValueKind.String => "VALUE_STRING",
        JsonValueKind.Number => "VALUE_NUMBER",
        JsonValueKind.True or JsonValueKind.False => "VALUE_BOOLEAN",
        _ => "VALUE_NULL",
    };

    public static string Preview(JsonNode? node) => Kind(node) == JsonValueKind.String ? node!.GetValue<string>() : node?.ToJsonString() ?? "null";
}
