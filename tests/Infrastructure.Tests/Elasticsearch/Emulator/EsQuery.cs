using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;

/// A document's score when it matches the query, null when it does not.
internal delegate double? Matcher(EsDoc doc);

/// The query DSL. Parse errors happen on the "coordinating node" (a plain 400); Compile runs per index ("shard")
/// against its mapping, and its errors (and those thrown by a Matcher) become shard failures.
/// Scores: match_all and every other leaf score `boost` (1.0) in query context; a bool sums its must and matching
/// should clauses, so filter-only queries score 0.0.
internal abstract partial class EsQuery
{
    public const string WithinRadiusScript = ElasticsearchEmulator.WithinRadiusScript;

    public abstract Matcher Compile(EsIndex index);

    /// The fields the query names where a mapping is needed (term, terms, range, geo_distance), for the percolator's check.
    public virtual IEnumerable<string> FieldsNamed() => [];

    public static readonly EsQuery MatchAll = new MatchAllQuery(1);

    public static EsQuery Parse(JsonNode? node)
    {
        if (node is not JsonObject query) throw EsException.Parsing("[_na] query malformed, must start with start_object");
        if (query.Count == 0) throw EsException.Parsing("query malformed, empty clause found");
        var (type, body) = query.First();
        // As AbstractQueryBuilder.parseInnerQueryBuilder reads it: the name, then its object, then nothing else.
        if (body is not JsonObject) throw EsException.Parsing($"[{type}] query malformed, no start_object after query name");
        if (query.Count > 1) throw EsException.Parsing($"[{type}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]");
        var o = body as JsonObject ?? [];
        var boost = EsJson.TryDouble(o["boost"], out var b) ? b : 1.0;
        switch (type)
        {
            case "match_all":
                Allow(type, o);
                return new MatchAllQuery(boost);
            case "match_none":
                Allow(type, o);
                return new MatchNoneQuery();
            case "ids":
                Allow(type, o, "values");
                return new IdsQuery([.. EsJson.OneOrMany(o["values"]).Select(EsJson.Scalar).OfType<string>()], boost);
            case "exists":
                Allow(type, o, "field");
                return new ExistsQuery(EsJson.String(o["field"]) ?? throw EsException.Parsing("[exists] must be provided with a [field]"), boost);
            case "bool":
                return ParseBool(o, boost);
            case "constant_score":
                Allow(type, o, "filter");
                return new ConstantScoreQuery(Parse(o["filter"] ?? throw EsException.Parsing("[constant_score] requires a 'filter' element")), boost);
            case "script":
                return ParseScript(o, boost);
            case "term":
            {
                var (field, value) = SingleField(type, o, allowOptions: false);
                var options = value as JsonObject;
                if (options is not null) Allow(type, options, "value", "case_insensitive");
                var term = options is null ? value : options["value"];
                if (term is null or JsonObject or JsonArray) throw EsException.Parsing($"[{type}] query does not support array or object values, or null");
                return new TermQuery(field, [term], EsJson.Bool(options?["case_insensitive"]) == true, options is null ? 1 : EsJson.TryDouble(options["boost"], out b) ? b : 1);
            }
            case "terms":
            {
                var (field, value) = SingleField(type, o, allowOptions: true);
                if (value is not JsonArray values) throw EsException.Unsupported("[terms] lookup");
                return new TermQuery(field, [.. values.Select(v => v ?? throw EsException.Parsing("No value specified for terms query"))], false, boost);
            }
            case "range":
            {
                var (field, value) = SingleField(type, o, allowOptions: false);
                if (value is not JsonObject r) throw EsException.Parsing($"[range] query malformed, no start_object after query name");
                Allow(type, r, "gt", "gte", "lt", "lte", "from", "to", "include_lower", "include_upper", "format", "relation", "time_zone");
                if (EsJson.String(r["time_zone"]) is { } zone && zone is not ("UTC" or "Z" or "+00:00" or "Etc/UTC"))
                    throw EsException.Unsupported($"time_zone [{zone}]");
                var (lower, lowerIncl) = r["gt"] is { } gt ? (gt, false) : r["gte"] is { } gte ? (gte, true) : (r["from"], EsJson.Bool(r["include_lower"]) ?? true);
                var (upper, upperIncl) = r["lt"] is { } lt ? (lt, false) : r["lte"] is { } lte ? (lte, true) : (r["to"], EsJson.Bool(r["include_upper"]) ?? true);
                return new RangeQuery(field, lower, lowerIncl, upper, upperIncl, EsJson.String(r["format"]), EsJson.TryDouble(r["boost"], out b) ? b : 1);
            }
            case "geo_distance":
                return ParseGeoDistance(o, boost);
            case "percolate":
            {
                Allow(type, o, "field", "document", "documents");
                var field = EsJson.String(o["field"]) ?? throw EsException.Parsing("[percolate] query is missing required [field] parameter");
                var documents = o["document"] is { } one ? [one] : EsJson.OneOrMany(o["documents"]).ToList();
                if (documents.Count == 0 || documents.Any(d => d is not JsonObject))
                    throw EsException.Parsing("[percolate] query is missing required [document] or [documents] parameter");
                return new PercolateQuery(field, [.. documents.Cast<JsonObject>()], boost);
            }
            default:
                throw new EsException(400, "parsing_exception", $"unknown query [{type}]")
                    { Cause = EsException.Java("named_object_not_found_exception", $"[1:1] unknown field [{type}]") };
        }
    }

