using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;

internal abstract class Mapper;

/// An object (the root too): its properties and its `dynamic` setting ("true", "false", "strict"; null = inherited).
internal sealed class ObjectMapper : Mapper
{
    public Dictionary<string, Mapper> Properties { get; } = new(StringComparer.Ordinal);
    public string? Dynamic { get; set; }
}

/// A leaf field; `Definition` is the mapping as given (echoed by GET _mapping), `Fields` its multi-fields.
internal sealed class FieldMapper(string type, JsonObject definition) : Mapper
{
    public string Type { get; } = type;
    public JsonObject Definition { get; } = definition;
    public string? Format => EsJson.String(Definition["format"]);
    public int? IgnoreAbove => (int?)EsJson.Long(Definition["ignore_above"]);
    public Dictionary<string, FieldMapper> Fields { get; } = new(StringComparer.Ordinal);
    public bool IsIntegral => Type is "long" or "integer" or "short" or "byte";
    public bool IsNumeric => IsIntegral || Type is "double" or "float" or "half_float";
}

/// A searchable field: its mapper and where its values are in _source (a multi-field reads its parent's values).
internal sealed record FieldInfo(string Path, string SourcePath, FieldMapper Mapper)
{
    public string Type => Mapper.Type;
}

internal readonly record struct GeoPoint(double Lat, double Lon);

/// An index's mapping. Values read from _source are typed: keyword/text -> string (text: its tokens),
/// numbers -> long or double, boolean -> bool, date -> epoch milliseconds (long), geo_point -> GeoPoint.
internal sealed class IndexMapping
{
    private static readonly HashSet<string> Types =
        ["keyword", "text", "match_only_text", "boolean", "long", "integer", "short", "byte", "double", "float", "half_float", "date", "geo_point", "percolator"];
    private static readonly HashSet<string> RootParameters =
        ["_source", "_meta", "_routing", "date_detection", "numeric_detection", "dynamic_date_formats", "dynamic_templates"];
    private static readonly HashSet<string> MetadataFields =
        ["_id", "_index", "_source", "_routing", "_version", "_seq_no", "_primary_term", "_ignored", "_field_names", "_doc_count", "_tier", "_nested_path"];

    private readonly Dictionary<string, FieldInfo> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _objects = new(StringComparer.Ordinal);

    public ObjectMapper Root { get; } = new();
    public JsonObject RootParams { get; } = [];
    /// "true" unless the root says otherwise.
    public string Dynamic => Root.Dynamic ?? "true";

    public static IndexMapping Parse(JsonObject? json)
    {
        var mapping = new IndexMapping();
        foreach (var (key, value) in json ?? [])
        {
            if (key == "properties") ParseProperties(value, mapping.Root, "");
            else if (key == "dynamic") mapping.Root.Dynamic = ParseDynamic(value);
            else if (key == "runtime") throw EsException.Unsupported("[runtime] fields");
            else if (RootParameters.Contains(key)) mapping.RootParams[key] = value?.DeepClone();
            else throw new EsException(400, "mapper_parsing_exception", $"Root mapping definition has unsupported parameters:  [{key} : {EsJson.Preview(value)}]");
        }
        mapping.Rebuild();
        return mapping;
    }

    private static void ParseProperties(JsonNode? node, ObjectMapper into, string path)
    {
        if (node is not JsonObject properties) throw new EsException(400, "mapper_parsing_exception", $"Expected map for property [properties] on field [{path}]");
        foreach (var (name, def) in properties) into.Properties[name] = ParseMapper(name, def, Join(path, name));
    }

    private static Mapper ParseMapper(string name, JsonNode? node, string path)
    {
        if (node is not JsonObject def) throw new EsException(400, "mapper_parsing_exception", $"Expected map for property [fields] on field [{name}] but got a {EsJson.Token(node)}");
        var type = EsJson.String(def["type"]);
        if (type == "object" || (type is null && def.ContainsKey("properties")))
        {
            var obj = new ObjectMapper { Dynamic = def.ContainsKey("dynamic") ? ParseDynamic(def["dynamic"]) : null };
            if (def["properties"] is not null) ParseProperties(def["properties"], obj, path);
            return obj;
        }
        if (type is null) throw new EsException(400, "mapper_parsing_exception", $"No type specified for field [{name}]");
        if (type == "nested") throw EsException.Unsupported("[nested] fields");
        if (!Types.Contains(type)) throw new EsException(400, "mapper_parsing_exception", $"No handler for type [{type}] declared on field [{name}]");
        var field = new FieldMapper(type, (JsonObject)def.DeepClone());
        if (def["fields"] is JsonObject subs)
            foreach (var (subName, subDef) in subs)
                field.Fields[subName] = ParseMapper(subName, subDef, Join(path, subName)) as FieldMapper
                    ?? throw new EsException(400, "mapper_parsing_exception", $"Type [object] cannot be used in multi field [{subName}]");
        return field;
    }

