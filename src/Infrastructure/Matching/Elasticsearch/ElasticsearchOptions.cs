using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Matching.Elasticsearch;

/// The "Matching:Elasticsearch" section, read when Matching:Index is Elasticsearch.
public sealed class ElasticsearchOptions
{
    public const string Section = "Matching:Elasticsearch";

    /// The cluster, e.g. https://es1.example.org:9200 (a load balancer or one coordinating node).
    public Uri? Url { get; set; }

    /// More nodes of the same cluster (Urls:0, Urls:1 …), tried after <see cref="Url"/> when a node
    /// does not answer: a cluster is reached through more than one node.
    public List<Uri> Urls { get; set; } = [];

    /// Every node to send requests to: Url first, then Urls, each once, ending with "/" so that a
    /// path prefix (a proxy's /es/) is kept when a request path is appended.
    public IReadOnlyList<Uri> Nodes =>
        new[] { Url }.Concat(Urls).OfType<Uri>()
            .Select(u => u.IsAbsoluteUri && !u.AbsolutePath.EndsWith('/') ? new Uri(u.GetLeftPart(UriPartial.Path) + "/") : u)
            .Distinct().ToList();

    /// Basic authentication (a user with the index privileges on IndexPrefix-*)…
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// …or an API key: the base64 "id:key" form Elasticsearch returns as "encoded".
    public string? ApiKey { get; set; }

    /// A PEM file of the certificate authority that signed the cluster's certificate (Elasticsearch
    /// 8 makes its own CA at install); without it the system's trusted roots are used.
    public string? CertificateAuthorityPath { get; set; }

    /// Names of the aliases and indices: {prefix}-providers, {prefix}-needs.
    public string IndexPrefix { get; set; } = "fivesocieties";

    public int Shards { get; set; } = 1;
    public int Replicas { get; set; } = 1;

    /// How long one request may take before it is retried.
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// Retries (with exponential backoff and jitter) on 429, 502, 503, 504, timeouts and refused connections.
    public int Retries { get; set; } = 3;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// Documents per bulk request when (re)building.
    public int BulkSize { get; set; } = 1000;

    /// Candidates read per search page (sorted by key, paged with search_after).
    public int PageSize { get; set; } = 1000;

    /// How often the index is rebuilt from the database although the feed keeps it current (what
    /// changes with time alone, like an organisation's cases left this month); zero: never.
    public TimeSpan RebuildEvery { get; set; } = TimeSpan.FromDays(1);

    /// The refresh of the index feed's bulk writes, one per batch: "wait_for" (a batch is searchable
    /// when the relay moves its cursor, after at most the index's 1 s refresh interval), "false" (searchable
    /// within that interval, the relay does not wait) or "true" (a forced refresh per batch). Single
    /// writes never wait for a refresh; the adapter refreshes what it wrote before its next read.
    public string Refresh { get; set; } = "wait_for";

    /// A node that failed (no connection, a timeout, 502/503/504) is skipped this long before it is tried again.
    public TimeSpan DeadNodeRetry { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class ElasticsearchOptionsValidator : IValidateOptions<ElasticsearchOptions>
{
    public ValidateOptionsResult Validate(string? name, ElasticsearchOptions o)
    {
        var problems = new List<string>();
        if (o.Url is null && o.Urls.Count == 0)
            problems.Add("Matching:Elasticsearch:Url 应为 http:// 或 https:// 开头的集群地址。");
        foreach (var (key, url) in new[] { ("Url", o.Url) }.Concat(o.Urls.Select((u, i) => ($"Urls:{i}", (Uri?)u))))
            if (url is not null && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || url.Query.Length > 0 || url.Fragment.Length > 0))
                problems.Add($"Matching:Elasticsearch:{key} 应为 http:// 或 https:// 开头的节点地址（不带查询参数），而不是“{url}”。");
        if (o.Urls.Count > 16) problems.Add("Matching:Elasticsearch:Urls 最多 16 个节点。");
        if (o.DeadNodeRetry < TimeSpan.FromSeconds(1) || o.DeadNodeRetry > TimeSpan.FromMinutes(30))
            problems.Add("Matching:Elasticsearch:DeadNodeRetry 应在 00:00:01 到 00:30:00 之间。");
        if (!string.IsNullOrEmpty(o.ApiKey) && !string.IsNullOrEmpty(o.Username))
            problems.Add("Matching:Elasticsearch 请只配置 ApiKey 或 Username/Password 之一。");
        if (!string.IsNullOrEmpty(o.Username) && string.IsNullOrEmpty(o.Password))
            problems.Add("Matching:Elasticsearch:Password 未配置。");
        if (o.CertificateAuthorityPath is { Length: > 0 } ca && !File.Exists(ca))
            problems.Add($"Matching:Elasticsearch:CertificateAuthorityPath 指向的文件“{ca}”不存在。");
        if (string.IsNullOrWhiteSpace(o.IndexPrefix) || o.IndexPrefix != o.IndexPrefix.ToLowerInvariant()
            || o.IndexPrefix.IndexOfAny(['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':']) >= 0 || o.IndexPrefix[0] is '-' or '_' or '+')
            problems.Add("Matching:Elasticsearch:IndexPrefix 应为小写字母、数字和连字符，且不以 - _ + 开头。");
        if (o.Shards is < 1 or > 64) problems.Add("Matching:Elasticsearch:Shards 应在 1 到 64 之间。");
        if (o.Replicas is < 0 or > 8) problems.Add("Matching:Elasticsearch:Replicas 应在 0 到 8 之间。");
        if (o.RequestTimeout < TimeSpan.FromMilliseconds(100) || o.RequestTimeout > TimeSpan.FromMinutes(5))
            problems.Add("Matching:Elasticsearch:RequestTimeout 应在 00:00:00.1 到 00:05:00 之间。");
        if (o.Retries is < 0 or > 10) problems.Add("Matching:Elasticsearch:Retries 应在 0 到 10 之间。");
        if (o.RetryDelay < TimeSpan.Zero || o.RetryDelay > TimeSpan.FromSeconds(30))
            problems.Add("Matching:Elasticsearch:RetryDelay 应在 0 到 00:00:30 之间。");
        if (o.BulkSize is < 1 or > 10_000) problems.Add("Matching:Elasticsearch:BulkSize 应在 1 到 10000 之间。");
        if (o.PageSize is < 10 or > 10_000) problems.Add("Matching:Elasticsearch:PageSize 应在 10 到 10000 之间。");
        if (o.RebuildEvery < TimeSpan.Zero || (o.RebuildEvery > TimeSpan.Zero && o.RebuildEvery < TimeSpan.FromMinutes(10)))
            problems.Add("Matching:Elasticsearch:RebuildEvery 应为 0（不定时重建）或不少于 00:10:00。");
        if (o.Refresh is not ("wait_for" or "true" or "false")) problems.Add("Matching:Elasticsearch:Refresh 应为 wait_for、true 或 false。");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