    private static void Allow(string type, JsonObject body, params string[] keys)
    {
        foreach (var (key, _) in body)
            if (key is not ("boost" or "_name") && !keys.Contains(key))
                throw EsException.Parsing($"[{type}] query does not support [{key}]");
    }

    /// The one field a term/terms/range/geo_distance query names.
    private static (string Field, JsonNode? Value) SingleField(string type, JsonObject body, bool allowOptions)
    {
        var fields = body.Where(p => !allowOptions || p.Key is not ("boost" or "_name")).ToList();
        if (fields.Count == 0) throw EsException.Parsing($"[{type}] query requires a field");
        if (fields.Count > 1) throw EsException.Parsing($"[{type}] query doesn't support multiple fields, found [{fields[0].Key}] and [{fields[1].Key}]");
        return (fields[0].Key, fields[0].Value);
    }

    private static BoolQuery ParseBool(JsonObject o, double boost)
    {
        Allow("bool", o, "must", "filter", "should", "must_not", "minimum_should_match", "adjust_pure_negative");
        List<EsQuery> Clauses(string name) => [.. EsJson.OneOrMany(o[name]).Select(Parse)];
        var msm = o["minimum_should_match"];
        if (msm is not null && EsJson.Long(msm) is null && !(EsJson.String(msm) ?? "").EndsWith('%'))
            throw EsException.Unsupported($"minimum_should_match [{EsJson.Scalar(msm)}]");
        return new BoolQuery(Clauses("must"), Clauses("filter"), Clauses("should"), Clauses("must_not"), msm, boost);
    }

