using System.Text.Json.Nodes;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch.Emulator;

/// What server the emulator answers as: its GET / and whether it sends X-Elastic-Product. The REST
/// subset behaves the same whatever the profile (it is the one the adapter needs from every supported
/// version), except where noted: the product header only from Elasticsearch 7.14 (as real nodes), the
/// compatible-with media types only from 8.0.
public sealed record EsProfile(string Number, string Lucene, string MinimumWireCompatibility, string Tagline, string? Distribution = null)
{
    public const string ElasticsearchTagline = "You Know, for Search";

    public static readonly EsProfile Elasticsearch6_8 = new("6.8.23", "7.7.3", "5.6.0", ElasticsearchTagline);
    public static readonly EsProfile Elasticsearch7_1 = new("7.1.1", "8.0.0", "6.8.0", ElasticsearchTagline);
    public static readonly EsProfile Elasticsearch7_17 = new("7.17.26", "8.11.3", "6.8.0", ElasticsearchTagline);
    public static readonly EsProfile Elasticsearch8_17 = new("8.17.0", "9.12.0", "7.17.0", ElasticsearchTagline);
    public static readonly EsProfile Elasticsearch9_1 = new("9.1.5", "10.2.2", "8.19.0", ElasticsearchTagline);
    public static readonly EsProfile OpenSearch2 = new("2.11.1", "9.7.0", "7.10.0", "The OpenSearch Project: https://opensearch.org/", "opensearch");
    public static readonly EsProfile Easysearch1 = new("1.9.0", "8.11.4", "7.0.0", "You Know, for Easy Search", "easysearch");

    private Version Version => new(Number.Split('.')[0] + "." + Number.Split('.')[1]);

    public bool IsElasticsearch => Distribution is null;

    /// Every Elasticsearch response carries X-Elastic-Product from 7.14 on.
    public bool SendsProductHeader => IsElasticsearch && Version >= new Version(7, 14);

    /// application/vnd.elasticsearch+json;compatible-with=N (REST API compatibility) is understood from 8.0.
    public bool AcceptsCompatibleWith => IsElasticsearch && Version.Major >= 8;

    public JsonObject RootInfo(string name, string clusterUuid)
    {
        var version = new JsonObject();
        if (Distribution is not null) version["distribution"] = Distribution;
        version["number"] = Number;
        if (IsElasticsearch) version["build_flavor"] = "default";
        version["build_type"] = "docker";
        version["build_hash"] = "2b6a7fed44faa321997703718f07ee0420804b41";
        version["build_date"] = "2024-12-11T12:08:05.663969764Z";
        version["build_snapshot"] = false;
        version["lucene_version"] = Lucene;
        version["minimum_wire_compatibility_version"] = MinimumWireCompatibility;
        version["minimum_index_compatibility_version"] = "7.0.0";
        return new JsonObject
        {
            ["name"] = name, ["cluster_name"] = name, ["cluster_uuid"] = clusterUuid, ["version"] = version, ["tagline"] = Tagline,
        };
    }
}