    private static string ParseDynamic(JsonNode? node) => EsJson.Scalar(node) switch
    {
        "true" => "true",
        "false" or "runtime" => "false",
        "strict" => "strict",
        var other => throw new EsException(400, "mapper_parsing_exception", $"Could not convert [dynamic] to boolean: {other}"),
    };

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Root.Dynamic is not null) json["dynamic"] = Root.Dynamic;
        foreach (var (key, value) in RootParams) json[key] = value?.DeepClone();
        if (Root.Properties.Count > 0) json["properties"] = PropertiesJson(Root);
        return json;
    }

    private static JsonObject PropertiesJson(ObjectMapper obj)
    {
        var json = new JsonObject();
        foreach (var (name, mapper) in obj.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (mapper is FieldMapper f) { json[name] = f.Definition.DeepClone(); continue; }
            var o = (ObjectMapper)mapper;
            var def = new JsonObject();
            if (o.Dynamic is not null) def["dynamic"] = o.Dynamic;
            def["properties"] = PropertiesJson(o);
            json[name] = def;
        }
        return json;
    }

    public IndexMapping Clone() => Parse(ToJson());

    /// PUT _mapping: new fields are added, an existing field keeps its type (new multi-fields are added).
    public IndexMapping Merge(JsonObject update)
    {
        var incoming = Parse(update);
        var merged = Clone();
        if (incoming.Root.Dynamic is not null) merged.Root.Dynamic = incoming.Root.Dynamic;
        foreach (var (key, value) in incoming.RootParams) merged.RootParams[key] = value?.DeepClone();
        MergeObject(merged.Root, incoming.Root, "");
        merged.Rebuild();
        return merged;
    }

    private static void MergeObject(ObjectMapper into, ObjectMapper from, string path)
    {
        if (from.Dynamic is not null) into.Dynamic = from.Dynamic;
        foreach (var (name, mapper) in from.Properties)
        {
            var fieldPath = Join(path, name);
            if (!into.Properties.TryGetValue(name, out var existing)) { into.Properties[name] = mapper; continue; }
            switch (existing, mapper)
            {
                case (ObjectMapper a, ObjectMapper b): MergeObject(a, b, fieldPath); break;
                case (FieldMapper a, FieldMapper b) when a.Type == b.Type:
                    foreach (var (sub, subMapper) in b.Fields.Where(s => !a.Fields.ContainsKey(s.Key)))
                    {
                        a.Fields[sub] = subMapper;
                        ((JsonObject)(a.Definition["fields"] ??= new JsonObject()))[sub] = subMapper.Definition.DeepClone();
                    }
                    break;
                default:
                    throw EsException.IllegalArgument($"mapper [{fieldPath}] cannot be changed from type [{TypeName(existing)}] to [{TypeName(mapper)}]");
            }
        }
    }

    private static string TypeName(Mapper m) => m is FieldMapper f ? f.Type : "object";

    private void Rebuild()
    {
        _fields.Clear();
        _objects.Clear();
        Index(Root, "");
    }

    private void Index(ObjectMapper obj, string path)
    {
        foreach (var (name, mapper) in obj.Properties)
        {
            var fieldPath = Join(path, name);
            if (mapper is ObjectMapper o) { _objects.Add(fieldPath); Index(o, fieldPath); continue; }
            var f = (FieldMapper)mapper;
            _fields[fieldPath] = new FieldInfo(fieldPath, fieldPath, f);
            foreach (var (sub, subMapper) in f.Fields) _fields[Join(fieldPath, sub)] = new FieldInfo(Join(fieldPath, sub), fieldPath, subMapper);
        }
    }

    public FieldInfo? Field(string path) => _fields.GetValueOrDefault(path);
    public bool IsObject(string path) => _objects.Contains(path);
    public IEnumerable<FieldInfo> FieldsUnder(string path) => _fields.Values.Where(f => f.Path.StartsWith(path + ".", StringComparison.Ordinal));

    // ---- documents ----

    /// Checks a document against the mapping as ES does when indexing it; with dynamic "true" new fields are mapped
    /// (in this mapping: call it on a clone). Returns whether fields were added.
    public bool Check(JsonObject source, string id)
    {
        var added = Walk(source, Root, "", Dynamic, id);
        if (added) Rebuild();
        return added;
    }

    private bool Walk(JsonObject obj, ObjectMapper mapper, string path, string dynamic, string id)
    {
        var added = false;
        foreach (var (key, value) in obj)
        {
            if (path.Length == 0 && MetadataFields.Contains(key))
                throw DocumentParsing($"Field [{key}] is a metadata field and cannot be added inside a document. Use the index API request parameters.");
            var segments = key.Split('.');
            var (parent, parentPath, dyn) = (mapper, path, dynamic);
            var skip = false;
            foreach (var segment in segments[..^1])
            {
                var objectPath = Join(parentPath, segment);
                if (!parent.Properties.TryGetValue(segment, out var next))
                {
                    if (dyn == "strict") throw Strict(segment, parentPath);
                    if (dyn != "true") { skip = true; break; }
                    parent.Properties[segment] = next = new ObjectMapper();
                    added = true;
                }
                if (next is not ObjectMapper child)
                    throw DocumentParsing($"Could not dynamically add mapping for field [{Join(path, key)}]. Existing mapping for [{objectPath}] must be of type object but found [{((FieldMapper)next).Type}].");
                (parent, parentPath, dyn) = (child, objectPath, child.Dynamic ?? dyn);
            }
            if (!skip) added |= Leaf(value, parent, segments[^1], parentPath, dyn, id);
        }
        return added;
    }

    private bool Leaf(JsonNode? value, ObjectMapper parent, string name, string parentPath, string dynamic, string id)
    {
        var path = Join(parentPath, name);
        var added = false;
        if (!parent.Properties.TryGetValue(name, out var mapper))
        {
            if (dynamic == "strict") throw Strict(name, parentPath);
            if (dynamic != "true" || (mapper = Infer(value)) is null) return false;
            parent.Properties[name] = mapper;
            added = true;
        }
        if (mapper is ObjectMapper obj)
        {
            foreach (var item in Flatten(value, false))
            {
                if (item is not JsonObject o)
                    throw DocumentParsing($"object mapping for [{path}] tried to parse field [{name}] as object, but found a concrete value");
                added |= Walk(o, obj, path, obj.Dynamic ?? dynamic, id);
            }
            return added;
        }
        var field = (FieldMapper)mapper;
        if (field.Type == "percolator")
        {
            CheckPercolatorQuery(value, path, id);
            return added;
        }
        foreach (var item in Flatten(value, field.Type == "geo_point"))
        {
            try { Convert(field, item); }
            catch (EsException e)
            {
                throw new EsException(400, "document_parsing_exception",
                    $"failed to parse field [{path}] of type [{field.Type}] in document with id '{id}'. Preview of field's value: '{EsJson.Preview(item)}'") { Cause = e };
            }
        }
        return added;
    }

    /// ES's dynamic mapping of a new field (string: date when it looks like one, else text with a keyword sub-field).
    private static Mapper? Infer(JsonNode? value)
    {
        switch (EsJson.Kind(value))
        {
            case JsonValueKind.Array: return ((JsonArray)value!).Select(Infer).FirstOrDefault(m => m is not null);
            case JsonValueKind.Object: return new ObjectMapper();
            case JsonValueKind.True or JsonValueKind.False: return Field("boolean");
            case JsonValueKind.Number:
                var raw = EsJson.Element(value!).GetRawText();
                return Field(raw.IndexOfAny(['.', 'e', 'E']) < 0 ? "long" : "float");
            case JsonValueKind.String:
                var s = value!.GetValue<string>();
                if (s.Length >= 10 && EsDates.TryParse(s, "strict_date_optional_time", false, out _)) return Field("date");
                var text = new FieldMapper("text", new JsonObject
                {
                    ["type"] = "text", ["fields"] = new JsonObject { ["keyword"] = new JsonObject { ["type"] = "keyword", ["ignore_above"] = 256 } },
                });
                text.Fields["keyword"] = new FieldMapper("keyword", new JsonObject { ["type"] = "keyword", ["ignore_above"] = 256 });
                return text;
            default: return null;
        }

        static FieldMapper Field(string type) => new(type, new JsonObject { ["type"] = type });
    }

    /// A percolator field holds one query, parsed when the document is written, over fields this index maps: as
    /// PercolatorFieldMapper parses it with unmapped fields disallowed (index.percolator.map_unmapped_fields_as_text
    /// false), a query that does not parse or names an unmapped field refuses the document. (Elasticsearch 7.x reports
    /// it as mapper_parsing_exception "failed to parse", 8.x as document_parsing_exception; the cause is the same.)
    private void CheckPercolatorQuery(JsonNode? value, string path, string id)
    {
        EsException Refused(EsException cause) =>
            new(400, "document_parsing_exception", $"failed to parse field [{path}] of type [percolator] in document with id '{id}'. Preview of field's value: '{EsJson.Preview(value)}'")
                { Cause = cause };
        EsQuery query;
        try { query = EsQuery.Parse(value); }
        catch (EsException e) { throw Refused(e); }
        foreach (var name in query.FieldsNamed())
            if (name is not ("_id" or "_index") && Field(name) is null)
                throw Refused(new EsException(400, "query_shard_exception", $"No field mapping can be found for the field with name [{name}]"));
    }

    private static EsException Strict(string name, string parentPath) =>
        new(400, "strict_dynamic_mapping_exception",
            $"mapping set to strict, dynamic introduction of [{name}] within [{(parentPath.Length == 0 ? "_doc" : parentPath)}] is not allowed");

    private static EsException DocumentParsing(string reason) => new(400, "document_parsing_exception", reason);

    /// Whether a document has a value for the field (as the exists query sees it: "" exists, null and [] do not).
    public bool HasValue(JsonObject source, FieldInfo field) =>
        field.Type is "text" or "match_only_text"
            ? Values(source, field with { Mapper = new FieldMapper("keyword", []) }).Count > 0
            : Values(source, field).Count > 0;

    /// The values of a field in a document, typed (see the class comment); unconvertible values are skipped.
    public List<object> Values(JsonObject source, FieldInfo field)
    {
        var raw = new List<JsonNode>();
        Collect(source, field.SourcePath.Split('.'), 0, raw, field.Type == "geo_point");
        var values = new List<object>(raw.Count);
        foreach (var node in raw)
        {
            try
            {
                var value = Convert(field.Mapper, node);
                if (field.Type is "text" or "match_only_text") values.AddRange(EsText.Tokens((string)value));
                else if (field.Type != "keyword" || field.Mapper.IgnoreAbove is not { } max || ((string)value).Length <= max) values.Add(value);
            }
            catch (EsException) { } // indexed before a mapping change: ES would have refused it, skip it
        }
        return values;
    }

    /// The values at a path: arrays are flattened, dotted keys ("a.b": 1) are read as objects.
    private static void Collect(JsonNode? node, string[] path, int at, List<JsonNode> into, bool geo)
    {
        if (node is null) return;
        if (at == path.Length) { into.AddRange(Flatten(node, geo)!); return; }
        if (node is JsonArray array) { foreach (var item in array) Collect(item, path, at, into, geo); return; }
        if (node is not JsonObject obj) return;
        for (var end = at + 1; end <= path.Length; end++)
            if (obj.TryGetPropertyValue(string.Join('.', path[at..end]), out var child)) Collect(child, path, end, into, geo);
    }

    /// The non-null values of a field value: arrays flattened, except a geo point written as [lon, lat].
    private static IEnumerable<JsonNode> Flatten(JsonNode? node, bool geo)
    {
        if (node is JsonArray array && !(geo && array.Count is 2 or 3 && array.All(i => EsJson.Kind(i) == JsonValueKind.Number)))
        {
            foreach (var item in array)
                foreach (var leaf in Flatten(item, geo)) yield return leaf;
        }
        else if (node is not null) yield return node;
    }

    /// A value converted for its field type as ES does (with its default coercion), or an error naming the problem.
    public static object Convert(FieldMapper field, JsonNode node)
    {
        var kind = EsJson.Kind(node);
        if (field.Type == "geo_point") return EsGeo.Parse(node);
        if (kind is JsonValueKind.Object or JsonValueKind.Array)
            throw EsException.Java("illegal_state_exception", $"Can't get text on a {EsJson.Token(node)}");
        switch (field.Type)
        {
            case "keyword" or "text" or "match_only_text":
                return EsJson.Scalar(node)!;
            case "boolean":
                return EsJson.Bool(node) ?? (EsJson.String(node) == "" ? false
                    : throw EsException.Java("illegal_argument_exception", $"Failed to parse value [{EsJson.Scalar(node)}] as only [true] or [false] are allowed."));
            case "date":
                return EsDates.Parse(EsJson.Scalar(node)!, field.Format, false);
            default:
                if (kind is not (JsonValueKind.Number or JsonValueKind.String))
                    throw EsException.Java("illegal_argument_exception", $"Current token ({EsJson.Token(node)}) not numeric, can not use numeric value accessors");
                return field.IsIntegral ? ToIntegral(field.Type, node) : (object)ToFloating(field.Type, node);
        }
    }

    public static long ToIntegral(string type, JsonNode node)
    {
        if (EsJson.Long(node) is not { } l)
        {
            if (!EsJson.TryDouble(node, out var d) || double.IsNaN(d) || double.IsInfinity(d))
                throw EsException.Java("number_format_exception", $"For input string: \"{EsJson.Scalar(node)}\"");
            if (Math.Truncate(d) is var t && (t < long.MinValue || t >= 9.2233720368547758E18))
                throw EsException.Java("illegal_argument_exception", $"Value [{EsJson.Scalar(node)}] is out of range for a long");
            l = (long)Math.Truncate(d);
        }
        var (min, max, name) = type switch
        {
            "integer" => (int.MinValue, int.MaxValue, "an integer"),
            "short" => (short.MinValue, short.MaxValue, "a short"),
            "byte" => (sbyte.MinValue, sbyte.MaxValue, "a byte"),
            _ => (long.MinValue, long.MaxValue, "a long"),
        };
        return l < min || l > max ? throw EsException.Java("illegal_argument_exception", $"Value [{EsJson.Scalar(node)}] is out of range for {name}") : l;
    }

    public static double ToFloating(string type, JsonNode node)
    {
        if (!EsJson.TryDouble(node, out var d) || double.IsNaN(d) || double.IsInfinity(d))
            throw EsException.Java("number_format_exception", $"For input string: \"{EsJson.Scalar(node)}\"");
        return type == "double" ? d : (float)d; // float fields keep float precision
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}

