using System.Text.Json;
using System.Text.Json.Serialization;

namespace FiveSocieties.Infrastructure.Matching.Elasticsearch;

/// The part of Elasticsearch's query DSL the adapter uses, typed: every clause exists since 7.0
/// and means the same in 7.x, 8.x and 9.x. Written in the DSL's own shape by <see cref="QueryConverter"/>,
/// whatever the declared type (ElasticsearchJson.Options has it for every subtype, so a query held
/// as object, a Bool or a stored percolator query is written as a query, not as a record).
[JsonConverter(typeof(QueryConverter))]
public abstract record Query
{
    public static Query Term(string field, object value) => new TermQuery(field, value);

    /// Matches a document whose field holds any of the values (an empty list matches nothing).
    public static Query Terms(string field, IEnumerable<string> values) => new TermsQuery(field, values.Distinct().ToList());

    public static Query Exists(string field) => new ExistsQuery(field);
    public static Query Missing(string field) => Bool.Not(Exists(field));
    public static Query Ids(IEnumerable<string> ids) => new IdsQuery(ids.ToList());

    /// At least one of the alternatives.
    public static Query AnyOf(params Query[] alternatives) => new Bool { Should = alternatives, MinimumShouldMatch = 1 };
}

public sealed record TermQuery(string Field, object Value) : Query;

public sealed record TermsQuery(string Field, IReadOnlyList<string> Values) : Query;

public sealed record ExistsQuery(string Field) : Query;

public sealed record IdsQuery(IReadOnlyList<string> Values) : Query;

public sealed record MatchAll : Query;

/// <c>gt</c>/<c>gte</c>/<c>lt</c>/<c>lte</c> on a number or a date ("yyyy-MM-dd").
public sealed record RangeQuery(string Field) : Query
{
    public object? Gt { get; init; }
    public object? Gte { get; init; }
    public object? Lt { get; init; }
    public object? Lte { get; init; }
}

/// Documents whose geo_point lies within <see cref="Meters"/> of a point (arc distance).
public sealed record GeoDistanceQuery(string Field, double Latitude, double Longitude, double Meters) : Query;

/// A painless script over doc values; <see cref="Source"/> is one of the adapter's constants.
public sealed record ScriptQuery(string Source, IReadOnlyDictionary<string, object> Params) : Query;

/// The stored queries of a percolator field that match <see cref="Document"/>.
public sealed record PercolateQuery(string Field, object Document) : Query;

public sealed record Bool : Query
{
    public IReadOnlyList<Query> Filter { get; init; } = [];
    public IReadOnlyList<Query> Should { get; init; } = [];
    public IReadOnlyList<Query> MustNot { get; init; } = [];
    public int? MinimumShouldMatch { get; init; }

    public static Bool Not(params Query[] queries) => new() { MustNot = queries };
    public static Bool All(params Query[] queries) => new() { Filter = queries };
}

/// Writes every subtype of <see cref="Query"/> with <see cref="QueryConverter"/>: an attribute on the
/// base type reaches only values declared as Query, and System.Text.Json writes a Bool held as object
/// by its properties ({"filter": […]}), which Elasticsearch refuses as "unknown query [filter]".
internal sealed class QueryConverterFactory : JsonConverterFactory
{
    private static readonly QueryConverter Base = new();

    public override bool CanConvert(Type typeToConvert) => typeof(Query).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        typeToConvert == typeof(Query) ? Base : (JsonConverter)Activator.CreateInstance(typeof(Subtype<>).MakeGenericType(typeToConvert))!;

    private sealed class Subtype<T> : JsonConverter<T> where T : Query
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Queries are only written.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => Base.Write(writer, value, options);
    }
}

internal sealed class QueryConverter : JsonConverter<Query>
{
    public override Query Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Queries are only written.");

    public override void Write(Utf8JsonWriter w, Query query, JsonSerializerOptions options)
    {
        w.WriteStartObject();
        switch (query)
        {
            case TermQuery t:
                w.WriteStartObject("term");
                w.WritePropertyName(t.Field);
                JsonSerializer.Serialize(w, t.Value, t.Value.GetType(), options);
                w.WriteEndObject();
                break;
            case TermsQuery t:
                w.WriteStartObject("terms");
                w.WriteStartArray(t.Field);
                foreach (var v in t.Values) w.WriteStringValue(v);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case ExistsQuery e:
                w.WriteStartObject("exists");
                w.WriteString("field", e.Field);
                w.WriteEndObject();
                break;
            case IdsQuery ids:
                w.WriteStartObject("ids");
                w.WriteStartArray("values");
                foreach (var v in ids.Values) w.WriteStringValue(v);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case MatchAll:
                w.WriteStartObject("match_all");
                w.WriteEndObject();
                break;
            case RangeQuery r:
                w.WriteStartObject("range");
                w.WriteStartObject(r.Field);
                Bound(w, "gt", r.Gt, options);
                Bound(w, "gte", r.Gte, options);
                Bound(w, "lt", r.Lt, options);
                Bound(w, "lte", r.Lte, options);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case GeoDistanceQuery g:
                w.WriteStartObject("geo_distance");
                w.WriteString("distance", g.Meters.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "m");
                w.WriteStartObject(g.Field);
                w.WriteNumber("lat", g.Latitude);
                w.WriteNumber("lon", g.Longitude);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case ScriptQuery s:
                w.WriteStartObject("script");
                w.WriteStartObject("script");
                w.WriteString("source", s.Source);
                w.WriteString("lang", "painless");
                w.WritePropertyName("params");
                JsonSerializer.Serialize(w, s.Params, options);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case PercolateQuery p:
                w.WriteStartObject("percolate");
                w.WriteString("field", p.Field);
                w.WritePropertyName("document");
                JsonSerializer.Serialize(w, p.Document, p.Document.GetType(), options);
                w.WriteEndObject();
                break;
            case Bool b:
                w.WriteStartObject("bool");
                Clauses(w, "filter", b.Filter, options);
                Clauses(w, "should", b.Should, options);
                Clauses(w, "must_not", b.MustNot, options);
                if (b.MinimumShouldMatch is { } min) w.WriteNumber("minimum_should_match", min);
                w.WriteEndObject();
                break;
            default:
                throw new NotSupportedException($"Query {query.GetType().Name} has no DSL form.");
        }
        w.WriteEndObject();
    }

    private static void Bound(Utf8JsonWriter w, string name, object? value, JsonSerializerOptions options)
    {
        if (value is null) return;
        w.WritePropertyName(name);
        JsonSerializer.Serialize(w, value, value.GetType(), options);
    }

    private void Clauses(Utf8JsonWriter w, string name, IReadOnlyList<Query> clauses, JsonSerializerOptions options)
    {
        if (clauses.Count == 0) return;
        w.WriteStartArray(name);
        foreach (var clause in clauses) Write(w, clause, options);
        w.WriteEndArray();
    }
}
