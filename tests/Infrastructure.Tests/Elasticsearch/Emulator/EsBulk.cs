using System.Diagnostics;
using System.Text.Json.Nodes;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;

/// The NDJSON APIs: _bulk (index, create, delete) and _msearch.
internal static class EsBulk
{
    private static readonly HashSet<string> MetadataKeys =
    [
        "_index", "_id", "routing", "version", "version_type", "if_seq_no", "if_primary_term", "pipeline", "require_alias",
        "require_data_stream", "dynamic_templates", "list_executed_pipelines",
    ];

    private sealed record Item(string Op, string? Index, string? Id, WriteParams Params, string? Source);

    /// Non-empty lines as (line number, text); the body must end with a newline, as ES requires.
    private static List<(int Number, string Text)> Lines(string body)
    {
        if (body.Length > 0 && !body.EndsWith('\n')) throw EsException.IllegalArgument("The bulk request must be terminated by a newline [\\n]");
        return [.. body.Split('\n').Select((text, i) => (i + 1, text.TrimEnd('\r'))).SkipLast(1)];
    }

    public static JsonObject Bulk(EsStore store, string? pathIndex, string body, RefreshPolicy refresh)
    {
        var clock = Stopwatch.StartNew();
        var lines = Lines(body);
        var items = new List<Item>();
        var errors = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (number, text) = lines[i];
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonNode? action;
            try { action = EsJson.Parse(text); }
            catch (EsException) { throw EsException.IllegalArgument($"Malformed action/metadata line [{number}], expected START_OBJECT but found [VALUE_STRING]"); }
            if (action is not JsonObject { Count: 1 } actionObject)
                throw EsException.IllegalArgument($"Malformed action/metadata line [{number}], expected START_OBJECT but found [{EsJson.Token(action)}]");
            var (op, metaNode) = actionObject.First();
            if (op is not ("index" or "create" or "delete" or "update"))
                throw EsException.IllegalArgument($"Malformed action/metadata line [{number}], expected field [create], [delete], [index] or [update] but found [{op}]");
            if (op == "update") throw EsException.Unsupported("the bulk [update] action");
            if (metaNode is not JsonObject meta) throw EsException.IllegalArgument($"Malformed action/metadata line [{number}], expected START_OBJECT but found [{EsJson.Token(metaNode)}]");
            foreach (var (key, _) in meta)
                if (!MetadataKeys.Contains(key)) throw EsException.IllegalArgument($"Action/metadata line [{number}] contains an unknown parameter [{key}]");
            string? source = null;
            if (op != "delete")
            {
                if (++i >= lines.Count) throw EsException.IllegalArgument("The bulk request must be terminated by a newline [\\n]");
                source = lines[i].Text;
            }
            var p = new WriteParams(EsJson.Long(meta["version"]), WriteParams.ParseVersionType(EsJson.String(meta["version_type"])),
                EsJson.Long(meta["if_seq_no"]), EsJson.Long(meta["if_primary_term"]), op == "create");
            var item = new Item(op, EsJson.String(meta["_index"]) ?? pathIndex, EsJson.Scalar(meta["_id"]), p, source);
            if (item.Index is null) errors.Add("index is missing");
            if (op == "delete" && item.Id is null) errors.Add("id is missing");
            errors.AddRange(p.Errors(op == "delete"));
            items.Add(item);
        }
        if (items.Count == 0) errors.Add("no requests added");
        if (errors.Count > 0) throw EsException.Validation(errors);

        var results = new JsonArray();
        var written = new HashSet<EsIndex>();
        foreach (var item in items)
        {
            var id = item.Id ?? EsStore.NewId();
            EsIndex? index = null;
            JsonObject result;
            try
            {
                index = store.ResolveWrite(item.Index!, item.Op != "delete" || item.Params.VersionType != VersionType.Internal);
                var (status, response) = item.Op == "delete" ? store.Delete(index, id, item.Params) : store.Write(index, id, item.Source!, item.Params);
                if (refresh == RefreshPolicy.Immediate) response.Insert(4, "forced_refresh", true);
                written.Add(index);
                response["status"] = status;
                result = response;
            }
            catch (EsException e)
            {
                result = new JsonObject { ["_index"] = index?.Name ?? item.Index, ["_id"] = id, ["status"] = e.Status, ["error"] = e.ToJson() };
            }
            results.Add(new JsonObject { [item.Op] = result });
        }
        if (refresh != RefreshPolicy.None)
            foreach (var index in written) index.Refresh();
        return new JsonObject
        {
            ["errors"] = results.Any(r => r!.AsObject().First().Value!["error"] is not null), ["took"] = clock.ElapsedMilliseconds, ["items"] = results,
        };
    }

    /// A document's source; what is not a JSON object is refused as ES refuses it.
    public static JsonObject ParseSource(string text)
    {
        try
        {
            return EsJson.Parse(text) as JsonObject ?? throw new EsException(400, "document_parsing_exception", "failed to parse, document is empty");
        }
        catch (EsException e) when (e.Type == "x_content_parse_exception")
        {
            throw new EsException(400, "document_parsing_exception", "failed to parse") { Cause = EsException.Java("json_parse_exception", e.Message) };
        }
    }

    public static JsonObject MultiSearch(EsStore store, string? pathIndex, string body)
    {
        var clock = Stopwatch.StartNew();
        var lines = Lines(body);
        var responses = new JsonArray();
        for (var i = 0; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i].Text)) continue;
            var header = EsJson.ParseObject(lines[i].Text) ?? [];
            if (++i >= lines.Count) throw EsException.IllegalArgument("The msearch request must be terminated by a newline [\\n]");
            JsonObject response;
            try
            {
                var search = EsSearch.Parse(EsJson.ParseObject(lines[i].Text), new Dictionary<string, string>());
                var target = header["index"] is JsonArray many ? string.Join(',', many.Select(EsJson.String)) : EsJson.String(header["index"]) ?? pathIndex;
                response = search.Execute(store.ResolveRead(target));
                response["status"] = 200;
            }
            catch (EsException e) { response = e.Body(); }
            responses.Add(response);
        }
        if (responses.Count == 0) throw EsException.Validation(["no requests added"]);
        return new JsonObject { ["took"] = clock.ElapsedMilliseconds, ["responses"] = responses };
    }
}
