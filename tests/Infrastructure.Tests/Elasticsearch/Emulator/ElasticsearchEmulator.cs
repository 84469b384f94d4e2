using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;

/// One request as the emulator saw it; `Body` is the raw text (NDJSON for _bulk), `Status` what it answered,
/// `ContentType` and `Accept` the headers as sent (null when absent).
public sealed record RecordedRequest(string Method, string Path, string Query, string Body, int Status, string? ContentType = null, string? Accept = null);

/// A test-only, in-process Elasticsearch 8.17 (one shard per index) on 127.0.0.1 for the subset of the REST API the
/// adapter uses: indices, aliases, documents with internal/external versioning, _bulk, _search/_count/_msearch with a
/// subset of the query DSL (and percolator fields with the percolate query), _delete_by_query and _mapping. Answers with
/// ES's status codes and response and error shapes, and refuses what the strictest supported server refuses: a body
/// without a Content-Type, media types other than JSON, NDJSON other than the bare "application/x-ndjson" or outside the
/// NDJSON endpoints (Elasticsearch 7.0–7.10, RestController.hasContentType), unknown query parameters, unknown body keys.
/// Near real time as ES: a write is searchable after a refresh (`_refresh`, `refresh=true|wait_for`, or — unless
/// <see cref="ScheduledRefresh"/> is off — the index's refresh_interval, 1 s); GET _doc is real time. Indices are never
/// created by a write. <see cref="Profile"/> says what version it answers as (GET /, X-Elastic-Product); further nodes of
/// the same cluster (<see cref="StartNodeAsync"/>) serve the same indices on their own ports.
public sealed class ElasticsearchEmulator : IAsyncDisposable
{
    /// The only painless script the emulator runs (the `script` query): the adapter's; any other is a compile error.
    public const string WithinRadiusScript = FiveSocieties.Infrastructure.Matching.Elasticsearch.HardRuleFilters.WithinRadiusScript;

    internal static readonly string NodeId = NewUuid();
    private static readonly string ClusterUuid = NewUuid();

    private readonly EsStore _store;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly List<Route> _routes;
    private readonly string _name;
    private int _failCount, _failStatus, _port;
    private WebApplication? _app;
    private CancellationTokenSource _stopping = new();

    private ElasticsearchEmulator(EsStore store, EsProfile profile, string name)
    {
        (_store, Profile, _name) = (store, profile, name);
        _routes = Routes();
    }

    /// A new cluster of one node, answering as <paramref name="profile"/> (Elasticsearch 8.17 by default).
    public static async Task<ElasticsearchEmulator> StartAsync(EsProfile? profile = null)
    {
        var emulator = new ElasticsearchEmulator(new EsStore(), profile ?? EsProfile.Elasticsearch8_17, "es-emulator");
        await emulator.ListenAsync();
        return emulator;
    }

    /// Another node of this cluster on its own port: the same indices, documents and profile; its own requests,
    /// failures, delay and stop.
    public async Task<ElasticsearchEmulator> StartNodeAsync()
    {
        var node = new ElasticsearchEmulator(_store, Profile, $"es-emulator-{NewUuid()[..4].ToLowerInvariant()}");
        await node.ListenAsync();
        return node;
    }

    /// What this node answers as.
    public EsProfile Profile { get; set; }

    /// Whether writes become searchable by themselves after the index's refresh_interval (as on a real node), or only
    /// by an explicit refresh: off, a test shows that the client refreshes what it must read at once. For the cluster.
    public bool ScheduledRefresh
    {
        get => _store.ScheduledRefresh;
        set => _store.ScheduledRefresh = value;
    }

    public Uri Address => new($"http://127.0.0.1:{_port}/");

    /// Added before each answer (after the request took effect, as a slow cluster still applies a write the client gave up on).
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    public void ClearRequests()
    {
        lock (_gate) _requests.Clear();
    }

    /// The next `count` requests do nothing and answer `status` with the body ES gives for it
    /// (429: es_rejected_execution_exception, 503: cluster_block_exception, 500: an internal error).
    public void FailNext(int count, int status)
    {
        lock (_gate) (_failCount, _failStatus) = (count, status);
    }

    public IReadOnlyCollection<string> IndexNames
    {
        get { lock (_store.Sync) return [.. _store.Indices.Keys.Order(StringComparer.Ordinal)]; }
    }

