using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;

/// `_source` filtering: true/false, a pattern or patterns, or {"includes":[..],"excludes":[..]}; `*` wildcards, dotted paths.
internal sealed class SourceFilter(bool fetch, string[] includes, string[] excludes)
{
    public static readonly SourceFilter All = new(true, [], []);

    public static SourceFilter Parse(JsonNode? node) => node switch
    {
        null => All,
        JsonObject o => new(true, Patterns(o["includes"] ?? o["include"]), Patterns(o["excludes"] ?? o["exclude"])),
        JsonArray or JsonValue when EsJson.Kind(node) is JsonValueKind.String or JsonValueKind.Array => new(true, Patterns(node), []),
        _ => new(EsJson.Bool(node) ?? throw EsException.Parsing($"Unknown key for a {EsJson.Token(node)} in [_source]."), [], []),
    };

    /// The `_source`, `_source_includes` and `_source_excludes` URL parameters, which win over the body.
    public static SourceFilter FromQuery(IReadOnlyDictionary<string, string> query, SourceFilter fallback)
    {
        var includes = query.GetValueOrDefault("_source_includes")?.Split(',') ?? [];
        var excludes = query.GetValueOrDefault("_source_excludes")?.Split(',') ?? [];
        if (query.GetValueOrDefault("_source") is { } source)
        {
            if (bool.TryParse(source, out var fetch)) return new(fetch, includes, excludes);
            includes = [.. includes, .. source.Split(',')];
        }
        return includes.Length + excludes.Length > 0 ? new(true, includes, excludes) : fallback;
    }

    private static string[] Patterns(JsonNode? node) => [.. EsJson.OneOrMany(node).Select(EsJson.String).OfType<string>()];

    /// The _source of a hit: the document's own text when nothing is filtered out, null when not fetched.
    public JsonNode? Apply(EsDoc doc)
    {
        if (!fetch) return null;
        if (includes.Length + excludes.Length == 0) return EsJson.Raw(doc.SourceText);
        return Filter(doc.Source, "", includes.Length == 0) as JsonObject ?? [];
    }

    private JsonNode? Filter(JsonNode? node, string path, bool included)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var childPath = path.Length == 0 ? key : path + "." + key;
                    if (excludes.Any(p => Matches(p, childPath))) continue;
                    var child = Filter(value, childPath, included || includes.Any(p => Matches(p, childPath)));
                    if (child is not null || (value is null && (included || includes.Any(p => Matches(p, childPath))))) result[key] = child;
                }
                return result.Count > 0 || included ? result : null;
            case JsonArray array:
                var items = array.Select(i => Filter(i, path, included)).Where(i => i is not null).ToList();
                return items.Count > 0 || included ? new JsonArray([.. items]) : null;
            default:
                return included ? node?.DeepClone() : null;
        }
    }

    private static bool Matches(string pattern, string path) =>
        pattern.Contains('*') ? EsStore.Glob(pattern).IsMatch(path) : pattern == path;
}

internal sealed record SortSpec(string Field, bool Desc, bool MissingFirst, string? UnmappedType, string? Mode);

/// A sort key compiled for one index: its kind ("string", "long", "double", "float") and the value for a hit.
internal sealed record SortKey(SortSpec Spec, string Kind, Func<EsDoc, double, object?> Value)
{
    public int Compare(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null ? 0 : (a is null) == Spec.MissingFirst ? -1 : 1; // missing: not reversed by order
        var c = a switch
        {
            string s => string.CompareOrdinal(s, (string)b),
            long l => l.CompareTo((long)b),
            _ => ((double)a).CompareTo((double)b),
        };
        return Spec.Desc ? -c : c;
    }

