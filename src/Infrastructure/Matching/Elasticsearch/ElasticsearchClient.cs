using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FiveSocieties.Infrastructure.Matching.Elasticsearch;

/// A failed call: the cluster's own error (type and reason), or no answer at all (Status null).
public sealed class ElasticsearchException(int? status, string? type, string message, Exception? inner = null) : Exception(message, inner)
{
    public int? Status { get; } = status;
    public string? ErrorType { get; } = type;

    /// The server answered GET / as a product or version the adapter does not support: a configuration
    /// to fix (the message says what, in Chinese); until then the index is treated as unavailable.
    public bool IsUnsupported { get; init; }

    /// The cluster is down, overloaded, slow or unsupported: worth trying again later, nothing is wrong with the request.
    public bool IsUnavailable => IsUnsupported || Status is null or 429 or >= 500;
}

/// The outcome of a versioned write: done, or refused because the document already holds this
/// change or a newer one (an external version at least as high) — harmless for idempotent writers.
public enum WriteOutcome { Written, Stale, NotFound }

/// A thin typed client for the few REST endpoints the adapter needs, over the HttpClient that
/// <see cref="IHttpClientFactory"/> makes for <see cref="Name"/> (credentials and TLS from
/// <see cref="ElasticsearchOptions"/>). Every call goes through one resilience pipeline: a timeout
/// per attempt, and retries with exponential backoff and jitter on 429/502/503/504, timeouts and
/// refused connections (honouring Retry-After); a node that fails is left for the next one at once
/// (<see cref="ElasticsearchNodes"/>). Before its first request the client checks, with GET /, that
/// the cluster is an Elasticsearch it supports (<see cref="ElasticsearchProduct"/>).
public sealed partial class ElasticsearchClient
{
    public const string Name = "Elasticsearch";

    // Exactly the media types the REST API specification gives each endpoint (rest-api-spec "headers"):
    // application/json for JSON bodies, application/x-ndjson for _bulk, Accept application/json. No
    // charset: Elasticsearch 7.0–7.10 accepts NDJSON only as the bare "application/x-ndjson" (RestController
    // compares the whole header; anything else is 406), and JSON is UTF-8 by definition (RFC 8259).
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue NdJson = new("application/x-ndjson");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private readonly IHttpClientFactory _clients;
    private readonly ElasticsearchNodes _nodes;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger<ElasticsearchClient> _logger;
    private volatile bool _verified;
    private string? _lastRefusal;

