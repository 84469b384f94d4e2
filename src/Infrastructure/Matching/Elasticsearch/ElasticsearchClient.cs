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

    /// The cluster is down, overloaded or slow: worth trying again later, nothing is wrong with the request.
    public bool IsUnavailable => Status is null or 429 or >= 500;
}

/// The outcome of a versioned write: done, or refused because the document already holds this
/// change or a newer one (an external version at least as high) — harmless for idempotent writers.
public enum WriteOutcome { Written, Stale, NotFound }

/// A thin typed client for the few REST endpoints the adapter needs, over the HttpClient that
/// <see cref="IHttpClientFactory"/> makes for <see cref="Name"/> (base address, credentials and TLS
/// from <see cref="ElasticsearchOptions"/>). Every call goes through one resilience pipeline: a
/// timeout per attempt, and retries with exponential backoff and jitter on 429/502/503/504,
/// timeouts and refused connections (honouring Retry-After).
public sealed partial class ElasticsearchClient
{
    public const string Name = "Elasticsearch";
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeHeaderValue NdJson = new("application/x-ndjson") { CharSet = "utf-8" };
    private readonly IHttpClientFactory _clients;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger<ElasticsearchClient> _logger;

    public ElasticsearchClient(IHttpClientFactory clients, IOptions<ElasticsearchOptions> options, ILogger<ElasticsearchClient> logger)
    {
        _clients = clients;
        _logger = logger;
        var o = options.Value;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (o.Retries > 0)
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>().Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                MaxRetryAttempts = o.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    RetryingLog(_logger, args.AttemptNumber + 1, args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "?", args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        _pipeline = builder.AddTimeout(o.RequestTimeout).Build();
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static TimeSpan? RetryAfter(HttpResponseMessage? response) =>
        response?.Headers.RetryAfter?.Delta is { } delta && delta <= TimeSpan.FromSeconds(30) ? delta : null;

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

    /// Indexes one document; with a version, as an external version (newer only).
    public async Task<WriteOutcome> IndexAsync(string index, string id, object document, long? version, string refresh, CancellationToken ct)
    {
        var (status, _) = await SendAsync(HttpMethod.Put, $"{Escape(index)}/_doc/{Escape(id)}?{Parameters(version, refresh)}", Body(document), ct,
            HttpStatusCode.Conflict);
        return status == HttpStatusCode.Conflict ? WriteOutcome.Stale : WriteOutcome.Written;
    }

    public async Task<WriteOutcome> DeleteAsync(string index, string id, long? version, string refresh, CancellationToken ct)
    {
        var (status, _) = await SendAsync(HttpMethod.Delete, $"{Escape(index)}/_doc/{Escape(id)}?{Parameters(version, refresh)}", null, ct,
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
    public async Task<BulkResponse> BulkAsync(IReadOnlyList<(BulkAction Action, object? Document)> operations, string refresh, CancellationToken ct)
    {
        var text = new StringBuilder();
        foreach (var (action, document) in operations)
        {
            text.Append(JsonSerializer.Serialize(new Dictionary<string, BulkAction> { [document is null ? "delete" : "index"] = action }, ElasticsearchJson.Options)).Append('\n');
            if (document is not null) text.Append(JsonSerializer.Serialize(document, document.GetType(), ElasticsearchJson.Options)).Append('\n');
        }
        var (_, body) = await SendAsync(HttpMethod.Post, "_bulk?refresh=" + refresh, (text.ToString(), NdJson), ct);
        var response = Parse<BulkResponse>(body);
        if (!response.Errors) return response;
        var failed = response.Items.SelectMany(i => i.Values).FirstOrDefault(i => i.Status >= 300 && i.Status != 409 && !(i.Status == 404 && i.Result == "not_found"));
        if (failed is not null)
            throw new ElasticsearchException(failed.Status, failed.Error?.Type,
                $"Bulk item {failed.Index}/{failed.Id} failed ({failed.Status}): {failed.Error?.Type}: {failed.Error?.Reason}");
        return response;
    }

    private static string Parameters(long? version, string refresh) =>
        version is { } v ? $"version={v.ToString(CultureInfo.InvariantCulture)}&version_type=external&refresh={refresh}" : $"refresh={refresh}";

    private static (string Text, MediaTypeHeaderValue Type) Body(object body) =>
        (JsonSerializer.Serialize(body, body.GetType(), ElasticsearchJson.Options), Json);

    private static T Parse<T>(string body) =>
        JsonSerializer.Deserialize<T>(body, ElasticsearchJson.Options) ?? throw new ElasticsearchException(200, null, "Empty response from Elasticsearch.");

    private static string Escape(string part) => Uri.EscapeDataString(part);

    /// Sends one request through the pipeline; a status other than 2xx or <paramref name="expected"/> throws.
    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, (string Text, MediaTypeHeaderValue Type)? content,
        CancellationToken ct, params HttpStatusCode[] expected)
    {
        var http = _clients.CreateClient(Name);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(method, path);
                if (content is { } c) request.Content = new StringContent(c.Text, c.Type);
                return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            }, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new ElasticsearchException(null, null, $"Elasticsearch did not answer {method} /{path}: {e.Message}", e);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode || expected.Contains(response.StatusCode)) return (response.StatusCode, body);
            var error = ErrorBody.Read(body);
            throw new ElasticsearchException((int)response.StatusCode, error?.Type,
                $"Elasticsearch refused {method} /{path} ({(int)response.StatusCode}): {error?.Type}: {error?.Reason ?? body}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch request failed ({Outcome}); attempt {Attempt} in {Delay}")]
    private static partial void RetryingLog(ILogger logger, int attempt, string outcome, TimeSpan delay);
}