/// Date parsing as ES does for date fields and range bounds, with date math ("now-1d/d", "2024-01-01||+1M").
/// Missing parts round down, or up to the end of the period for `gt`/`lte` bounds (roundUp).
internal static partial class EsDates
{
    public const string DefaultFormat = "strict_date_optional_time||epoch_millis";

    [GeneratedRegex(@"^(?<y>\d{4})(?:-(?<M>\d{2})(?:-(?<d>\d{2})(?:T(?<H>\d{2})(?::(?<m>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?)?(?<z>Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$")]
    private static partial Regex Iso();

    [GeneratedRegex(@"^([+-])(\d*)([yMwdhHms])|^/([yMwdhHms])")]
    private static partial Regex MathStep();

    public static long Parse(string text, string? format, bool roundUp)
    {
        if (text.StartsWith("now", StringComparison.Ordinal)) return ApplyMath(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), text[3..], roundUp, text);
        var split = text.IndexOf("||", StringComparison.Ordinal);
        if (split >= 0) return ApplyMath(ParseFormats(text[..split], format, false), text[(split + 2)..], roundUp, text);
        return ParseFormats(text, format, roundUp);
    }

    public static bool TryParse(string text, string format, bool roundUp, out long millis)
    {
        try { millis = Parse(text, format, roundUp); return true; }
        catch (EsException) { millis = 0; return false; }
    }

    private static long ParseFormats(string text, string? format, bool roundUp)
    {
        format ??= DefaultFormat;
        foreach (var f in format.Split("||"))
            if (TryFormat(text, f.Trim(), roundUp) is { } millis) return millis;
        throw EsException.Java("illegal_argument_exception", $"failed to parse date field [{text}] with format [{format}]");
    }

    private static long? TryFormat(string text, string format, bool roundUp)
    {
        switch (format)
        {
            case "strict_date_optional_time" or "date_optional_time" or "strict_date_optional_time_nanos" or "strict_date_time" or "date_time":
                return IsoMillis(text, roundUp);
            case "epoch_millis" or "epoch_second":
                if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return null;
                return (long)Math.Truncate(format == "epoch_second" ? n * 1000 : n);
            case "strict_date" or "date":
                format = "yyyy-MM-dd";
                break;
            case "basic_date":
                format = "yyyyMMdd";
                break;
        }
        if (!DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
            return null;
        var ms = new DateTimeOffset(date, TimeSpan.Zero).ToUnixTimeMilliseconds();
        return roundUp && !format.Contains('H') && !format.Contains('h') ? ms + 86_399_999 : ms;
    }

    private static long? IsoMillis(string text, bool roundUp)
    {
        var m = Iso().Match(text);
        if (!m.Success) return null;
        int Part(string name, int missing) => m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : missing;
        try
        {
            var fraction = m.Groups["f"].Success ? int.Parse(m.Groups["f"].Value.PadRight(9, '0')[..3], CultureInfo.InvariantCulture) : roundUp ? 999 : 0;
            var date = new DateTime(Part("y", 0), Part("M", 1), Part("d", 1), Part("H", roundUp ? 23 : 0), Part("m", roundUp ? 59 : 0),
                Part("s", roundUp ? 59 : 0), fraction, DateTimeKind.Utc);
            var offset = TimeSpan.Zero;
            if (m.Groups["z"].Value is { Length: > 1 } z)
            {
                var digits = z[1..].Replace(":", "");
                offset = new TimeSpan(int.Parse(digits[..2], CultureInfo.InvariantCulture), digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0, 0);
                if (z[0] == '-') offset = -offset;
            }
            return new DateTimeOffset(date, TimeSpan.Zero).ToUnixTimeMilliseconds() - (long)offset.TotalMilliseconds;
        }
        catch (ArgumentOutOfRangeException) { return null; }
    }

    private static long ApplyMath(long baseMillis, string math, bool roundUp, string text)
    {
        var date = DateTimeOffset.FromUnixTimeMilliseconds(baseMillis).UtcDateTime;
        while (math.Length > 0)
        {
            var step = MathStep().Match(math);
            if (!step.Success) throw EsException.Java("illegal_argument_exception", $"operator not supported for date math [{text}]");
            math = math[step.Length..];
            if (step.Groups[4].Success)
            {
                var unit = step.Groups[4].Value[0];
                var start = unit switch
                {
                    'y' => new DateTime(date.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                    'M' => new DateTime(date.Year, date.Month, 1, 0, 0, 0, DateTimeKind.Utc),
                    'w' => date.Date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
                    'd' => date.Date,
                    'h' or 'H' => date.Date.AddHours(date.Hour),
                    'm' => date.Date.AddHours(date.Hour).AddMinutes(date.Minute),
                    _ => date.Date.AddHours(date.Hour).AddMinutes(date.Minute).AddSeconds(date.Second),
                };
                date = roundUp ? Add(start, unit, 1).AddMilliseconds(-1) : start;
            }
            else
            {
                var amount = step.Groups[2].Value.Length == 0 ? 1 : int.Parse(step.Groups[2].Value, CultureInfo.InvariantCulture);
                date = Add(date, step.Groups[3].Value[0], step.Groups[1].Value == "-" ? -amount : amount);
            }
        }
        return new DateTimeOffset(date, TimeSpan.Zero).ToUnixTimeMilliseconds();

        static DateTime Add(DateTime d, char unit, int n) => unit switch
        {
            'y' => d.AddYears(n),
            'M' => d.AddMonths(n),
            'w' => d.AddDays(7 * n),
            'd' => d.AddDays(n),
            'h' or 'H' => d.AddHours(n),
            'm' => d.AddMinutes(n),
            _ => d.AddSeconds(n),
        };
    }
}

/// geo_point values and distances as ES computes them (points are stored quantized as Lucene encodes them).
internal static class EsGeo
{
    public const double EarthRadius = 6371008.7714;
    private const double LatDecode = 180.0 / 4294967296.0, LonDecode = 360.0 / 4294967296.0;

    /// {"lat":..,"lon":..}, [lon, lat], "lat,lon", "POINT (lon lat)" or GeoJSON {"type":"Point","coordinates":[lon, lat]}.
    public static GeoPoint Parse(JsonNode node)
    {
        double lat, lon;
        switch (node)
        {
            case JsonObject o when o["coordinates"] is JsonArray c:
                return Parse(c);
            case JsonObject o:
                if (!EsJson.TryDouble(o["lat"], out lat) || !EsJson.TryDouble(o["lon"], out lon))
                    throw EsException.Java("illegal_argument_exception", "field [lat] and [lon] must be valid numbers");
                break;
            case JsonArray a when a.Count is 2 or 3 && EsJson.TryDouble(a[0], out lon) && EsJson.TryDouble(a[1], out lat):
                break;
            case JsonValue when EsJson.String(node) is { } s:
                var wkt = s.Trim();
                string[] parts;
                if (wkt.StartsWith("POINT", StringComparison.OrdinalIgnoreCase))
                {
                    parts = wkt[5..].Trim().TrimStart('(').TrimEnd(')').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length == 2) (parts[0], parts[1]) = (parts[1], parts[0]);
                }
                else parts = wkt.Split(',');
                if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out lat)
                    || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out lon))
                    throw EsException.Java("illegal_argument_exception", $"unsupported symbol [{s}] in geohash [{s}]");
                break;
            default:
                throw EsException.Java("illegal_argument_exception", $"geo_point expected, found {EsJson.Token(node)}");
        }
        if (lat is < -90 or > 90 || double.IsNaN(lat)) throw EsException.Java("illegal_argument_exception", $"illegal latitude value [{lat}] for {EsJson.Preview(node)}");
        if (lon is < -180 or > 180 || double.IsNaN(lon)) throw EsException.Java("illegal_argument_exception", $"illegal longitude value [{lon}] for {EsJson.Preview(node)}");
        return new GeoPoint(lat, lon);
    }

    /// The point as Lucene's LatLonPoint stores it (about 1 cm precision).
    public static GeoPoint Quantize(GeoPoint p) =>
        new(Math.Floor((p.Lat == 90 ? Math.BitDecrement(90.0) : p.Lat) / LatDecode) * LatDecode,
            Math.Floor((p.Lon == 180 ? Math.BitDecrement(180.0) : p.Lon) / LonDecode) * LonDecode);

    /// Lucene's haversinMeters.
    public static double Distance(GeoPoint a, double lat, double lon)
    {
        double x1 = a.Lat * Math.PI / 180, x2 = lat * Math.PI / 180;
        var h = 1 - Math.Cos(x1 - x2) + Math.Cos(x1) * Math.Cos(x2) * (1 - Math.Cos((a.Lon - lon) * Math.PI / 180));
        return EarthRadius * 2 * Math.Asin(Math.Min(1, Math.Sqrt(Math.Min(1, h) * 0.5)));
    }

    /// A distance in meters: a number (meters) or a string with a unit ("12.5km", "800m", "3mi").
    public static double Meters(JsonNode? node)
    {
        if (EsJson.Kind(node) == JsonValueKind.Number) return EsJson.Element(node!).GetDouble();
        var text = EsJson.String(node)?.Trim() ?? throw EsException.Parsing("geo_distance requires 'distance' to be specified");
        (string Unit, double Meters)[] units =
        [
            ("nauticalmiles", 1852), ("kilometers", 1000), ("millimeters", 0.001), ("centimeters", 0.01), ("meters", 1), ("miles", 1609.344),
            ("yards", 0.9144), ("feet", 0.3048), ("inch", 0.0254), ("nmi", 1852), ("NM", 1852), ("km", 1000), ("mm", 0.001), ("cm", 0.01),
            ("mi", 1609.344), ("yd", 0.9144), ("ft", 0.3048), ("in", 0.0254), ("m", 1),
        ];
        var (unit, factor) = units.FirstOrDefault(u => text.EndsWith(u.Unit, StringComparison.Ordinal), ("", 1));
        return double.TryParse(text[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n * factor
            : throw EsException.IllegalArgument($"failed to parse [{text}]");
    }
}

/// An approximation of the standard analyzer: lower-cased runs of letters and digits, each CJK ideograph a token.
internal static class EsText
{
    public static IEnumerable<string> Tokens(string text)
    {
        var token = new StringBuilder();
        foreach (var c in text)
        {
            var cjk = c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';
            if (char.IsLetterOrDigit(c) && !cjk) { token.Append(char.ToLowerInvariant(c)); continue; }
            if (token.Length > 0) { yield return token.ToString(); token.Clear(); }
            if (cjk) yield return c.ToString();
        }
        if (token.Length > 0) yield return token.ToString();
    }
}
