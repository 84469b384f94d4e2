using System.Globalization;
using System.Text.Json;

namespace FiveSocieties.Infrastructure.Matching.Elasticsearch;

/// Which servers the adapter talks to, decided from their answer to GET /.
///
/// Supported: Elasticsearch 7.0 and later 7.x, 8.x and 9.x. 7.0 is the floor because the adapter uses
/// typeless document and mapping endpoints (PUT /{index} with "properties" at the top of "mappings",
/// /{index}/_doc/{id}), which appeared in 7.0 (6.x needs include_type_name and a type); everything
/// else it uses is older (external versions on bulk items, search_after 5.0, the remove_index alias
/// action 5.x, refresh=wait_for 5.0, painless arcDistance on geo_point doc values 5.x). Newer majors
/// are refused until tested: a major may remove endpoints (8.0 removed the typed ones).
///
/// The product: from 7.14 on every Elasticsearch response carries "X-Elastic-Product: Elasticsearch";
/// before 7.14, GET / says "tagline": "You Know, for Search". OpenSearch and Easysearch say so in
/// "version.distribution"; they are refused (not tested; OpenSearch 1.x may report 7.10.2 as its number).
public static class ElasticsearchProduct
{
    public const string Header = "X-Elastic-Product";
    public static readonly Version Oldest = new(7, 0);
    public const int NewestMajor = 9;
    private static readonly Version HeaderSince = new(7, 14);
    public const string Supported = "Elasticsearch 7.x（7.0 起）、8.x 和 9.x";

    public enum Verdict { Supported, Unchecked, Refused }

    /// What the answer of GET / (its status, X-Elastic-Product header and body) says of the server at
    /// <paramref name="node"/>, with the reason in one Chinese line when it is not Supported.
    /// 401/403: the user may lack the monitor privilege GET / needs; the adapter goes on (a header
    /// "Elasticsearch" still proves the product, 7.14+).
    public static (Verdict Verdict, string? Reason) Judge(Uri node, int status, string? product, string body)
    {
        var where = $"Matching:Elasticsearch 的节点 {Display(node)}";
        if (status is 401 or 403)
            return product == "Elasticsearch" ? (Verdict.Supported, null)
                : (Verdict.Unchecked, $"{where} 拒绝了 GET /（{status}），无法核对集群的产品和版本；请给账号 monitor 集群权限。");
        if (status is < 200 or >= 300)
            return (Verdict.Unchecked, $"{where} 对 GET / 的回答是 {status}，无法核对集群的产品和版本。");
        string? number = null, distribution = null, tagline = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Object)
            {
                number = Text(version, "number");
                distribution = Text(version, "distribution");
            }
            tagline = Text(doc.RootElement, "tagline");
        }
        catch (JsonException) { }
        var parsed = Parse(number);
        if (distribution is { } other && !other.Equals("elasticsearch", StringComparison.OrdinalIgnoreCase))
            return Refuse($"{where} 连接的是 {Name(other)} {number}，不是 Elasticsearch：本系统支持 {Supported}，OpenSearch、Easysearch 等兼容引擎未经验证。");
        if (parsed is null)
            return Refuse($"{where} 对 GET / 的回答里没有版本号，不像是 Elasticsearch：本系统支持 {Supported}。");
        var isElasticsearch = parsed >= HeaderSince ? product == "Elasticsearch" : tagline == "You Know, for Search";
        if (!isElasticsearch)
            return Refuse($"{where} 报告版本 {number}，却不是 Elasticsearch（{(parsed >= HeaderSince ? "回答没有 X-Elastic-Product: Elasticsearch" : "标语不是 You Know, for Search")}）：本系统支持 {Supported}。");
        if (parsed < Oldest)
            return Refuse($"{where} 是 Elasticsearch {number}，版本过旧（不带类型的接口从 7.0 起才有）：本系统支持 {Supported}。");
        if (parsed.Major > NewestMajor)
            return Refuse($"{where} 是 Elasticsearch {number}，这个大版本尚未验证：本系统支持 {Supported}。");
        return (Verdict.Supported, null);

        static (Verdict, string?) Refuse(string reason) => (Verdict.Refused, reason + "请改连受支持的集群，或把 Matching:Index 设为 Embedded。");
    }

    /// A node as shown to operators: scheme, host and port, without credentials.
    public static string Display(Uri node) => $"{node.Scheme}://{node.Host}:{node.Port}{node.AbsolutePath.TrimEnd('/')}";

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// "8.17.0", "7.10.2-SNAPSHOT", "9.0.0-beta1": major and minor.
    private static Version? Parse(string? number)
    {
        var parts = number?.Split('.', '-');
        return parts is { Length: >= 2 } && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var minor) ? new Version(major, minor) : null;
    }

    private static string Name(string distribution) => distribution.ToLowerInvariant() switch
    {
        "opensearch" => "OpenSearch",
        "easysearch" => "Easysearch",
        _ => distribution,
    };
}
