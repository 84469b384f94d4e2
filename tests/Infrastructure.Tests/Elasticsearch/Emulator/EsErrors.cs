using System.Text.Json.Nodes;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;

/// An error as Elasticsearch reports it: `type`, `reason`, metadata fields and `caused_by`.
/// The body is {"error":{"root_cause":[..],"type",...},"status":n}; as in ES, the root causes are the innermost
/// Elasticsearch exceptions: a plain Java exception (IllegalArgumentException...) in `caused_by` is never one.
internal class EsException(int status, string type, string reason) : Exception(reason)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public EsException? Cause { get; init; }
    public bool IsJava { get; init; }
    private readonly List<KeyValuePair<string, JsonNode?>> _metadata = [];

    public EsException With(string key, JsonNode? value)
    {
        _metadata.Add(new(key, value));
        return this;
    }

    public virtual JsonObject ToJson(bool withCause = true)
    {
        var o = new JsonObject { ["type"] = Type, ["reason"] = Message };
        foreach (var (key, value) in _metadata) o[key] = value?.DeepClone();
        if (withCause && Cause is not null) o["caused_by"] = Cause.ToJson();
        return o;
    }

    public virtual IEnumerable<EsException> RootCauses() => Cause is { IsJava: false } c ? c.RootCauses() : [this];

    public JsonObject Body()
    {
        var error = new JsonObject { ["root_cause"] = new JsonArray([.. RootCauses().Select(r => (JsonNode)r.ToJson(false))]) };
        foreach (var (key, value) in ToJson()) error[key] = value?.DeepClone();
        return new JsonObject { ["error"] = error, ["status"] = Status };
    }

    /// `resolved`: found missing while resolving an index expression (ES then names the resource), not by a write.
    public static EsException IndexNotFound(string index, string? why = null, bool resolved = true)
    {
        var e = new EsException(404, "index_not_found_exception", $"no such index [{index}]{why}");
        if (resolved) e.With("resource.type", "index_or_alias").With("resource.id", index);
        return e.With("index_uuid", "_na_").With("index", index);
    }

    public static EsException Validation(IEnumerable<string> errors) =>
        new(400, "action_request_validation_exception", "Validation Failed: " + string.Concat(errors.Select((e, i) => $"{i + 1}: {e};")));

    public static EsException IllegalArgument(string reason) => new(400, "illegal_argument_exception", reason);
    public static EsException Parsing(string reason) => new(400, "parsing_exception", reason);
    /// A Java exception used as `caused_by`.
    public static EsException Java(string type, string reason) => new(400, type, reason) { IsJava = true };

    /// A failure while running a query on one index ("shard"), e.g. a bad value for the field's type.
    public static EsException QueryShard(EsIndex index, string reason, EsException? cause = null) =>
        new EsException(400, "query_shard_exception", reason) { Cause = cause }.With("index_uuid", index.Uuid).With("index", index.Name);

    public static EsException Unsupported(string what) =>
        IllegalArgument($"{what} is not supported by the Elasticsearch emulator");
}

/// Every index ("shard") of a search failed: ES wraps the shard failures.
internal sealed class SearchPhaseException(IReadOnlyList<(EsIndex Index, EsException Error)> failures)
    : EsException(failures[0].Error.Status, "search_phase_execution_exception", "all shards failed")
{
    public override JsonObject ToJson(bool withCause = true)
    {
        var o = base.ToJson(false);
        o["phase"] = "query";
        o["grouped"] = true;
        o["failed_shards"] = ShardFailures(failures);
        if (withCause) o["caused_by"] = failures[0].Error.ToJson();
        return o;
    }

    public override IEnumerable<EsException> RootCauses() =>
        failures.SelectMany(f => f.Error.RootCauses()).DistinctBy(e => (e.Type, e.Message));

    public static JsonArray ShardFailures(IEnumerable<(EsIndex Index, EsException Error)> failures) =>
        [.. failures.Select(f => (JsonNode)new JsonObject
        {
            ["shard"] = 0, ["index"] = f.Index.Name, ["node"] = ElasticsearchEmulator.NodeId, ["reason"] = f.Error.ToJson(),
        })];
}
