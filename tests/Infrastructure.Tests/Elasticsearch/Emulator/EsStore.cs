using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;

internal sealed class EsDoc(string id, JsonObject source, string sourceText, long version, long seqNo, long ordinal)
{
    public string Id { get; } = id;
    public JsonObject Source { get; } = source;
    /// The source as it was sent: ES answers with these very bytes when _source is not filtered.
    public string SourceText { get; } = sourceText;
    public long Version { get; } = version;
    public long SeqNo { get; } = seqNo;
    /// Lucene's doc id: a document written again goes to the end (what `_doc` sorts by).
    public long Ordinal { get; } = ordinal;
}

/// One index, one shard. Deleted ids keep a tombstone version (ES keeps them for index.gc_deletes, 60 s; here for ever).
/// `Docs` is what the index holds (what writes, version checks and the real-time GET see); searches see `Searchable`,
/// the documents as of the last refresh.
internal sealed class EsIndex(string name, IndexMapping mapping, JsonObject settings, EsStore store)
{
    public string Name { get; } = name;
    public string Uuid { get; } = ElasticsearchEmulator.NewUuid();
    public long CreationDate { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    public IndexMapping Mapping { get; set; } = mapping;
    public JsonObject Settings { get; } = settings;
    public Dictionary<string, EsDoc> Docs { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> Tombstones { get; } = new(StringComparer.Ordinal);
    /// alias -> is_write_index (null when not given).
    public Dictionary<string, bool?> Aliases { get; set; } = new(StringComparer.Ordinal);
    public long SeqNo { get; set; } = -1;
    public long NextOrdinal { get; set; }
    private Dictionary<string, EsDoc> _searchable = new(StringComparer.Ordinal);
    private long? _changedSince; // Stopwatch timestamp of the first write not refreshed yet

    /// A write or delete happened: searchable after the next refresh.
    public void Changed() => _changedSince ??= System.Diagnostics.Stopwatch.GetTimestamp();

    public void Refresh()
    {
        _searchable = new Dictionary<string, EsDoc>(Docs, StringComparer.Ordinal);
        _changedSince = null;
    }

    /// The documents a search sees; a scheduled refresh happens first when a change is older than the refresh interval.
    public IReadOnlyDictionary<string, EsDoc> Searchable
    {
        get
        {
            if (store.ScheduledRefresh && _changedSince is { } since && RefreshInterval is { } every
                && System.Diagnostics.Stopwatch.GetElapsedTime(since) >= every)
                Refresh();
            return _searchable;
        }
    }

    /// index.refresh_interval ("1s" unless set; "-1": never), as given in the settings (flat or nested).
    private TimeSpan? RefreshInterval
    {
        get
        {
            var value = EsJson.Scalar(Settings["refresh_interval"] ?? Settings["index.refresh_interval"] ?? (Settings["index"] as JsonObject)?["refresh_interval"]) ?? "1s";
            if (value.StartsWith('-')) return null;
            var digits = value.TrimEnd('m', 's', 'h', 'd');
            var n = double.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
            return value[digits.Length..] switch
            {
                "ms" => TimeSpan.FromMilliseconds(n), "s" => TimeSpan.FromSeconds(n), "m" => TimeSpan.FromMinutes(n), "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n), _ => throw EsException.IllegalArgument($"failed to parse setting [index.refresh_interval] with value [{value}]"),
            };
        }
    }
}

/// The `refresh` parameter of a write: none (the default), an immediate refresh (`true` or empty), or wait for one.
internal enum RefreshPolicy { None, Immediate, WaitFor }

internal enum VersionType { Internal, External, ExternalGte }

/// The concurrency parameters of a write (query string of the document APIs or a bulk action line).
internal sealed record WriteParams(long? Version, VersionType VersionType, long? IfSeqNo, long? IfPrimaryTerm, bool Create)
{
    public static VersionType ParseVersionType(string? text) => text switch
    {
        null or "internal" => VersionType.Internal,
        "external" or "external_gt" => VersionType.External,
        "external_gte" => VersionType.ExternalGte,
        "force" => throw EsException.IllegalArgument("version type [force] may no longer be used"),
        _ => throw EsException.IllegalArgument($"No version type match [{text}]"),
    };

    /// ES's request validation (IndexRequest/DeleteRequest.validate).
    public IEnumerable<string> Errors(bool isDelete)
    {
        var name = VersionType switch { VersionType.External => "EXTERNAL", VersionType.ExternalGte => "EXTERNAL_GTE", _ => "INTERNAL" };
        if (Create && !isDelete && VersionType != VersionType.Internal) yield return "create operations only support internal versioning. use index instead";
        if (VersionType == VersionType.Internal && Version is not null)
            yield return "internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead";
        if (VersionType != VersionType.Internal && (Version ?? -3) < 0) yield return $"illegal version value [{Version ?? -3}] for version type [{name}]";
        if (IfSeqNo is not null && VersionType != VersionType.Internal) yield return "compare and write operations can not use versioning";
        if (IfSeqNo is < 0) yield return $"sequence numbers must be non negative. got [{IfSeqNo}].";
        if (IfPrimaryTerm is < 0) yield return $"primary term must be non negative. got [{IfPrimaryTerm}].";
        if (IfSeqNo is not null && IfPrimaryTerm is null or 0) yield return "ifSeqNo is set, but primary term is [0]";
        if (IfSeqNo is null && IfPrimaryTerm is not (null or 0)) yield return $"ifSeqNo is unassigned, but primary term is [{IfPrimaryTerm}]";
    }
}

/// Indices, aliases and documents. Callers hold `Sync` around every use.
internal sealed partial class EsStore
{
    public object Sync { get; } = new();

    /// See <see cref="ElasticsearchEmulator.ScheduledRefresh"/>.
    public bool ScheduledRefresh { get; set; } = true;

    public static RefreshPolicy ParseRefresh(string? value) => value switch
    {
        null or "false" => RefreshPolicy.None,
        "" or "true" => RefreshPolicy.Immediate,
        "wait_for" => RefreshPolicy.WaitFor,
        _ => throw EsException.IllegalArgument($"Unknown value for refresh: [{value}]."),
    };
    public Dictionary<string, EsIndex> Indices { get; } = new(StringComparer.Ordinal);

    public static JsonObject WriteShards() => new() { ["total"] = 2, ["successful"] = 1, ["failed"] = 0 };

    public IEnumerable<EsIndex> AliasIndices(string alias) => Indices.Values.Where(i => i.Aliases.ContainsKey(alias));
    public bool IsAlias(string name) => Indices.Values.Any(i => i.Aliases.ContainsKey(name));
    public bool Exists(string name) => Indices.ContainsKey(name) || IsAlias(name);

    /// Index expressions of the read APIs: names, aliases, comma lists, `_all`, `*` wildcards.
    public List<EsIndex> ResolveRead(string? expression, bool ignoreUnavailable = false)
    {
        var result = new List<EsIndex>();
        foreach (var part in (expression is null or "" or "_all" ? "*" : expression).Split(','))
        {
            if (part.Contains('*'))
            {
                var regex = Glob(part);
                result.AddRange(Indices.Values.Where(i => regex.IsMatch(i.Name) || i.Aliases.Keys.Any(regex.IsMatch)).OrderBy(i => i.Name, StringComparer.Ordinal));
            }
            else if (Indices.TryGetValue(part, out var index)) result.Add(index);
            else if (IsAlias(part)) result.AddRange(AliasIndices(part).OrderBy(i => i.Name, StringComparer.Ordinal));
            else if (!ignoreUnavailable) throw EsException.IndexNotFound(part);
        }
        return [.. result.Distinct()];
    }

    public static Regex Glob(string pattern) => new("^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$");

    /// The index a write goes to: the index, or the alias's write index (its only index, or the one marked is_write_index).
    /// Indices are never created by a write, as with action.auto_create_index: false (ES tries to create one for an
    /// index or create, and for a delete with an external version; a plain delete just finds no index).
    public EsIndex ResolveWrite(string name, bool wouldAutoCreate = true)
    {
        if (Indices.TryGetValue(name, out var index)) return index;
        var targets = AliasIndices(name).ToList();
        if (targets.Count == 0)
            throw wouldAutoCreate ? EsException.IndexNotFound(name, " and [action.auto_create_index] is [false]", resolved: false) : EsException.IndexNotFound(name);
        return targets.SingleOrDefault(i => i.Aliases[name] == true) ?? (targets.Count == 1 && targets[0].Aliases[name] != false ? targets[0]
            : throw EsException.IllegalArgument($"no write index is defined for alias [{name}]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index"));
    }

    /// The index of a single-document read (GET _doc).
    public EsIndex ResolveSingle(string name)
    {
        if (Indices.TryGetValue(name, out var index)) return index;
        var targets = AliasIndices(name).ToList();
        return targets.Count switch
        {
            0 => throw EsException.IndexNotFound(name),
            1 => targets[0],
            _ => throw EsException.IllegalArgument($"alias [{name}] has more than one index associated with it [{string.Join(", ", targets.Select(t => t.Name))}], can't execute a single index op"),
        };
    }

    // ---- indices ----

    public JsonObject CreateIndex(string name, JsonObject? body)
    {
        ValidateName(name);
        if (Indices.TryGetValue(name, out var existing))
            throw new EsException(400, "resource_already_exists_exception", $"index [{name}/{existing.Uuid}] already exists").With("index_uuid", existing.Uuid).With("index", name);
        if (IsAlias(name))
            throw new EsException(400, "invalid_index_name_exception", $"Invalid index name [{name}], already exists as alias").With("index_uuid", "_na_").With("index", name);
        IndexMapping mapping;
        try { mapping = IndexMapping.Parse(body?["mappings"] as JsonObject); }
        catch (EsException e) when (e.Type == "mapper_parsing_exception")
        {
            throw new EsException(400, "mapper_parsing_exception", "Failed to parse mapping: " + e.Message) { Cause = e };
        }
        foreach (var key in body?.Select(p => p.Key) ?? [])
            if (key is not ("settings" or "mappings" or "aliases"))
                throw EsException.Parsing($"unknown key [{key}] for create index");
        var aliases = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (var (alias, options) in body?["aliases"] as JsonObject ?? [])
        {
            if (Indices.ContainsKey(alias) || alias == name)
                throw new EsException(400, "invalid_alias_name_exception", $"Invalid alias name [{alias}]: an index or data stream exists with the same name as the alias").With("index_uuid", "_na_").With("index", alias);
            aliases[alias] = AliasOptions(options);
        }
        Indices[name] = new EsIndex(name, mapping, body?["settings"]?.DeepClone() as JsonObject ?? [], this) { Aliases = aliases };
        return new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = name };
    }

    private static void ValidateName(string name)
    {
        string? problem = null;
        if (name != name.ToLowerInvariant()) problem = "must be lowercase";
        else if (name is "." or ".." || name.Length == 0) problem = "must not be '.' or '..'";
        else if (name[0] is '_' or '-' or '+') problem = "must not start with '_', '-', or '+'";
        else if (name.IndexOfAny(['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':']) >= 0)
            problem = "must not contain the following characters [' ','\"','*',',','/','<','>','?','\\','|']";
        if (problem is not null)
            throw new EsException(400, "invalid_index_name_exception", $"Invalid index name [{name}], {problem}").With("index_uuid", "_na_").With("index", name);
    }

    private static bool? AliasOptions(JsonNode? options)
    {
        foreach (var (key, _) in options as JsonObject ?? [])
            if (key is not ("is_write_index" or "is_hidden"))
                throw EsException.Unsupported($"alias option [{key}]");
        return EsJson.Bool((options as JsonObject)?["is_write_index"]);
    }

    public JsonObject DeleteIndex(string expression, bool ignoreUnavailable)
    {
        foreach (var name in expression.Split(','))
        {
            if (IsAlias(name) && !Indices.ContainsKey(name))
                throw EsException.IllegalArgument($"The provided expression [{name}] matches an alias, specify the corresponding concrete indices instead.");
            if (!Indices.ContainsKey(name) && !ignoreUnavailable) throw EsException.IndexNotFound(name);
        }
        foreach (var name in expression.Split(',')) Indices.Remove(name);
        return new JsonObject { ["acknowledged"] = true };
    }

    /// POST _aliases: all actions or none. Index deletions happen first, as in ES. Removing an alias the index does not have
    /// is skipped (an error with must_exist: true), and a request left with nothing to do is a 404 aliases_not_found_exception.
    public JsonObject UpdateAliases(JsonObject? body)
    {
        if (body?["actions"] is not JsonArray actions) throw EsException.Validation(["no actions specified"]);
        var aliases = Indices.Values.ToDictionary(i => i, i => new Dictionary<string, bool?>(i.Aliases, StringComparer.Ordinal));
        var removed = new HashSet<EsIndex>();
        var steps = new List<(string Kind, JsonObject Args)>();
        foreach (var action in actions)
        {
            if (action is not JsonObject { Count: 1 } a || a.First() is not { Value: JsonObject args } step || step.Key is not ("add" or "remove" or "remove_index"))
                throw EsException.Parsing($"[aliases] unknown field [{(action as JsonObject)?.FirstOrDefault().Key}]");
            foreach (var (key, _) in args)
                if (key is not ("index" or "indices" or "alias" or "aliases" or "is_write_index" or "is_hidden" or "must_exist"))
                    throw EsException.Unsupported($"alias option [{key}]");
            steps.Add((step.Key, args));
        }
        foreach (var (_, args) in steps.Where(s => s.Kind == "remove_index"))
            foreach (var name in Names(args, "index", "indices"))
                removed.Add(Concrete(name));
        var done = removed.Count;
        var missing = new List<string>();
        foreach (var (kind, args) in steps.Where(s => s.Kind != "remove_index"))
        {
            var aliasNames = Names(args, "alias", "aliases");
            foreach (var index in Names(args, "index", "indices").Select(Concrete))
            {
                if (removed.Contains(index)) throw EsException.IndexNotFound(index.Name);
                foreach (var alias in aliasNames)
                {
                    if (kind == "add")
                    {
                        if (Indices.TryGetValue(alias, out var clash) && !removed.Contains(clash))
                            throw new EsException(400, "invalid_alias_name_exception", $"Invalid alias name [{alias}]: an index or data stream exists with the same name as the alias").With("index_uuid", "_na_").With("index", alias);
                        aliases[index][alias] = EsJson.Bool(args["is_write_index"]);
                        done++;
                    }
                    else if (aliases[index].Remove(alias)) done++;
                    else if (EsJson.Bool(args["must_exist"]) == true) throw new EsException(404, "resource_not_found_exception", $"required alias [{alias}] does not exist");
                    else missing.Add(alias);
                }
            }
        }
        if (done == 0)
        {
            var names = string.Join(",", missing.Distinct());
            throw new EsException(404, "aliases_not_found_exception", $"aliases [{names}] missing").With("resource.type", "aliases").With("resource.id", names);
        }
        foreach (var index in removed) Indices.Remove(index.Name);
        foreach (var (index, set) in aliases) index.Aliases = set;
        return new JsonObject { ["acknowledged"] = true };

        EsIndex Concrete(string name) =>
            Indices.TryGetValue(name, out var index) ? index
            : IsAlias(name) ? throw EsException.IllegalArgument($"The provided expression [{name}] matches an alias, specify the corresponding concrete indices instead.")
            : throw EsException.IndexNotFound(name);

        static List<string> Names(JsonObject args, string one, string many)
        {
            var names = EsJson.OneOrMany(args[one]).Concat(EsJson.OneOrMany(args[many])).Select(EsJson.String).OfType<string>().ToList();
            return names.Count > 0 ? names : throw EsException.Validation([$"{one} is missing"]);
        }
    }

    /// GET _alias[/{name}] and {index}/_alias[/{name}]: {"index":{"aliases":{"name":{}}}}, 404 when a named alias is missing.
    public (int Status, JsonObject Body) GetAliases(string? indexExpression, string? names)
    {
        var indices = ResolveRead(indexExpression);
        var patterns = names?.Split(',') ?? [];
        var body = new JsonObject();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var index in indices.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var matching = index.Aliases.Where(a => patterns.Length == 0 || patterns.Any(p => Glob(p).IsMatch(a.Key))).OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
            if (matching.Count == 0 && patterns.Length > 0) continue;
            var aliases = new JsonObject();
            foreach (var (alias, write) in matching)
            {
                found.Add(alias);
                aliases[alias] = write is { } w ? new JsonObject { ["is_write_index"] = w } : new JsonObject();
            }
            body[index.Name] = new JsonObject { ["aliases"] = aliases };
        }
        var missing = patterns.Where(p => !p.Contains('*') && !found.Contains(p)).ToList();
        if (missing.Count == 0) return (200, body);
        body["error"] = missing.Count == 1 ? $"alias [{missing[0]}] missing" : $"aliases [{string.Join(",", missing)}] missing";
        body["status"] = 404;
        return (404, body);
    }

    // ---- documents ----

    private static EsException Conflict(EsIndex index, string id, string explanation) =>
        new EsException(409, "version_conflict_engine_exception", $"[{id}]: version conflict, {explanation}")
            .With("index_uuid", index.Uuid).With("shard", "0").With("index", index.Name);

    /// The current version for the version checks: the document's, or its tombstone's; null when never seen.
    private static long? CurrentVersion(EsIndex index, string id) =>
        index.Docs.TryGetValue(id, out var doc) ? doc.Version : index.Tombstones.TryGetValue(id, out var v) ? v : null;

    /// The version a write gets, after ES's conflict checks (InternalEngine / VersionType).
    private static long NextVersion(EsIndex index, string id, WriteParams p)
    {
        var current = CurrentVersion(index, id);
        index.Docs.TryGetValue(id, out var doc);
        if (p.IfSeqNo is { } seqNo)
        {
            if (doc is null) throw Conflict(index, id, $"required seqNo [{seqNo}], primary term [{p.IfPrimaryTerm}]. but no document was found");
            if (doc.SeqNo != seqNo || p.IfPrimaryTerm != 1)
                throw Conflict(index, id, $"required seqNo [{seqNo}], primary term [{p.IfPrimaryTerm}]. current document has seqNo [{doc.SeqNo}] and primary term [1]");
        }
        switch (p.VersionType)
        {
            case VersionType.External when current >= p.Version:
                throw Conflict(index, id, $"current version [{current}] is higher or equal to the one provided [{p.Version}]");
            case VersionType.ExternalGte when current > p.Version:
                throw Conflict(index, id, $"current version [{current}] is higher than the one provided [{p.Version}]");
            case VersionType.Internal:
                return (current ?? 0) + 1;
            default:
                return p.Version!.Value;
        }
    }

    private static JsonObject WriteResult(EsIndex index, string id, long version, string result, long seqNo) => new()
    {
        ["_index"] = index.Name, ["_id"] = id, ["_version"] = version, ["result"] = result,
        ["_shards"] = WriteShards(), ["_seq_no"] = seqNo, ["_primary_term"] = 1,
    };

    /// Index (or create) a document. Returns the ES response body and its status (201 created, 200 updated).
    public (int Status, JsonObject Body) Write(EsIndex index, string id, string sourceText, WriteParams p)
    {
        var source = EsBulk.ParseSource(sourceText);
        // As in ES the document is parsed against the mapping (and new fields mapped) before the version checks.
        var mapping = index.Mapping.Dynamic != "true" && !HasDynamicTrue(index.Mapping.Root) ? index.Mapping : index.Mapping.Clone();
        if (mapping.Check(source, id)) index.Mapping = mapping;
        if (p.Create && index.Docs.TryGetValue(id, out var existing))
            throw Conflict(index, id, $"document already exists (current version [{existing.Version}])");
        var version = NextVersion(index, id, p);
        var created = !index.Docs.ContainsKey(id);
        var seqNo = ++index.SeqNo;
        index.Docs[id] = new EsDoc(id, source, sourceText.Trim(), version, seqNo, index.NextOrdinal++);
        index.Tombstones.Remove(id);
        index.Changed();
        return (created ? 201 : 200, WriteResult(index, id, version, created ? "created" : "updated", seqNo));
    }

    private static bool HasDynamicTrue(ObjectMapper o) =>
        o.Dynamic == "true" || o.Properties.Values.OfType<ObjectMapper>().Any(HasDynamicTrue);

    /// Delete a document: 200 deleted or 404 not_found; both leave a tombstone with the new version.
    public (int Status, JsonObject Body) Delete(EsIndex index, string id, WriteParams p)
    {
        var version = NextVersion(index, id, p);
        var found = index.Docs.Remove(id);
        index.Tombstones[id] = version;
        index.Changed();
        var seqNo = ++index.SeqNo;
        return (found ? 200 : 404, WriteResult(index, id, version, found ? "deleted" : "not_found", seqNo));
    }

    public static string NewId() => ElasticsearchEmulator.NewUuid()[..20];
}
