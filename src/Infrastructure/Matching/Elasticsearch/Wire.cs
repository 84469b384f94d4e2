using System.Text.Json;
using System.Text.Json.Serialization;

namespace FiveSocieties.Infrastructure.Matching.Elasticsearch;

// The request and response bodies of the few endpoints the adapter calls, as typed records. Names
// follow the REST API (snake_case); fields the adapter does not read are left out of responses.

/// PUT /{index}
public sealed record CreateIndexRequest(IndexSettings Settings, IndexMappings Mappings);

public sealed record IndexSettings(
    [property: JsonPropertyName("number_of_shards")] int NumberOfShards,
    [property: JsonPropertyName("number_of_replicas")] int NumberOfReplicas,
    [property: JsonPropertyName("refresh_interval")] string RefreshInterval);

/// <param name="Dynamic">"strict": a document with a field the mapping does not name is refused.</param>
/// <param name="Meta">What wrote the mapping (the adapter's schema version), read back on start.</param>
public sealed record IndexMappings(
    string Dynamic,
    [property: JsonPropertyName("_meta")] IReadOnlyDictionary<string, string> Meta,
    IReadOnlyDictionary<string, FieldMapping> Properties);

public sealed record FieldMapping(string Type)
{
    public string? Analyzer { get; init; }
    public string? Format { get; init; }

    /// False: kept in _source for the re-ranker, not searchable.
    public bool? Index { get; init; }

    public static FieldMapping Keyword => new("keyword");
    public static FieldMapping Boolean => new("boolean");
    public static FieldMapping Long => new("long");
    public static FieldMapping Integer => new("integer");
    public static FieldMapping Double => new("double");
    public static FieldMapping GeoPoint => new("geo_point");
    public static FieldMapping Date => new("date") { Format = "yyyy-MM-dd" };

    /// Chinese text: the built-in cjk analyzer indexes overlapping bigrams, as the embedded index does.
    public static FieldMapping Chinese => new("text") { Analyzer = "cjk" };

    public static FieldMapping Stored(string type) => new(type) { Index = false };
}

/// POST /_aliases: applied atomically, so searches see the old index or the new one, never none.
public sealed record UpdateAliasesRequest(IReadOnlyList<AliasAction> Actions);

public sealed record AliasAction
{
    public AliasTarget? Add { get; init; }
    public AliasTarget? Remove { get; init; }

    /// Deletes an index in the same atomic step.
    [JsonPropertyName("remove_index")] public IndexTarget? RemoveIndex { get; init; }
}

public sealed record AliasTarget(string Index, string Alias);

public sealed record IndexTarget(string Index);

/// POST /{index}/_search. Sorted by the key and paged with search_after (since 5.0), not from/size,
/// so that any number of candidates can be read.
public sealed record SearchRequest(Query Query, int Size, IReadOnlyList<IReadOnlyDictionary<string, string>> Sort)
{
    [JsonPropertyName("search_after")] public IReadOnlyList<string>? SearchAfter { get; init; }
    [JsonPropertyName("track_total_hits")] public bool TrackTotalHits { get; init; }

    /// False: hits without their _source (ids only).
    [JsonPropertyName("_source")] public bool? Source { get; init; }
}

public sealed record CountRequest(Query Query);

/// The metadata line of a bulk action (index or delete).
public sealed record BulkAction(
    [property: JsonPropertyName("_index")] string Index,
    [property: JsonPropertyName("_id")] string Id)
{
    public long? Version { get; init; }
    [JsonPropertyName("version_type")] public string? VersionType { get; init; }
}

public sealed record SearchResponse<T>(SearchHits<T> Hits);

public sealed record SearchHits<T>(IReadOnlyList<SearchHit<T>> Hits);

public sealed record SearchHit<T>(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("_source")] T Source,
    IReadOnlyList<JsonElement>? Sort);

public sealed record CountResponse(long Count);

public sealed record BulkResponse(bool Errors, IReadOnlyList<IReadOnlyDictionary<string, BulkItem>> Items);

public sealed record BulkItem(
    [property: JsonPropertyName("_index")] string? Index,
    [property: JsonPropertyName("_id")] string? Id,
    int Status,
    string? Result,
    ErrorCause? Error);

/// An error as Elasticsearch describes it (type, reason, the cause underneath).
public sealed record ErrorCause(string? Type, string? Reason)
{
    [JsonPropertyName("caused_by")] public ErrorCause? CausedBy { get; init; }
}

/// Parses error bodies: {"error": {...}, "status": n}, or {"error": "text", "status": n} as some
/// endpoints answer (a missing alias).
public static class ErrorBody
{
    public static ErrorCause? Read(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("error", out var error)) return null;
            return error.ValueKind switch
            {
                JsonValueKind.String => new ErrorCause(null, error.GetString()),
                JsonValueKind.Object => error.Deserialize<ErrorCause>(ElasticsearchJson.Options),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public static class ElasticsearchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new QueryConverterFactory() },
    };
}