    public ElasticsearchClient(IHttpClientFactory clients, IOptions<ElasticsearchOptions> options, ILogger<ElasticsearchClient> logger, TimeProvider clock)
    {
        _clients = clients;
        _logger = logger;
        var o = options.Value;
        _nodes = new ElasticsearchNodes(o.Nodes, o.DeadNodeRetry, clock);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock };
        // Each node gets its chance beyond the retries: failing over to a live node costs no wait.
        var attempts = o.Retries + _nodes.All.Count - 1;
        if (attempts > 0)
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>().Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                MaxRetryAttempts = attempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)
                    ?? (IsNodeFailure(args.Outcome) && _nodes.AnyLive ? TimeSpan.Zero : (TimeSpan?)null)),
                OnRetry = args =>
                {
                    RetryingLog(_logger, args.AttemptNumber + 1, args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "?", args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        _pipeline = builder.AddTimeout(o.RequestTimeout).Build();
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests || IsNodeFailure(status);

    /// The node did not serve the request (a proxy in front of it, or the node itself, says so): try another.
    private static bool IsNodeFailure(HttpStatusCode status) =>
        status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static bool IsNodeFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is not null || (outcome.Result is { } r && IsNodeFailure(r.StatusCode));

    private static TimeSpan? RetryAfter(HttpResponseMessage? response) =>
        response?.Headers.RetryAfter?.Delta is { } delta && delta <= TimeSpan.FromSeconds(30) ? delta : null;

    /// The nodes requests go to, with their recent failures.
    public ElasticsearchNodes Nodes => _nodes;

    /// Checks, until it once succeeds, that the cluster is an Elasticsearch the adapter supports
    /// (GET /). Throws an unavailable <see cref="ElasticsearchException"/> when no node answers, and
    /// one with <see cref="ElasticsearchException.IsUnsupported"/> when the answer is refused (checked
    /// again on the next call: the operator may fix the cluster or the setting meanwhile).
    public async Task VerifyAsync(CancellationToken ct)
    {
        if (_verified) return;
        var answer = await ExchangeAsync(HttpMethod.Get, "", null, ct);
        if (answer.Status is HttpStatusCode.TooManyRequests || (int)answer.Status >= 500) throw Refused(HttpMethod.Get, "", answer);
        var (verdict, reason) = ElasticsearchProduct.Judge(answer.Node, (int)answer.Status, answer.Product, answer.Body);
        if (verdict == ElasticsearchProduct.Verdict.Refused)
        {
            if (Interlocked.Exchange(ref _lastRefusal, reason) != reason) UnsupportedLog(_logger, reason!);
            throw new ElasticsearchException(null, "unsupported_product", reason!) { IsUnsupported = true };
        }
        if (verdict == ElasticsearchProduct.Verdict.Unchecked) UncheckedLog(_logger, reason!);
        _lastRefusal = null;
        _verified = true;
    }

    public async Task<bool> IndexExistsAsync(string index, CancellationToken ct)
    {
        var (status, _) = await SendAsync(HttpMethod.Head, Escape(index), null, ct, HttpStatusCode.NotFound);
        return status == HttpStatusCode.OK;
    }

    public Task CreateIndexAsync(string index, CreateIndexRequest body, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, Escape(index), Body(body), ct);

    public Task DeleteIndexAsync(string index, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, Escape(index), null, ct, HttpStatusCode.NotFound);

    /// The concrete indices an alias points at; empty when it does not exist.
    public async Task<IReadOnlyList<string>> AliasTargetsAsync(string alias, CancellationToken ct)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "_alias/" + Escape(alias), null, ct, HttpStatusCode.NotFound);
        if (status == HttpStatusCode.NotFound) return [];
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
    }

    public Task UpdateAliasesAsync(UpdateAliasesRequest body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "_aliases", Body(body), ct);

    public Task RefreshAsync(string index, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Escape(index) + "/_refresh", null, ct);

    public async Task<SearchResponse<T>> SearchAsync<T>(string index, SearchRequest request, CancellationToken ct)
    {
        var (_, body) = await SendAsync(HttpMethod.Post, Escape(index) + "/_search", Body(request), ct);
        return Parse<SearchResponse<T>>(body);
    }

    public async Task<long> CountAsync(string index, CountRequest request, CancellationToken ct)
    {
        var (_, body) = await SendAsync(HttpMethod.Post, Escape(index) + "/_count", Body(request), ct);
        return Parse<CountResponse>(body).Count;
    }

    /// Indexes one document; with a version, as an external version (newer only). Without a
    /// <paramref name="refresh"/> the call does not wait for the document to become searchable.
    public async Task<WriteOutcome> IndexAsync(string index, string id, object document, long? version, string? refresh, CancellationToken ct)
    {
        var (status, _) = await SendAsync(HttpMethod.Put, $"{Escape(index)}/_doc/{Escape(id)}{WriteParameters(version, refresh)}", Body(document), ct,
            HttpStatusCode.Conflict);
        return status == HttpStatusCode.Conflict ? WriteOutcome.Stale : WriteOutcome.Written;
    }

    public async Task<WriteOutcome> DeleteAsync(string index, string id, long? version, string? refresh, CancellationToken ct)
    {
        var (status, _) = await SendAsync(HttpMethod.Delete, $"{Escape(index)}/_doc/{Escape(id)}{WriteParameters(version, refresh)}", null, ct,
            HttpStatusCode.Conflict, HttpStatusCode.NotFound);
        return status switch
        {
            HttpStatusCode.Conflict => WriteOutcome.Stale,
            HttpStatusCode.NotFound => WriteOutcome.NotFound,
            _ => WriteOutcome.Written,
        };
    }

    /// One bulk request of index and delete actions (a null document deletes). Items refused for
    /// a version conflict count as done (a newer change is already there); any other refused item
    /// fails the call with its error, after the rest were applied (writes are idempotent, so the
    /// caller repeats the whole batch).
    public async Task<BulkResponse> BulkAsync(IReadOnlyList<(BulkAction Action, object? Document)> operations, string? refresh, CancellationToken ct)
    {
        var text = new StringBuilder();
        foreach (var (action, document) in operations)
        {
            text.Append(JsonSerializer.Serialize(new Dictionary<string, BulkAction> { [document is null ? "delete" : "index"] = action }, ElasticsearchJson.Options)).Append('\n');
            if (document is not null) text.Append(JsonSerializer.Serialize(document, document.GetType(), ElasticsearchJson.Options)).Append('\n');
        }
        var (_, body) = await SendAsync(HttpMethod.Post, "_bulk" + WriteParameters(null, refresh), (text.ToString(), NdJson), ct);
        var response = Parse<BulkResponse>(body);
        if (!response.Errors) return response;
        var failed = response.Items.SelectMany(i => i.Values).FirstOrDefault(i => i.Status >= 300 && i.Status != 409 && !(i.Status == 404 && i.Result == "not_found"));
        if (failed is not null)
            throw new ElasticsearchException(failed.Status, failed.Error?.Type,
                $"Bulk item {failed.Index}/{failed.Id} failed ({failed.Status}): {failed.Error?.Type}: {failed.Error?.Reason}");
        return response;
    }

    /// The query string of a write: an external version, and a refresh only when one is asked for.
    private static string WriteParameters(long? version, string? refresh)
    {
        var parameters = new List<string>();
        if (version is { } v) parameters.Add($"version={v.ToString(CultureInfo.InvariantCulture)}&version_type=external");
        if (refresh is not null) parameters.Add("refresh=" + refresh);
        return parameters.Count == 0 ? "" : "?" + string.Join('&', parameters);
    }

    private static (string Text, MediaTypeHeaderValue Type) Body(object body) =>
        (JsonSerializer.Serialize(body, body.GetType(), ElasticsearchJson.Options), Json);

    private static T Parse<T>(string body) =>
        JsonSerializer.Deserialize<T>(body, ElasticsearchJson.Options) ?? throw new ElasticsearchException(200, null, "Empty response from Elasticsearch.");

    private static string Escape(string part) => Uri.EscapeDataString(part);

    /// Sends one request through the pipeline; a status other than 2xx or <paramref name="expected"/> throws.
    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, (string Text, MediaTypeHeaderValue Type)? content,
        CancellationToken ct, params HttpStatusCode[] expected)
    {
        await VerifyAsync(ct);
        var answer = await ExchangeAsync(method, path, content, ct);
        if ((int)answer.Status is >= 200 and < 300 || expected.Contains(answer.Status)) return (answer.Status, answer.Body);
        throw Refused(method, path, answer);
    }

    private sealed record Answer(HttpStatusCode Status, string Body, string? Product, Uri Node);

    /// One request, through the pipeline, to the nodes in turn; any status is returned.
    private async Task<Answer> ExchangeAsync(HttpMethod method, string path, (string Text, MediaTypeHeaderValue Type)? content, CancellationToken ct)
    {
        var http = _clients.CreateClient(Name);
        HttpResponseMessage response;
        Uri? asked = null;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                var node = asked = _nodes.Pick();
                using var request = new HttpRequestMessage(method, new Uri(node, path));
                request.Headers.Accept.Add(AcceptJson);
                if (content is { } c) request.Content = new StringContent(c.Text, Encoding.UTF8, c.Type);
                try
                {
                    var answer = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                    if (IsNodeFailure(answer.StatusCode)) _nodes.Failed(node);
                    else _nodes.Answered(node);
                    return answer;
                }
                catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    _nodes.Failed(node); // refused, reset or timed out: the next attempt goes to another node
                    throw;
                }
            }, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new ElasticsearchException(null, null, $"Elasticsearch ({string.Join(", ", _nodes.All.Select(ElasticsearchProduct.Display))}) did not answer {method} /{path}: {e.Message}", e);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var product = response.Headers.TryGetValues(ElasticsearchProduct.Header, out var values) ? values.FirstOrDefault() : null;
            return new Answer(response.StatusCode, body, product, asked!);
        }
    }

    private static ElasticsearchException Refused(HttpMethod method, string path, Answer answer)
    {
        var error = ErrorBody.Read(answer.Body);
        return new ElasticsearchException((int)answer.Status, error?.Type,
            $"Elasticsearch refused {method} /{path} ({(int)answer.Status}): {error?.Type}: {error?.Reason ?? answer.Body}");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch request failed ({Outcome}); attempt {Attempt} in {Delay}")]
    private static partial void RetryingLog(ILogger logger, int attempt, string outcome, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}")]
    private static partial void UnsupportedLog(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Reason}")]
    private static partial void UncheckedLog(ILogger logger, string reason);
}