    private static GeoDistanceQuery ParseGeoDistance(JsonObject o, double boost)
    {
        var fields = o.Where(p => p.Key is not ("distance" or "distance_type" or "validation_method" or "ignore_unmapped" or "boost" or "_name")).ToList();
        if (fields.Count != 1)
            throw EsException.Parsing(fields.Count == 0 ? "[geo_distance] requires a point" : $"[geo_distance] field name already set to [{fields[0].Key}] but found [{fields[1].Key}]");
        GeoPoint center;
        try { center = EsGeo.Parse(fields[0].Value ?? throw EsException.Java("illegal_argument_exception", "null point")); }
        catch (EsException e) when (e.IsJava) { throw new EsException(400, "parsing_exception", "[geo_distance] failed to parse point") { Cause = e }; }
        if (EsJson.String(o["distance_type"]) is { } t && t is not ("arc" or "plane"))
            throw EsException.IllegalArgument($"No geo distance for [{t}]");
        return new GeoDistanceQuery(fields[0].Key, center, EsGeo.Meters(o["distance"]), EsJson.Bool(o["ignore_unmapped"]) == true, boost);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private static ScriptQuery ParseScript(JsonObject o, double boost)
    {
        Allow("script", o, "script");
        var script = o["script"] as JsonObject;
        var source = EsJson.String(o["script"]) ?? EsJson.String(script?["source"]);
        if (source is null)
            throw script?["id"] is not null ? EsException.Unsupported("a stored script") : EsException.Parsing("[script] query requires a script");
        var lang = EsJson.String(script?["lang"]) ?? "painless";
        EsException? compileError = null;
        if (lang != "painless" || Spaces().Replace(source, " ").Trim() != Spaces().Replace(WithinRadiusScript, " "))
        {
            compileError = new EsException(400, "script_exception", "compile error")
                {
                    Cause = EsException.Java("illegal_argument_exception",
                        $"the Elasticsearch emulator evaluates only one painless script (ElasticsearchEmulator.WithinRadiusScript), not [{source}]"),
                }
                .With("script_stack", new JsonArray()).With("script", source).With("lang", lang);
        }
        return new ScriptQuery(source, script?["params"] as JsonObject ?? [], compileError, boost);
    }

    // ---- the queries ----

    private sealed class MatchAllQuery(double boost) : EsQuery
    {
        public override Matcher Compile(EsIndex index) => _ => boost;
    }

    private sealed class MatchNoneQuery : EsQuery
    {
        public override Matcher Compile(EsIndex index) => _ => null;
    }

    private sealed class IdsQuery(HashSet<string> ids, double boost) : EsQuery
    {
        public override Matcher Compile(EsIndex index) => doc => ids.Contains(doc.Id) ? boost : null;
    }

    private sealed class ConstantScoreQuery(EsQuery filter, double boost) : EsQuery
    {
        public override IEnumerable<string> FieldsNamed() => filter.FieldsNamed();

        public override Matcher Compile(EsIndex index)
        {
            var inner = filter.Compile(index);
            return doc => inner(doc) is null ? null : boost;
        }
    }

    /// term (one value) and terms: any value of the field equal to any of the values, compared as the field's type.
    private sealed class TermQuery(string field, List<JsonNode> values, bool caseInsensitive, double boost) : EsQuery
    {
        public override IEnumerable<string> FieldsNamed() => [field];

        public override Matcher Compile(EsIndex index)
        {
            if (field is "_id" or "_index")
            {
                var texts = values.Select(EsJson.Scalar).ToHashSet();
                return doc => texts.Contains(field == "_id" ? doc.Id : index.Name) ? boost : null;
            }
            if (index.Mapping.Field(field) is not { } f) return _ => null;
            var tests = values.Select(v => Equality(index, f, v, caseInsensitive)).OfType<Func<object, bool>>().ToList();
            return doc => index.Mapping.Values(doc.Source, f).Any(v => tests.Any(t => t(v))) ? boost : null;
        }

        /// A test for one term value; null when the value can never match (a fraction on an integer field).
        private static Func<object, bool>? Equality(EsIndex index, FieldInfo f, JsonNode value, bool caseInsensitive)
        {
            var comparison = caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            switch (f.Type)
            {
                case "keyword" or "text" or "match_only_text":
                    var text = EsJson.Scalar(value)!;
                    return v => string.Equals((string)v, text, comparison);
                case "boolean":
                    var flag = EsJson.Bool(value) ?? (EsJson.String(value) == "" ? false
                        : throw EsException.QueryShard(index, $"failed to create query: Can't parse boolean value [{EsJson.Scalar(value)}], expected [true] or [false]"));
                    return v => (bool)v == flag;
                case "date":
                    var (from, to) = (DateBound(index, f, value, false), DateBound(index, f, value, true));
                    return v => (long)v >= from && (long)v <= to;
                case "geo_point":
                    throw EsException.QueryShard(index, $"failed to create query: Geometry fields do not support exact searching, use dedicated geometry queries instead: [{f.Path}]");
                default:
                    var number = Number(index, f, value);
                    if (f.Mapper.IsIntegral)
                    {
                        if (number != Math.Truncate(number)) return null;
                        var l = EsJson.Long(value) ?? (long)number;
                        return v => (long)v == l;
                    }
                    return v => (double)v == number;
            }
        }
    }

    /// A number for a numeric field (float fields compare at float precision), or the shard error ES gives.
    private static double Number(EsIndex index, FieldInfo f, JsonNode value)
    {
        if (!EsJson.TryDouble(value, out var d))
            throw EsException.QueryShard(index, $"failed to create query: For input string: \"{EsJson.Scalar(value)}\"",
                EsException.Java("number_format_exception", $"For input string: \"{EsJson.Scalar(value)}\""));
        return f.Type is "float" or "half_float" ? (float)d : d;
    }

    /// A date in a query: a number is epoch milliseconds, a string is read with the query's or the field's format.
    private static long DateBound(EsIndex index, FieldInfo f, JsonNode value, bool roundUp, string? format = null)
    {
        if (EsJson.Kind(value) == JsonValueKind.Number) return (long)EsJson.Element(value).GetDouble();
        try { return EsDates.Parse(EsJson.Scalar(value) ?? "", format ?? f.Mapper.Format, roundUp); }
        catch (EsException e) { throw EsException.QueryShard(index, $"failed to create query: {e.Message}", e); }
    }

    private sealed class RangeQuery(string field, JsonNode? lower, bool lowerInclusive, JsonNode? upper, bool upperInclusive, string? format, double boost) : EsQuery
    {
        public override IEnumerable<string> FieldsNamed() => [field];

        public override Matcher Compile(EsIndex index)
        {
            if (index.Mapping.Field(field) is not { } f) return _ => null;
            Func<object, int>? from = lower is null ? null : Comparer(index, f, lower, !lowerInclusive);
            Func<object, int>? to = upper is null ? null : Comparer(index, f, upper, upperInclusive);
            bool InRange(object v) =>
                (from is null || (from(v) is var c && (lowerInclusive ? c >= 0 : c > 0)))
                && (to is null || (to(v) is var d && (upperInclusive ? d <= 0 : d < 0)));
            return doc => index.Mapping.Values(doc.Source, f).Any(InRange) ? boost : null;
        }

        /// Compares a field value with a bound (dates: `gt` and `lte` bounds round up, as in ES).
        private Func<object, int> Comparer(EsIndex index, FieldInfo f, JsonNode bound, bool roundUp)
        {
            switch (f.Type)
            {
                case "keyword" or "text" or "match_only_text":
                    var text = EsJson.Scalar(bound) ?? "";
                    return v => string.CompareOrdinal((string)v, text);
                case "boolean":
                    var flag = EsJson.Bool(bound) ?? throw EsException.QueryShard(index, $"failed to create query: Can't parse boolean value [{EsJson.Scalar(bound)}], expected [true] or [false]");
                    return v => ((bool)v).CompareTo(flag);
                case "date":
                    var millis = DateBound(index, f, bound, roundUp, format);
                    return v => ((long)v).CompareTo(millis);
                case "geo_point":
                    throw EsException.QueryShard(index, $"failed to create query: Field [{f.Path}] of type [geo_point] does not support range queries");
                default:
                    var number = Number(index, f, bound);
                    return v => (v is long l ? l : (double)v).CompareTo(number);
            }
        }
    }

    private sealed class ExistsQuery(string field, double boost) : EsQuery
    {
        public override Matcher Compile(EsIndex index)
        {
            if (field is "_id" or "_index" or "_source") return _ => boost;
            var fields = index.Mapping.Field(field) is { } f ? [f] : index.Mapping.IsObject(field) ? index.Mapping.FieldsUnder(field).ToList() : [];
            return doc => fields.Any(f => index.Mapping.HasValue(doc.Source, f)) ? boost : null;
        }
    }

    private sealed class BoolQuery(List<EsQuery> must, List<EsQuery> filter, List<EsQuery> should, List<EsQuery> mustNot, JsonNode? msm, double boost) : EsQuery
    {
        public override IEnumerable<string> FieldsNamed() => must.Concat(filter).Concat(should).Concat(mustNot).SelectMany(q => q.FieldsNamed());

        public override Matcher Compile(EsIndex index)
        {
            if (must.Count + filter.Count + should.Count + mustNot.Count == 0) return _ => boost; // ES: an empty bool is match_all
            var (mu, fi, sh, mn) = (Compile(must), Compile(filter), Compile(should), Compile(mustNot));
            // With should clauses and no must/filter at least one should clause must match (Lucene: a pure disjunction);
            // otherwise should clauses are optional unless minimum_should_match says how many.
            var required = MinimumShouldMatch(msm, should.Count);
            if (must.Count + filter.Count == 0 && should.Count > 0) required = Math.Max(required, 1);
            return doc =>
            {
                double score = 0;
                foreach (var m in mu)
                {
                    if (m(doc) is not { } s) return null;
                    score += s;
                }
                if (fi.Any(m => m(doc) is null) || mn.Any(m => m(doc) is not null)) return null;
                var matched = 0;
                foreach (var m in sh)
                {
                    if (m(doc) is not { } s) continue;
                    matched++;
                    score += s;
                }
                return matched < required ? null : score * boost;
            };

            List<Matcher> Compile(List<EsQuery> queries) => [.. queries.Select(q => q.Compile(index))];
        }

        /// Integer ("2", "-1": all but one) or percentage ("50%", "-25%") forms.
        private static int MinimumShouldMatch(JsonNode? spec, int count)
        {
            if (spec is null) return 0;
            if (EsJson.Long(spec) is { } n) return (int)Math.Max(0, n < 0 ? count + n : n);
            var percent = int.Parse(EsJson.String(spec)!.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture);
            var part = (int)Math.Floor(count * Math.Abs(percent) / 100.0);
            return Math.Max(0, percent < 0 ? count - part : part);
        }
    }

    private sealed class GeoDistanceQuery(string field, GeoPoint center, double meters, bool ignoreUnmapped, double boost) : EsQuery
    {
        public override IEnumerable<string> FieldsNamed() => ignoreUnmapped ? [] : [field];

        public override Matcher Compile(EsIndex index)
        {
            var f = index.Mapping.Field(field);
            if (f is null && ignoreUnmapped) return _ => null;
            if (f is null) throw EsException.QueryShard(index, $"failed to find geo field [{field}]");
            if (f.Type != "geo_point") throw EsException.QueryShard(index, $"field [{field}] is not a geo_point field");
            return doc => index.Mapping.Values(doc.Source, f).Cast<GeoPoint>()
                .Any(p => EsGeo.Distance(EsGeo.Quantize(p), center.Lat, center.Lon) <= meters) ? boost : null;
        }
    }

    /// WithinRadiusScript, evaluated as painless would: doc['location'] and doc['radius_km'] are doc values
    /// (the geo point quantized, the smallest of several values; a float radius at float precision).
    private sealed class ScriptQuery(string source, JsonObject parameters, EsException? compileError, double boost) : EsQuery
    {
        /// Scripts compile on the shards: a compile error is a shard failure, as in ES.
        public override Matcher Compile(EsIndex index) => compileError is not null ? throw compileError : doc =>
        {
            var locations = DocValues("location", doc);
            if (locations.Count == 0) return null;
            var radii = DocValues("radius_km", doc);
            if (radii.Count == 0) return null;
            var point = EsGeo.Quantize(locations.Cast<GeoPoint>().MinBy(p => ((long)Encode(p.Lat, 180) << 32) | (uint)Encode(p.Lon, 360)));
            var radius = radii.Select(r => r is long l ? l : r is double d ? d : throw Runtime("class_cast_exception", $"class {r.GetType().Name} cannot be cast to class java.lang.Number")).Min();
            var distance = EsGeo.Distance(point, Param("lat"), Param("lon"));
            return distance <= radius * 1000 + Param("slack_m") ? boost : null;

            List<object> DocValues(string name, EsDoc d) =>
                index.Mapping.Field(name) is { } f ? index.Mapping.Values(d.Source, f)
                : throw Runtime("illegal_argument_exception", $"No field found for [{name}] in mapping");
        };

        private static int Encode(double degrees, double span) => (int)Math.Floor(Math.Min(degrees, Math.BitDecrement(span / 2)) / (span / 4294967296.0));

        private double Param(string name) =>
            EsJson.TryDouble(parameters[name], out var value) && EsJson.Kind(parameters[name]) == JsonValueKind.Number ? value
            : throw Runtime("null_pointer_exception", $"Cannot invoke \"Object.getClass()\" because \"params.{name}\" is null");

        private EsException Runtime(string type, string reason) =>
            new EsException(400, "script_exception", "runtime error") { Cause = EsException.Java(type, reason) }
                .With("script_stack", new JsonArray()).With("script", source).With("lang", "painless");
    }

    /// The stored queries of a percolator field that match any of the given documents. The documents are parsed with
    /// the index's mapping (a strict mapping refuses an unknown field, as ES does); the ids query never matches them.
    private sealed class PercolateQuery(string field, List<JsonObject> documents, double boost) : EsQuery
    {
        public override Matcher Compile(EsIndex index)
        {
            var f = index.Mapping.Field(field) ?? throw EsException.QueryShard(index, $"field [{field}] does not exist");
            if (f.Type != "percolator") throw EsException.QueryShard(index, $"expected field [{field}] to be of type [percolator], but is of type [{f.Type}]");
            var candidates = documents.Select((d, i) =>
            {
                index.Mapping.Clone().Check(d, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return new EsDoc("", d, d.ToJsonString(), 1, 0, 0);
            }).ToList();
            return stored =>
            {
                if (stored.Source[field] is not JsonObject query) return null;
                var matcher = Parse(query).Compile(index);
                return candidates.Any(c => matcher(c) is not null) ? boost : null;
            };
        }
    }
}