    /// The concrete index an alias points at, or null; an alias on several indices is an error here.
    public string? AliasTarget(string alias)
    {
        lock (_store.Sync) return _store.AliasIndices(alias).Select(i => i.Name).SingleOrDefault();
    }

    /// Stops listening: connections are refused (and delayed requests dropped) until RestartAsync. State is kept.
    public async Task StopAsync()
    {
        if (_app is not { } app) return;
        _app = null;
        await _stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        _stopping.Dispose();
        _stopping = new CancellationTokenSource();
    }

    /// Listens again on the same port, with the same indices and documents.
    public async Task RestartAsync()
    {
        await StopAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ListenAsync();
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private async Task ListenAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, _port);
            o.Limits.MaxRequestBodySize = null;
            o.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
        _app = app;
    }

    internal static string NewUuid() =>
        Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // ---- HTTP ----

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var stopping = _stopping.Token;
        var body = await ReadBodyAsync(request, context.RequestAborted);
        var query = request.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var path = request.Path.Value ?? "/";

        int failStatus;
        lock (_gate) failStatus = _failCount > 0 && _failCount-- > 0 ? _failStatus : 0;
        EsResponse response;
        try
        {
            // Segments from the raw target, decoded one by one: Kestrel's Path keeps %2F, ES decodes it inside an id.
            var rawPath = (context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? path).Split('?')[0];
            var segments = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            response = failStatus != 0 ? Failure(failStatus) : Dispatch(request, path, segments, query, body);
        }
        catch (EsException e)
        {
            response = new EsResponse(e.Status, e.Body());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug of the emulator: a 500 that says where, rather than a dropped connection.
            response = new EsResponse(500, new EsException(500, "emulator_exception", e.ToString()).Body());
        }
        var accept = request.Headers.Accept.Count == 0 ? null : request.Headers.Accept.ToString();
        lock (_gate) _requests.Add(new RecordedRequest(request.Method, path, request.QueryString.Value?.TrimStart('?') ?? "", body, response.Status, request.ContentType, accept));

        if (Delay > TimeSpan.Zero)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await Task.Delay(Delay, linked.Token);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
                return;
            }
        }

        context.Response.StatusCode = response.Status;
        if (Profile.SendsProductHeader) context.Response.Headers["X-elastic-product"] = "Elasticsearch";
        foreach (var (name, value) in response.Headers ?? []) context.Response.Headers[name] = value;
        if (response.Body is null || HttpMethods.IsHead(request.Method)) return;
        var compatible = Profile.AcceptsCompatibleWith && $"{request.Headers.Accept} {request.ContentType}".Contains("compatible-with", StringComparison.Ordinal);
        context.Response.ContentType = compatible ? "application/vnd.elasticsearch+json;compatible-with=8" : "application/json";
        var bytes = Encoding.UTF8.GetBytes(response.Body.ToJsonString(query.ContainsKey("pretty") ? EsJson.Pretty : EsJson.Compact));
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellation)
    {
        var stream = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(request.Body, CompressionMode.Decompress)
            : request.Body;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellation);
    }

    private static EsResponse Failure(int status)
    {
        var (type, reason) = status switch
        {
            429 => ("es_rejected_execution_exception",
                "rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1048576, max_coordinating_and_primary_bytes=0]"),
            503 => ("cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];"),
            500 => ("exception", "emulated internal error"),
            _ => ("status_exception", $"emulated failure with status [{status}]"),
        };
        return new EsResponse(status, new EsException(status, type, reason).Body());
    }

    // ---- routing ----

    private sealed record EsResponse(int Status, JsonNode? Body, Dictionary<string, string>? Headers = null);

    private sealed record Call(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Body, Dictionary<string, string> Args)
    {
        public string this[string name] => Args[name];
        public string? Index => Args.GetValueOrDefault("index");
        public bool Flag(string name) => Query.GetValueOrDefault(name) is "" or "true";
    }

    private sealed record Route(string[] Pattern, string[] Methods, HashSet<string>? Params, Func<Call, EsResponse> Handle)
    {
        /// The NDJSON endpoints (a RestHandler that supportsContentStream).
        public bool IsStream => Pattern is [.., "_bulk" or "_msearch"];
    }

    private static readonly string[] CommonParams = ["pretty", "human", "error_trace", "filter_path", "source", "source_content_type"];

    /// The Content-Type a body must have, as the strictest supported server (Elasticsearch 7.0–7.10) checks it:
    /// a JSON media type (parameters such as charset allowed), or on an NDJSON endpoint the whole header exactly
    /// "application/x-ndjson" (RestController.hasContentType compares the lower-cased header, so a charset is 406);
    /// the compatible-with vendor types only where the profile has them (8.0+). SMILE, YAML and CBOR are valid in ES
    /// but not read here. Null when the body may be read.
    private EsResponse? ContentTypeRefusal(string? contentType, Route route)
    {
        if (contentType is null) return new EsResponse(406, new JsonObject { ["error"] = "Content-Type header is missing", ["status"] = 406 });
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == "application/json") return null;
        if (route.IsStream && contentType.ToLowerInvariant() == "application/x-ndjson") return null;
        if (Profile.AcceptsCompatibleWith && (mediaType == "application/vnd.elasticsearch+json" || (route.IsStream && mediaType == "application/vnd.elasticsearch+x-ndjson")))
            return null;
        if (mediaType is "application/smile" or "application/yaml" or "application/cbor") throw EsException.Unsupported($"Content-Type [{contentType}]");
        return new EsResponse(406, new JsonObject { ["error"] = $"Content-Type header [{contentType}] is not supported", ["status"] = 406 });
    }

    private EsResponse Dispatch(HttpRequest request, string path, string[] segments, Dictionary<string, string> query, string body)
    {
        var candidates = _routes.Where(r => r.Pattern.Length == segments.Length
                && r.Pattern.Zip(segments).All(p => p.First.StartsWith('{') || p.First == p.Second))
            .ToList();
        // As ES's path trie: a literal segment wins over a {placeholder} at the same place.
        var best = candidates.GroupBy(r => string.Join('/', r.Pattern))
            .OrderByDescending(g => string.Concat(g.First().Pattern.Select(s => s.StartsWith('{') ? '0' : '1')), StringComparer.Ordinal)
            .FirstOrDefault();
        var method = request.Method.ToUpperInvariant();
        var uri = path + request.QueryString.Value;
        if (best is null)
            return new EsResponse(400, new JsonObject { ["error"] = $"no handler found for uri [{uri}] and method [{method}]" });
        if (best.FirstOrDefault(r => r.Methods.Contains(method)) is not { } route)
        {
            var allowed = best.SelectMany(r => r.Methods).ToList();
            return new EsResponse(405,
                new JsonObject { ["error"] = $"Incorrect HTTP method for uri [{uri}] and method [{method}], allowed: [{string.Join(", ", allowed)}]", ["status"] = 405 },
                new Dictionary<string, string> { ["Allow"] = string.Join(",", allowed) });
        }

        if (body.Length == 0 && query.GetValueOrDefault("source") is { } sourceParam) body = sourceParam;
        else if (body.Length > 0 && ContentTypeRefusal(request.ContentType, route) is { } refused) return refused;
        if (route.Params is { } allowedParams)
        {
            var unknown = query.Keys.Where(k => !allowedParams.Contains(k) && !CommonParams.Contains(k)).Select(k => $"[{k}]").ToList();
            if (unknown.Count > 0)
                throw EsException.IllegalArgument($"request [{path}] contains unrecognized parameter{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown)}");
        }
        var args = route.Pattern.Zip(segments).Where(p => p.First.StartsWith('{')).ToDictionary(p => p.First.Trim('{', '}'), p => p.Second);
        lock (_store.Sync) return route.Handle(new Call(method, path, query, body, args));
    }

    private const string IndexParams =
        "if_primary_term if_seq_no include_source_on_error op_type pipeline refresh require_alias require_data_stream routing timeout version version_type wait_for_active_shards";
    private const string DeleteParams = "if_primary_term if_seq_no refresh routing timeout version version_type wait_for_active_shards";
    private const string GetParams = "_source _source_excludes _source_includes force_synthetic_source preference realtime refresh routing stored_fields version version_type";
    private const string BulkParams =
        "_source _source_excludes _source_includes include_source_on_error list_executed_pipelines pipeline refresh require_alias require_data_stream routing timeout wait_for_active_shards";
    private const string SearchParams =
        "_source _source_excludes _source_includes allow_no_indices allow_partial_search_results analyze_wildcard analyzer batched_reduce_size ccs_minimize_roundtrips default_operator df docvalue_fields expand_wildcards explain force_synthetic_source from ignore_throttled ignore_unavailable include_named_queries_score lenient max_concurrent_shard_requests min_compatible_shard_node pre_filter_shard_size preference q request_cache rest_total_hits_as_int routing scroll search_type seq_no_primary_term size sort stats stored_fields suggest_field suggest_mode suggest_size suggest_text terminate_after timeout track_scores track_total_hits typed_keys version";
    private const string CountParams =
        "allow_no_indices analyze_wildcard analyzer default_operator df expand_wildcards ignore_throttled ignore_unavailable lenient min_score preference q routing terminate_after";
    private const string MultiSearchParams =
        "allow_no_indices ccs_minimize_roundtrips expand_wildcards ignore_throttled ignore_unavailable include_named_queries_score index max_concurrent_searches max_concurrent_shard_requests pre_filter_shard_size rest_total_hits_as_int routing search_type typed_keys";
    private const string DeleteByQueryParams =
        "allow_no_indices analyze_wildcard analyzer conflicts default_operator df expand_wildcards from ignore_unavailable lenient max_docs preference q refresh request_cache requests_per_second routing scroll scroll_size search_timeout search_type slices sort stats terminate_after timeout version wait_for_active_shards wait_for_completion";
    private const string RefreshParams = "allow_no_indices expand_wildcards ignore_unavailable";
    private const string HealthParams =
        "expand_wildcards level local master_timeout timeout wait_for_active_shards wait_for_events wait_for_no_initializing_shards wait_for_no_relocating_shards wait_for_nodes wait_for_status";

    private List<Route> Routes()
    {
        var routes = new List<Route>();
        void Add(string pattern, string methods, string? parameters, Func<Call, EsResponse> handle) =>
            routes.Add(new Route(pattern.Split('/', StringSplitOptions.RemoveEmptyEntries), methods.Split(' '),
                parameters?.Split(' ').ToHashSet(StringComparer.Ordinal), handle));

        Add("", "GET HEAD", "", _ => Ok(Profile.RootInfo(_name, ClusterUuid)));
        Add("_cluster/health", "GET", HealthParams, _ => Ok(Health()));

        Add("{index}", "HEAD", "allow_no_indices expand_wildcards flat_settings ignore_unavailable include_defaults local",
            c => new EsResponse(c["index"].Split(',').All(_store.Exists) ? 200 : 404, null));
        Add("{index}", "GET", null, c => Ok(GetIndex(c.Index)));
        Add("{index}", "PUT", "master_timeout timeout wait_for_active_shards", c => Ok(_store.CreateIndex(c["index"], EsJson.ParseObject(c.Body))));
        Add("{index}", "DELETE", "allow_no_indices expand_wildcards ignore_unavailable master_timeout timeout", c => Ok(_store.DeleteIndex(c["index"], c.Flag("ignore_unavailable"))));
        Add("{index}/_mapping", "GET", null, c => Ok(GetIndex(c.Index, mappingsOnly: true)));
        Add("{index}/_mapping", "PUT POST", "allow_no_indices expand_wildcards ignore_unavailable master_timeout timeout write_index_only", PutMapping);
        Add("_refresh", "GET POST", RefreshParams, c => Refresh(c.Index));
        Add("{index}/_refresh", "GET POST", RefreshParams, c => Refresh(c.Index));

        Add("_aliases", "POST", "master_timeout timeout", c => Ok(_store.UpdateAliases(EsJson.ParseObject(c.Body))));
        Add("_alias", "GET", null, c => Aliases(c));
        Add("_alias/{name}", "GET HEAD", null, c => Aliases(c));
        Add("{index}/_alias", "GET", null, c => Aliases(c));
        Add("{index}/_alias/{name}", "GET HEAD", null, c => Aliases(c));
        Add("{index}/_alias/{name}", "PUT POST", "master_timeout timeout", c => Ok(_store.UpdateAliases(AliasAction("add", c))));
        Add("{index}/_alias/{name}", "DELETE", "master_timeout timeout", c => Ok(_store.UpdateAliases(AliasAction("remove", c))));

        Add("{index}/_doc/{id}", "GET HEAD", GetParams, GetDocument);
        Add("{index}/_doc/{id}", "PUT POST", IndexParams, c => IndexDocument(c, c["id"], c.Query.GetValueOrDefault("op_type") ?? "index"));
        Add("{index}/_doc", "POST", IndexParams, c => IndexDocument(c, EsStore.NewId(), "create"));
        Add("{index}/_create/{id}", "PUT POST", IndexParams, c => IndexDocument(c, c["id"], "create"));
        Add("{index}/_doc/{id}", "DELETE", DeleteParams, DeleteDocument);

        Add("_bulk", "POST PUT", BulkParams, c => Ok(EsBulk.Bulk(_store, null, c.Body, EsStore.ParseRefresh(c.Query.GetValueOrDefault("refresh")))));
        Add("{index}/_bulk", "POST PUT", BulkParams, c => Ok(EsBulk.Bulk(_store, c.Index, c.Body, EsStore.ParseRefresh(c.Query.GetValueOrDefault("refresh")))));

        Add("_search", "GET POST", SearchParams, Search);
        Add("{index}/_search", "GET POST", SearchParams, Search);
        Add("_count", "GET POST", CountParams, Count);
        Add("{index}/_count", "GET POST", CountParams, Count);
        Add("_msearch", "GET POST", MultiSearchParams, c => Ok(EsBulk.MultiSearch(_store, c.Index, c.Body)));
        Add("{index}/_msearch", "GET POST", MultiSearchParams, c => Ok(EsBulk.MultiSearch(_store, c.Index, c.Body)));
        Add("{index}/_delete_by_query", "POST", DeleteByQueryParams,
            c =>
            {
                var result = EsSearch.DeleteByQuery(_store, c.Index, EsJson.ParseObject(c.Body));
                if (c.Flag("refresh")) foreach (var index in _store.ResolveRead(c.Index)) index.Refresh();
                return Ok(result);
            });
        return routes;
    }

    private static EsResponse Ok(JsonNode body) => new(200, body);

    // ---- handlers ----

    private JsonObject Health() => new()
    {
        ["cluster_name"] = "es-emulator", ["status"] = "green", ["timed_out"] = false, ["number_of_nodes"] = 1, ["number_of_data_nodes"] = 1,
        ["active_primary_shards"] = _store.Indices.Count, ["active_shards"] = _store.Indices.Count, ["relocating_shards"] = 0,
        ["initializing_shards"] = 0, ["unassigned_shards"] = 0, ["unassigned_primary_shards"] = 0, ["delayed_unassigned_shards"] = 0,
        ["number_of_pending_tasks"] = 0, ["number_of_in_flight_fetch"] = 0, ["task_max_waiting_in_queue_millis"] = 0,
        ["active_shards_percent_as_number"] = 100.0,
    };

    private JsonObject GetIndex(string? expression, bool mappingsOnly = false)
    {
        var result = new JsonObject();
        foreach (var index in _store.ResolveRead(expression))
        {
            var mappings = index.Mapping.ToJson();
            if (mappingsOnly) { result[index.Name] = new JsonObject { ["mappings"] = mappings }; continue; }
            var settings = new JsonObject
            {
                ["number_of_shards"] = "1", ["number_of_replicas"] = "1", ["provided_name"] = index.Name,
                ["creation_date"] = index.CreationDate.ToString(System.Globalization.CultureInfo.InvariantCulture), ["uuid"] = index.Uuid,
                ["version"] = new JsonObject { ["created"] = "8521000" },
            };
            var given = index.Settings["index"] as JsonObject ?? index.Settings;
            foreach (var (key, value) in given)
                if (key != "index") settings[key.StartsWith("index.", StringComparison.Ordinal) ? key[6..] : key] = value is JsonValue ? EsJson.Scalar(value) : value?.DeepClone();
            var aliases = new JsonObject();
            foreach (var (alias, write) in index.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal))
                aliases[alias] = write is { } w ? new JsonObject { ["is_write_index"] = w } : new JsonObject();
            result[index.Name] = new JsonObject { ["aliases"] = aliases, ["mappings"] = mappings, ["settings"] = new JsonObject { ["index"] = settings } };
        }
        return result;
    }

    private EsResponse PutMapping(Call c)
    {
        var body = EsJson.ParseObject(c.Body) ?? throw EsException.Validation(["mapping source is required"]);
        foreach (var index in _store.ResolveRead(c.Index)) index.Mapping = index.Mapping.Merge(body);
        return Ok(new JsonObject { ["acknowledged"] = true });
    }

    private EsResponse Refresh(string? expression)
    {
        var indices = _store.ResolveRead(expression);
        foreach (var index in indices) index.Refresh();
        var count = indices.Count;
        return Ok(new JsonObject { ["_shards"] = new JsonObject { ["total"] = count * 2, ["successful"] = count, ["failed"] = 0 } });
    }

    private EsResponse Aliases(Call c)
    {
        var (status, body) = _store.GetAliases(c.Index, c.Args.GetValueOrDefault("name"));
        return new EsResponse(status, c.Method == "HEAD" ? null : body);
    }

    private static JsonObject AliasAction(string kind, Call c)
    {
        var args = EsJson.ParseObject(c.Body) ?? [];
        args["index"] = c["index"];
        args["alias"] = c["name"];
        return new JsonObject { ["actions"] = new JsonArray(new JsonObject { [kind] = args }) };
    }

    private static WriteParams Params(Call c, bool create, bool isDelete)
    {
        var p = new WriteParams(Long(c, "version"), WriteParams.ParseVersionType(c.Query.GetValueOrDefault("version_type")),
            Long(c, "if_seq_no"), Long(c, "if_primary_term"), create);
        var errors = p.Errors(isDelete).ToList();
        return errors.Count > 0 ? throw EsException.Validation(errors) : p;

        static long? Long(Call c, string name) =>
            c.Query.GetValueOrDefault(name) is not { } text ? null
            : long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
            : throw EsException.IllegalArgument($"Failed to parse long parameter [{name}] with value [{text}]");
    }

    private EsResponse IndexDocument(Call c, string id, string opType)
    {
        if (opType is not ("index" or "create")) throw EsException.IllegalArgument($"opType must be 'create' or 'index', found: [{opType}]");
        if (c.Body.Length == 0) throw EsException.Validation(["source is missing", "content type is missing"]);
        var p = Params(c, opType == "create", false);
        var refresh = EsStore.ParseRefresh(c.Query.GetValueOrDefault("refresh"));
        var index = _store.ResolveWrite(c["index"]);
        var (status, body) = _store.Write(index, id, c.Body, p);
        return new EsResponse(status, Refreshed(index, body, refresh));
    }

    private EsResponse DeleteDocument(Call c)
    {
        var p = Params(c, false, true);
        var refresh = EsStore.ParseRefresh(c.Query.GetValueOrDefault("refresh"));
        var index = _store.ResolveWrite(c["index"], wouldAutoCreate: p.VersionType != VersionType.Internal);
        var (status, body) = _store.Delete(index, c["id"], p);
        return new EsResponse(status, Refreshed(index, body, refresh));
    }

    /// After a write with `refresh`: searchable when the call returns (`forced_refresh` says a refresh was forced).
    internal static JsonObject Refreshed(EsIndex index, JsonObject body, RefreshPolicy refresh)
    {
        if (refresh != RefreshPolicy.None) index.Refresh();
        if (refresh == RefreshPolicy.Immediate) body.Insert(4, "forced_refresh", true);
        return body;
    }

    private EsResponse GetDocument(Call c)
    {
        var index = _store.ResolveSingle(c["index"]);
        var id = c["id"];
        var docs = c.Query.GetValueOrDefault("realtime") is "false" ? index.Searchable : index.Docs; // real time unless told
        if (!docs.TryGetValue(id, out var doc))
            return new EsResponse(404, new JsonObject { ["_index"] = index.Name, ["_id"] = id, ["found"] = false });
        var body = new JsonObject
        {
            ["_index"] = index.Name, ["_id"] = id, ["_version"] = doc.Version, ["_seq_no"] = doc.SeqNo, ["_primary_term"] = 1, ["found"] = true,
        };
        if (SourceFilter.FromQuery(c.Query, SourceFilter.All).Apply(doc) is { } source) body["_source"] = source;
        return Ok(body);
    }

    private EsResponse Search(Call c)
    {
        var search = EsSearch.Parse(EsJson.ParseObject(c.Body), c.Query);
        return Ok(search.Execute(_store.ResolveRead(c.Index, c.Flag("ignore_unavailable"))));
    }

    private EsResponse Count(Call c)
    {
        var count = EsSearch.ParseCount(EsJson.ParseObject(c.Body), c.Query);
        return Ok(count.Count(_store.ResolveRead(c.Index, c.Flag("ignore_unavailable"))));
    }
}