    public JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => s,
        long l => l,
        double d when Kind == "float" && !double.IsInfinity(d) => JsonNode.Parse(FloatText((float)d)),
        double d => EsJson.Num(d),
        _ => throw new InvalidOperationException(),
    };

    private static string FloatText(float f) => f.ToString("R", CultureInfo.InvariantCulture) is var t && (t.Contains('.') || t.Contains('E')) ? t : t + ".0";

    /// A search_after value read back for this key.
    public object? FromJson(JsonNode? node, EsIndex index)
    {
        if (node is null) return null;
        object? value = Kind switch
        {
            "string" => EsJson.Scalar(node),
            "long" => EsJson.Long(node) ?? (EsJson.String(node) is { } s && Spec.Field != "_doc" && index.Mapping.Field(Spec.Field) is { Type: "date" } f
                && EsDates.TryParse(s, f.Mapper.Format ?? EsDates.DefaultFormat, false, out var millis) ? millis : null),
            _ => EsJson.TryDouble(node, out var d) ? d : EsJson.String(node) switch { "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => null },
        };
        return value ?? throw EsException.IllegalArgument($"Failed to parse search_after value for field [{Spec.Field}].");
    }
}

internal sealed record SearchHit(EsIndex Index, EsDoc Doc, double Score, object?[] SortValues);

/// _search, _count and _delete_by_query over the store (callers hold the store's lock).
internal sealed class EsSearch
{
    private static readonly HashSet<string> UnsupportedKeys =
    [
        "aggs", "aggregations", "highlight", "collapse", "post_filter", "rescore", "suggest", "script_fields", "docvalue_fields", "fields",
        "stored_fields", "min_score", "profile", "pit", "knn", "runtime_mappings", "indices_boost", "slice", "ext", "rank", "retriever", "terminate_after",
    ];

    private EsQuery _query = EsQuery.MatchAll;
    private int _from, _size = 10;
    private List<SortSpec> _sort = [];
    private JsonArray? _searchAfter;
    private SourceFilter _source = SourceFilter.All;
    private int? _trackTotalHits = 10_000; // null: exact
    private bool _totalAsInt, _trackScores, _version, _seqNo;

    public static EsSearch Parse(JsonObject? body, IReadOnlyDictionary<string, string> query)
    {
        var s = new EsSearch();
        foreach (var (key, value) in body ?? [])
        {
            switch (key)
            {
                case "query": s._query = EsQuery.Parse(value); break;
                case "from": s._from = (int)(EsJson.Long(value) ?? throw EsException.Parsing("[from] must be a number")); break;
                case "size": s._size = (int)(EsJson.Long(value) ?? throw EsException.Parsing("[size] must be a number")); break;
                case "sort": s._sort = ParseSort(value); break;
                case "search_after": s._searchAfter = value as JsonArray ?? throw EsException.Parsing("[search_after] must be an array"); break;
                case "_source": s._source = SourceFilter.Parse(value); break;
                case "track_total_hits": s._trackTotalHits = TrackTotalHits(EsJson.Scalar(value)); break;
                case "track_scores": s._trackScores = EsJson.Bool(value) == true; break;
                case "version": s._version = EsJson.Bool(value) == true; break;
                case "seq_no_primary_term": s._seqNo = EsJson.Bool(value) == true; break;
                case "timeout" or "explain" or "stats": break;
                default:
                    throw UnsupportedKeys.Contains(key) ? EsException.Unsupported($"[{key}] in a search")
                        : EsException.Parsing($"Unknown key for a {EsJson.Token(value)} in [{key}].");
            }
        }
        if (query.ContainsKey("q")) throw EsException.Unsupported("the [q] parameter");
        if (query.GetValueOrDefault("from") is { } from) s._from = IntParameter("from", from);
        if (query.GetValueOrDefault("size") is { } size) s._size = IntParameter("size", size);
        if (query.GetValueOrDefault("sort") is { } sort) s._sort = ParseSort(new JsonArray([.. sort.Split(',').Select(Field)]));
        if (query.GetValueOrDefault("track_total_hits") is { } track) s._trackTotalHits = TrackTotalHits(track);
        if (query.GetValueOrDefault("track_scores") is { } scores) s._trackScores = scores is "" or "true";
        if (query.GetValueOrDefault("version") is { } version) s._version = version is "" or "true";
        if (query.GetValueOrDefault("seq_no_primary_term") is { } seqNo) s._seqNo = seqNo is "" or "true";
        if (query.GetValueOrDefault("rest_total_hits_as_int") is "" or "true") (s._totalAsInt, s._trackTotalHits) = (true, null);
        s._source = SourceFilter.FromQuery(query, s._source);
        if (s._size < 0) throw EsException.IllegalArgument($"[size] parameter cannot be negative, found [{s._size}]");
        if (s._from < 0) throw EsException.IllegalArgument($"[from] parameter cannot be negative, found [{s._from}]");
        if (s._searchAfter is not null && s._from > 0) throw EsException.Validation(["`from` parameter must be set to 0 when `search_after` is used"]);
        return s;

        static JsonNode Field(string part) =>
            part.Split(':') is [var name, var order] ? new JsonObject { [name] = order } : JsonValue.Create(part);
    }

    private static int IntParameter(string name, string value) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var n) ? n
        : throw EsException.IllegalArgument($"Failed to parse int parameter [{name}] with value [{value}]");

    private static int? TrackTotalHits(string? value) => value switch
    {
        "true" => null,
        "false" => -1,
        _ when int.TryParse(value, CultureInfo.InvariantCulture, out var n) => n < 0 ? -1 : n,
        _ => throw EsException.IllegalArgument($"[track_total_hits] must be a boolean or an integer, got [{value}]"),
    };

    private static List<SortSpec> ParseSort(JsonNode? node)
    {
        var specs = new List<SortSpec>();
        foreach (var item in EsJson.OneOrMany(node))
        {
            if (EsJson.String(item) is { } name) { specs.Add(Spec(name, null)); continue; }
            if (item is not JsonObject { Count: 1 } o) throw EsException.Parsing($"[sort] malformed sort, expected a field name or an object with one field");
            var (field, options) = o.First();
            if (field is "_geo_distance" or "_script") throw EsException.Unsupported($"[{field}] sort");
            if (options is JsonObject opts)
            {
                foreach (var (key, _) in opts)
                    if (key is not ("order" or "missing" or "unmapped_type" or "mode" or "numeric_type" or "format"))
                        throw EsException.Parsing($"[field_sort] unknown field [{key}]");
                var missing = EsJson.Scalar(opts["missing"]);
                if (missing is not (null or "_last" or "_first")) throw EsException.Unsupported($"a custom [missing] sort value [{missing}]");
                specs.Add(Spec(field, EsJson.String(opts["order"]), missing == "_first", EsJson.String(opts["unmapped_type"]), EsJson.String(opts["mode"])));
            }
            else specs.Add(Spec(field, EsJson.String(options)));
        }
        return specs;

        static SortSpec Spec(string field, string? order, bool missingFirst = false, string? unmapped = null, string? mode = null) =>
            new(field, order?.ToLowerInvariant() switch
            {
                null => field == "_score",
                "asc" => false,
                "desc" => true,
                _ => throw EsException.IllegalArgument($"Unknown SortOrder [{order}]"),
            }, missingFirst, unmapped, mode);
    }

    private static SortKey CompileSort(SortSpec spec, EsIndex index)
    {
        if (spec.Field == "_score") return new SortKey(spec, "double", (_, score) => score);
        if (spec.Field == "_doc") return new SortKey(spec, "long", (doc, _) => doc.Ordinal);
        if (spec.Field == "_id")
            throw EsException.IllegalArgument("Fielddata access on the _id field is disallowed, you can re-enable it by updating the dynamic cluster setting: indices.id_field_data.enabled");
        var f = index.Mapping.Field(spec.Field);
        var type = f?.Type ?? spec.UnmappedType ?? throw EsException.QueryShard(index, $"No mapping found for [{spec.Field}] in order to sort on");
        var kind = type switch
        {
            "keyword" => "string",
            "long" or "integer" or "short" or "byte" or "date" or "boolean" => "long",
            "double" or "half_float" => "double",
            "float" => "float",
            "text" or "match_only_text" => throw EsException.IllegalArgument(
                $"Fielddata is disabled on [{spec.Field}] in [{index.Name}]. Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [{spec.Field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory."),
            "geo_point" => throw EsException.IllegalArgument("can't sort on geo_point field without using specific sorting feature, like geo_distance"),
            _ => throw EsException.IllegalArgument($"No mapper found for type [{type}]"),
        };
        var mode = spec.Mode ?? (spec.Desc ? "max" : "min");
        object? missing = kind switch
        {
            "long" => spec.MissingFirst != spec.Desc ? long.MinValue : long.MaxValue,
            "double" or "float" => spec.MissingFirst != spec.Desc ? double.NegativeInfinity : double.PositiveInfinity,
            _ => null,
        };
        return new SortKey(spec, kind, (doc, _) =>
        {
            var values = f is null ? [] : index.Mapping.Values(doc.Source, f);
            if (values.Count == 0) return missing;
            if (kind == "string") return mode == "max" ? values.Cast<string>().Max(StringComparer.Ordinal) : values.Cast<string>().Min(StringComparer.Ordinal);
            if (kind == "long")
            {
                var longs = values.Select(v => v is bool b ? (b ? 1L : 0L) : (long)v).ToList();
                return mode switch { "max" => longs.Max(), "sum" => longs.Sum(), "avg" => (long)longs.Average(), "median" => longs.Order().ElementAt(longs.Count / 2), _ => longs.Min() };
            }
            var doubles = values.Cast<double>().ToList();
            return mode switch { "max" => doubles.Max(), "sum" => doubles.Sum(), "avg" => doubles.Average(), "median" => doubles.Order().ElementAt(doubles.Count / 2), _ => doubles.Min() };
        });
    }

    /// Runs the query on every index; a failure on every index is a search_phase_execution_exception, on some a partial result.
    /// Total counts every match; Hits are those after search_after.
    private (List<SearchHit> Hits, int Total, List<(EsIndex, EsException)> Failures, List<SortKey> Keys) Run(List<EsIndex> indices, bool checkWindow)
    {
        var hits = new List<SearchHit>();
        var total = 0;
        var failures = new List<(EsIndex, EsException)>();
        List<SortKey> keys = [];
        foreach (var index in indices)
        {
            try
            {
                if (checkWindow && _from + _size > 10_000)
                    throw EsException.IllegalArgument($"Result window is too large, from + size must be less than or equal to: [10000] but was [{_from + _size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.");
                var matcher = _query.Compile(index);
                keys = [.. _sort.Select(s => CompileSort(s, index))];
                var found = new List<SearchHit>();
                foreach (var doc in index.Searchable.Values)
                    if (matcher(doc) is { } score)
                        found.Add(new SearchHit(index, doc, score, [.. keys.Select(k => k.Value(doc, score))]));
                total += found.Count;
                if (_searchAfter is not null)
                {
                    if (keys.Count == 0) throw EsException.IllegalArgument("Sort must contain at least one field.");
                    if (_searchAfter.Count != keys.Count) throw EsException.IllegalArgument($"search_after has {_searchAfter.Count} value(s) but sort has {keys.Count}.");
                    var after = keys.Select((k, i) => k.FromJson(_searchAfter[i], index)).ToArray();
                    found = [.. found.Where(h => keys.Select((k, i) => k.Compare(h.SortValues[i], after[i])).FirstOrDefault(c => c != 0) > 0)];
                }
                hits.AddRange(found);
            }
            catch (EsException e) { failures.Add((index, e)); }
        }
        if (failures.Count > 0 && failures.Count == indices.Count) throw new SearchPhaseException(failures);
        return (hits, total, failures, keys);
    }

    public static JsonObject Shards(int total, List<(EsIndex, EsException)>? failures = null)
    {
        var shards = new JsonObject { ["total"] = total, ["successful"] = total - (failures?.Count ?? 0), ["skipped"] = 0, ["failed"] = failures?.Count ?? 0 };
        if (failures is { Count: > 0 }) shards["failures"] = SearchPhaseException.ShardFailures(failures);
        return shards;
    }

    public JsonObject Execute(List<EsIndex> indices)
    {
        var clock = Stopwatch.StartNew();
        var (hits, total, failures, keys) = Run(indices, true);
        var byScore = keys.Count == 0 || keys.Any(k => k.Spec.Field == "_score");
        var order = new Comparison<SearchHit>((a, b) =>
        {
            if (keys.Count == 0 && b.Score.CompareTo(a.Score) is var s && s != 0) return s;
            for (var i = 0; i < keys.Count; i++)
                if (keys[i].Compare(a.SortValues[i], b.SortValues[i]) is var c && c != 0) return c;
            return string.CompareOrdinal(a.Index.Name, b.Index.Name) is var n && n != 0 ? n : a.Doc.Ordinal.CompareTo(b.Doc.Ordinal);
        });
        hits.Sort(order);
        var page = hits.Skip(_from).Take(_size).ToList();
        var showScore = byScore || _trackScores;

        var hitsJson = new JsonObject();
        if (_trackTotalHits != -1)
        {
            var capped = _trackTotalHits is { } limit && total > limit;
            hitsJson["total"] = _totalAsInt ? total : new JsonObject { ["value"] = capped ? _trackTotalHits : total, ["relation"] = capped ? "gte" : "eq" };
        }
        hitsJson["max_score"] = showScore && total > 0 && _size > 0 ? EsJson.Num(hits.Count > 0 ? hits.Max(h => h.Score) : 0) : null;
        hitsJson["hits"] = new JsonArray([.. page.Select(h =>
        {
            var hit = new JsonObject { ["_index"] = h.Index.Name, ["_id"] = h.Doc.Id };
            if (_version) hit["_version"] = h.Doc.Version;
            if (_seqNo) { hit["_seq_no"] = h.Doc.SeqNo; hit["_primary_term"] = 1; }
            hit["_score"] = showScore ? EsJson.Num(h.Score) : null;
            if (_source.Apply(h.Doc) is { } source) hit["_source"] = source;
            if (keys.Count > 0) hit["sort"] = new JsonArray([.. keys.Select((k, i) => k.ToJson(h.SortValues[i]))]);
            return (JsonNode)hit;
        })]);
        return new JsonObject
        {
            ["took"] = clock.ElapsedMilliseconds, ["timed_out"] = false, ["_shards"] = Shards(indices.Count, failures), ["hits"] = hitsJson,
        };
    }

    /// _count accepts only a query.
    public static EsSearch ParseCount(JsonObject? body, IReadOnlyDictionary<string, string> query)
    {
        foreach (var (key, _) in body ?? [])
            if (key != "query") throw EsException.Parsing($"request does not support [{key}]");
        if (query.ContainsKey("q")) throw EsException.Unsupported("the [q] parameter");
        return new EsSearch { _query = body?["query"] is { } q ? EsQuery.Parse(q) : EsQuery.MatchAll };
    }

    public JsonObject Count(List<EsIndex> indices)
    {
        var (_, total, failures, _) = Run(indices, false);
        return new JsonObject { ["count"] = total, ["_shards"] = Shards(indices.Count, failures) };
    }

    /// _delete_by_query: deletes what the query matches, with internal versioning.
    public static JsonObject DeleteByQuery(EsStore store, string? indexExpression, JsonObject? body)
    {
        var clock = Stopwatch.StartNew();
        foreach (var (key, _) in body ?? [])
            if (key is not ("query" or "max_docs")) throw EsException.Parsing($"[delete_by_query] unknown field [{key}]");
        var search = new EsSearch { _query = EsQuery.Parse(body?["query"] ?? throw EsException.Validation(["query is missing"])) };
        var (hits, _, _, _) = search.Run(store.ResolveRead(indexExpression), false);
        var max = EsJson.Long(body?["max_docs"]) ?? long.MaxValue;
        var deleted = 0;
        foreach (var hit in hits.OrderBy(h => h.Doc.Ordinal).Take((int)Math.Min(max, int.MaxValue)))
        {
            store.Delete(hit.Index, hit.Doc.Id, new WriteParams(null, VersionType.Internal, null, null, false));
            deleted++;
        }
        return new JsonObject
        {
            ["took"] = clock.ElapsedMilliseconds, ["timed_out"] = false, ["total"] = deleted, ["deleted"] = deleted,
            ["batches"] = (deleted + 999) / 1000, ["version_conflicts"] = 0, ["noops"] = 0,
            ["retries"] = new JsonObject { ["bulk"] = 0, ["search"] = 0 }, ["throttled_millis"] = 0, ["requests_per_second"] = EsJson.Num(-1),
            ["throttled_until_millis"] = 0, ["failures"] = new JsonArray(),
        };
    }
}
