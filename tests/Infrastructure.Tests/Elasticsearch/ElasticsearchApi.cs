using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace FiveSocieties.Infrastructure.Tests.Elasticsearch;

/// <summary>
/// Checks request and response bodies against the official Elasticsearch 8.17 API description (the trimmed
/// copy in Elasticsearch/Api/openapi-subset.json, see its README). The OpenAPI 3.0 schemas are converted once
/// to plain JSON Schema (draft 4) and validated with NJsonSchema. Conversion:
/// <list type="bullet">
/// <item><c>nullable: true</c> also accepts null; <c>oneOf</c> is read as <c>anyOf</c> (the description uses
/// oneOf for overlapping unions such as <c>_id: oneOf [string, nullable string]</c>); <c>discriminator</c>,
/// descriptions and <c>x-*</c> are dropped; <c>type: number</c> accepts integers (JSON Schema does).</item>
/// <item><c>allOf</c> of object schemas is flattened into one object (inherited properties and required names
/// count), and every object that declares <c>properties</c> but no <c>additionalProperties</c> is closed, so
/// that an unknown or misspelt key is reported. Objects that declare <c>additionalProperties</c> or no
/// <c>properties</c> stay open.</item>
/// <item>A bare <c>{"type": "object"}</c> is what the description's generator writes for a TypeScript
/// <c>any</c>/<c>UserDefinedValue</c> or a generic parameter: as a value (property, map value, array item,
/// union member) it accepts any JSON value; as an <c>allOf</c> member it is an empty class body and adds
/// nothing; as a whole body (a document) it stays "an object".</item>
/// </list>
/// Where realistic bodies (samples/) showed the description incomplete, it is opened narrowly, each with its
/// reason: <see cref="ExtraKeys"/> (field-keyed additional properties), <see cref="PropertyOverrides"/>,
/// <see cref="Shortcuts"/> (<c>@shortcut_property</c>), <see cref="PropertyAliases"/> (<c>aggs</c>),
/// <see cref="ErrorBodies"/> (404s that are not error bodies). It is tightened where Elasticsearch refuses
/// what the description lets through: <see cref="Tightenings"/> (alias actions), FieldValue (scalars only), and
/// bulk lines checked by position (<see cref="Description.BulkErrors"/>).
/// </summary>
public static class ElasticsearchApi
{
    private const string ComponentPrefix = "#/components/schemas/";
    private const string DefinitionPrefix = "#/definitions/";
    private const string ErrorSchema = "_types:ErrorResponseBase";

    private static readonly Lazy<Description> Api = new(Description.Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Folder of the trimmed description and the samples in the test output.</summary>
    public static string ApiDirectory => Path.Combine(AppContext.BaseDirectory, "Elasticsearch", "Api");

    /// <summary>Errors of a request body against the operation's request schema; empty when valid.</summary>
    /// <param name="method">HTTP method, e.g. "PUT".</param>
    /// <param name="path">Request path, e.g. "/fivesocieties-providers-v3" (a query string is ignored).</param>
    /// <param name="body">JSON, or NDJSON for an operation whose body the description declares as an array (bulk).</param>
    public static IReadOnlyList<string> RequestErrors(string method, string path, string body)
    {
        var api = Api.Value;
        var operation = api.Find(method, path);
        if (operation.Request is null)
            return string.IsNullOrEmpty(body) ? [] : [$"{operation.Name} ({operation.Method} {operation.Template}) takes no request body"];
        return operation.IsNdjson ? api.BulkErrors(operation, body) : api.Validate(operation.Request, body, "");
    }

    /// <summary>
    /// Errors of a response body; empty when valid. 2xx is checked against the operation's 200 response
    /// schema, 4xx and 5xx against <c>_types:ErrorResponseBase</c> (bulk item failures come inside a 200).
    /// </summary>
    public static IReadOnlyList<string> ResponseErrors(string method, string path, int status, string body)
    {
        var api = Api.Value;
        var operation = api.Find(method, path);
        if (operation.Method == "HEAD")
            return string.IsNullOrEmpty(body) ? [] : ["a HEAD response has no body"];
        if (api.ErrorOverride(operation, status) is { } special)
            return api.Validate(special, body, "");
        if (status is >= 200 and < 300)
        {
            if (operation.Response is null)
                return string.IsNullOrWhiteSpace(body) ? [] : [$"{operation.Name} declares no response body"];
            return api.Validate(operation.Response, body, "");
        }
        if (status is >= 400 and < 600)
            return api.Validate(api.Error, body, "");
        return [$"status {status} is neither 2xx nor an error"];
    }

    /// <summary>The description's operationId that <paramref name="method"/> <paramref name="path"/> resolves to.</summary>
    public static string OperationId(string method, string path) => Api.Value.Find(method, path).Name;

    /// <summary>
    /// The media types an endpoint documents: the request's Content-Type and the Accept it answers. From the REST API
    /// specification's "headers" (rest-api-spec/, which says application/x-ndjson for _bulk where the OpenAPI
    /// description says application/json), else from the OpenAPI operation's request and 200 response content.
    /// </summary>
    public static (IReadOnlyList<string> ContentTypes, IReadOnlyList<string> Accept, string Source) MediaTypes(string method, string path)
    {
        var bare = path.Split('?', 2)[0];
        var spec = RestSpecs.Value
            .Where(s => s.Methods.Contains(method.ToUpperInvariant()) && s.Pattern.IsMatch(bare))
            .OrderByDescending(s => s.Literals).FirstOrDefault();
        if (spec is not null) return (spec.ContentTypes, spec.Accept, $"rest-api-spec {spec.Name}");
        var operation = Api.Value.Find(method, path);
        var document = JObject.Parse(File.ReadAllText(Path.Combine(ApiDirectory, "openapi-subset.json")));
        var op = document["paths"]![operation.Template]![method.ToLowerInvariant()]!;
        static string[] Keys(JToken? content) => content is JObject o ? [.. o.Properties().Select(p => p.Name)] : [];
        return (Keys(op.SelectToken("requestBody.content")), Keys(op.SelectToken("responses['200'].content")), $"OpenAPI {operation.Name}");
    }

    private sealed record RestSpec(string Name, string[] Methods, Regex Pattern, int Literals, string[] ContentTypes, string[] Accept);

    private static readonly Lazy<List<RestSpec>> RestSpecs = new(() =>
    [
        .. Directory.GetFiles(Path.Combine(ApiDirectory, "rest-api-spec"), "*.json").SelectMany(file =>
        {
            var (name, api) = JObject.Parse(File.ReadAllText(file)).Properties().Select(p => (p.Name, (JObject)p.Value)).Single();
            var headers = api["headers"] as JObject;
            string[] List(string key) => headers?[key] is JArray a ? [.. a.Select(v => (string)v!)] : [];
            return ((JArray)api["url"]!["paths"]!).Select(p =>
            {
                var template = (string)p["path"]!;
                var segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var pattern = new Regex("^/" + string.Join("/", segments.Select(x => x.StartsWith('{') ? "[^/_][^/]*" : Regex.Escape(x))) + "/?$");
                return new RestSpec(name, [.. ((JArray)p["methods"]!).Select(m => (string)m!)], pattern, segments.Count(x => !x.StartsWith('{')),
                    List("content_type"), List("accept"));
            });
        }),
    ]);

    /// <summary>
    /// Schemas opened narrowly where the description is incomplete (each found with a realistic body in
    /// samples/): component name to the schema of the keys it does not list, in OpenAPI form. The source of
    /// each is an "additional property" of the TypeScript specification that the generator left out.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, JObject> ExtraKeys = new Dictionary<string, JObject>
    {
        // ErrorCause is `[metadata: string]: any` in the specification: real errors carry index, index_uuid,
        // shard, resource.type, resource.id, header, bytes_wanted, ... beside type and reason.
        ["_types:ErrorCause"] = new JObject(),
        // { "geo_distance": { "distance": "15km", "location": { "lat": .., "lon": .. } } }: the point is keyed by
        // the field name (`[field]: GeoLocation`).
        ["_types.query_dsl:GeoDistanceQuery"] = Ref("_types:GeoLocation"),
        // "sort": [{ "_geo_distance": { "location": { "lat": .., "lon": .. }, "order": "asc", "unit": "km" } }]:
        // the origin is keyed by the field name (`[field]: GeoLocation | GeoLocation[]`).
        ["_types:GeoDistanceSort"] = JObject.Parse("""
            { "oneOf": [ { "$ref": "#/components/schemas/_types:GeoLocation" },
                         { "type": "array", "items": { "$ref": "#/components/schemas/_types:GeoLocation" } } ] }
            """),
        // { "terms": { "skills": ["a", "b"] } }: keyed by the field name (`[field]: TermsQueryField`, values or
        // a terms lookup); the description keeps only boost and _name. TermsQueryField is not in it.
        ["_types.query_dsl:TermsQuery"] = JObject.Parse("""
            { "oneOf": [
                { "type": "array", "items": { "$ref": "#/components/schemas/_types:FieldValue" } },
                { "type": "object", "required": ["index", "id", "path"], "properties": {
                    "index": { "type": "string" }, "id": { "type": "string" }, "path": { "type": "string" },
                    "routing": { "type": "string" } } } ] }
            """),
        // "sort": [{ "rating": { "order": "desc" } }, { "provider_id": "asc" }]: a field sort is keyed by the field
        // name (`[field]: FieldSort`, or its shortcut SortOrder); the description lists only _score, _doc,
        // _geo_distance and _script, and has no FieldSort.
        ["_types:SortOptions"] = JObject.Parse("""
            { "oneOf": [
                { "$ref": "#/components/schemas/_types:SortOrder" },
                { "type": "object", "properties": {
                    "missing": { "$ref": "#/components/schemas/_types.aggregations:Missing" },
                    "mode": { "$ref": "#/components/schemas/_types:SortMode" },
                    "nested": { "$ref": "#/components/schemas/_types:NestedSortValue" },
                    "order": { "$ref": "#/components/schemas/_types:SortOrder" },
                    "unmapped_type": { "type": "string" },
                    "numeric_type": { "type": "string", "enum": ["long", "double", "date", "date_nanos"] },
                    "format": { "type": "string" } } } ] }
            """),
    };

    /// <summary>Single properties of a component replaced (OpenAPI form), where real bodies differ from the description.</summary>
    private static readonly IReadOnlyDictionary<(string Component, string Property), JObject> PropertyOverrides =
        new Dictionary<(string, string), JObject>
        {
            // `"reason": null` is what Elasticsearch sends for an exception without a message, e.g.
            // master_not_discovered_exception (503) and some shard failures; the description says string.
            [("_types:ErrorCause", "reason")] = JObject.Parse("""{ "type": "string", "nullable": true }"""),
        };

    /// <summary>
    /// Error statuses of one operation whose body is not (only) ErrorResponseBase: operationId (and its
    /// numbered variants) and status to an OpenAPI schema. The description has 200 responses only.
    /// </summary>
    private static readonly IReadOnlyDictionary<(string OperationPrefix, int Status), JObject> ErrorBodies =
        new Dictionary<(string, int), JObject>
        {
            // GET /_alias/{name} with a name that matches no alias answers 404 with the message as a string, and
            // with the indices of the names that did match beside it:
            // {"error":"alias [x] missing","status":404,"index-v3":{"aliases":{"y":{}}}}.
            [("indices-get-alias", 404)] = JObject.Parse("""
                { "type": "object", "required": ["error", "status"],
                  "properties": { "error": { "type": "string" }, "status": { "type": "number" } },
                  "additionalProperties": { "$ref": "#/components/schemas/indices.get_alias:IndexAliases" } }
                """),
            // A missing document is a 404 with the usual body ({"_index":..,"_id":..,"found":false}); a missing
            // index is a 404 with an error body.
            [("get", 404)] = JObject.Parse("""
                { "oneOf": [ { "$ref": "#/components/schemas/_global.get:GetResult" },
                             { "$ref": "#/components/schemas/_types:ErrorResponseBase" } ] }
                """),
            // Deleting a missing document is a 404 with a write result ("result": "not_found").
            [("delete", 404)] = JObject.Parse("""
                { "oneOf": [ { "$ref": "#/components/schemas/_types:WriteResponseBase" },
                             { "$ref": "#/components/schemas/_types:ErrorResponseBase" } ] }
                """),
        };

    /// <summary>
    /// Property aliases of the specification (<c>@aliases</c>) that the description drops, added beside the
    /// property to request bodies and to the listed components: <c>"aggs"</c> for <c>"aggregations"</c> in a
    /// search body and in an aggregation (sub-aggregations).
    /// </summary>
    private static readonly (string Property, string Alias, string[] Components)[] PropertyAliases =
    [
        ("aggregations", "aggs", ["_types.aggregations:AggregationContainer"]),
    ];

    private static void AddAliases(JObject converted, string? component)
    {
        foreach (var (property, alias, components) in PropertyAliases)
        {
            if (component is not null && !components.Contains(component))
                continue;
            if (converted["properties"] is JObject properties && properties[property] is { } schema && properties[alias] is null)
                properties[alias] = schema.DeepClone();
            else if (component is not null)
                throw new InvalidOperationException($"{component}.{property} is not in the description: review PropertyAliases");
        }
    }

    /// <summary>
    /// Classes that the specification marks <c>@shortcut_property</c>: besides the object, the value of that one
    /// property alone is accepted (<c>{ "term": { "available": true } }</c> for <c>{ "value": true }</c>,
    /// <c>"_source": ["a", "b"]</c> for <c>{ "includes": [..] }</c>, <c>"script": "..."</c> for
    /// <c>{ "source": "..." }</c>). The 8.17 description drops every shortcut.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> Shortcuts = new Dictionary<string, string>
    {
        ["_types.query_dsl:TermQuery"] = "value",
        ["_types.query_dsl:PrefixQuery"] = "value",
        ["_types.query_dsl:WildcardQuery"] = "value",
        ["_types.query_dsl:RegexpQuery"] = "value",
        ["_types.query_dsl:FuzzyQuery"] = "value",
        ["_types.query_dsl:SpanTermQuery"] = "value",
        ["_types.query_dsl:MatchQuery"] = "query",
        ["_types.query_dsl:MatchPhraseQuery"] = "query",
        ["_types.query_dsl:MatchPhrasePrefixQuery"] = "query",
        ["_types.query_dsl:MatchBoolPrefixQuery"] = "query",
        ["_types.query_dsl:FieldAndFormat"] = "field",
        ["_global.search._types:SourceFilter"] = "includes",
        ["_types:Script"] = "source",
    };

    /// <summary>
    /// Constraints Elasticsearch enforces that the description cannot express (JSON Schema, added with allOf).
    /// The alias actions come from AliasActions#validate: "One of [index] or [indices] is required" and
    /// "One of [alias] or [aliases] is required".
    /// </summary>
    private static readonly IReadOnlyDictionary<string, JObject[]> Tightenings = new Dictionary<string, JObject[]>
    {
        ["indices.update_aliases:AddAction"] = [OneOfRequired("index", "indices"), OneOfRequired("alias", "aliases")],
        ["indices.update_aliases:RemoveAction"] = [OneOfRequired("index", "indices"), OneOfRequired("alias", "aliases")],
        ["indices.update_aliases:RemoveIndexAction"] = [OneOfRequired("index", "indices")],
    };

    private static JObject Ref(string component) => new() { ["$ref"] = ComponentPrefix + component };

    private static JObject OneOfRequired(string first, string second) => new()
    {
        ["anyOf"] = new JArray(
            new JObject { ["required"] = new JArray(first), ["properties"] = new JObject { [first] = new JObject() } },
            new JObject { ["required"] = new JArray(second), ["properties"] = new JObject { [second] = new JObject() } }),
    };

    private static readonly string[] FieldValueScalars = ["number", "string", "boolean", "null"];

    private sealed record Operation(string Name, string Method, string Template, Regex Pattern, int Literals,
        JsonSchema? Request, JsonSchema? Response, bool IsNdjson, JsonSchema? BulkAction, JsonSchema? BulkUpdate, JsonSchema? BulkDocument);

    private sealed class Description
    {
        private readonly List<Operation> _operations;
        private readonly Dictionary<(string, int), JsonSchema> _errorBodies;
        public JsonSchema Error { get; }

        private Description(List<Operation> operations, JsonSchema error, Dictionary<(string, int), JsonSchema> errorBodies)
        {
            _operations = operations;
            Error = error;
            _errorBodies = errorBodies;
        }

        public JsonSchema? ErrorOverride(Operation operation, int status) =>
            _errorBodies.FirstOrDefault(e => e.Key.Item2 == status
                && (operation.Name == e.Key.Item1 || operation.Name.StartsWith(e.Key.Item1 + "-", StringComparison.Ordinal))).Value;

        public static Description Load()
        {
            var file = Path.Combine(ApiDirectory, "openapi-subset.json");
            var document = JObject.Parse(File.ReadAllText(file));
            var converter = new Converter((JObject)document["components"]!["schemas"]!);
            var definitions = new JObject();
            foreach (var (name, schema) in converter.Components)
                definitions[name] = converter.Component(name, schema);

            var pending = new List<(string Name, string Method, string Template, string? Request, string? Response, bool Ndjson, string[] Bulk)>();
            foreach (var (template, item) in (JObject)document["paths"]!)
            {
                foreach (var (method, value) in (JObject)item!)
                {
                    var op = (JObject)value!;
                    var name = (string)op["operationId"]!;
                    string? request = null, response = null;
                    var ndjson = false;
                    string[] bulk = [];
                    if (op.SelectToken("requestBody.content['application/json'].schema") is JObject requestSchema)
                    {
                        request = $"op:{name}:request";
                        var converted = converter.Body(requestSchema);
                        AddAliases(converted, null);
                        definitions[request] = converted;
                        // The description declares an NDJSON body as an array of its lines (bulk).
                        if ((string?)requestSchema["type"] == "array" && requestSchema["items"]?["oneOf"] is JArray lines && lines.Count == 3)
                        {
                            ndjson = true;
                            bulk = [$"op:{name}:action", $"op:{name}:update", $"op:{name}:document"];
                            definitions[bulk[0]] = converter.Body((JObject)lines[0]);
                            definitions[bulk[1]] = converter.Body((JObject)lines[1]);
                            definitions[bulk[2]] = converter.Body((JObject)lines[2]);
                        }
                    }
                    if (op.SelectToken("responses['200'].content['application/json'].schema") is JObject responseSchema)
                    {
                        response = $"op:{name}:response";
                        definitions[response] = converter.Body(responseSchema);
                    }
                    pending.Add((name, method.ToUpperInvariant(), template, request, response, ndjson, bulk));
                }
            }

            foreach (var ((prefix, status), schema) in ErrorBodies)
                definitions[$"error:{prefix}:{status}"] = converter.Body(schema);

            var root = new JObject { ["definitions"] = definitions };
            var loaded = Task.Run(() => JsonSchema.FromJsonAsync(root.ToString(Formatting.None))).GetAwaiter().GetResult();
            JsonSchema? Get(string? key) => key is null ? null : loaded.Definitions[key];

            var operations = pending.Select(p => new Operation(
                p.Name, p.Method, p.Template, TemplatePattern(p.Template, out var literals), literals,
                Get(p.Request), Get(p.Response), p.Ndjson,
                p.Ndjson ? Get(p.Bulk[0]) : null, p.Ndjson ? Get(p.Bulk[1]) : null, p.Ndjson ? Get(p.Bulk[2]) : null)).ToList();
            var errorBodies = ErrorBodies.Keys.ToDictionary(k => k, k => loaded.Definitions[$"error:{k.OperationPrefix}:{k.Status}"]);
            return new Description(operations, loaded.Definitions[ErrorSchema], errorBodies);
        }

        private static Regex TemplatePattern(string template, out int literals)
        {
            var segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
            literals = segments.Count(s => !s.StartsWith('{'));
            // A path parameter ({index}, {id}, {name}) never starts with '_' in this subset's templates:
            // index and alias names cannot, and a document id sits after a literal _doc.
            var parts = segments.Select(s => s.StartsWith('{') ? "[^/_][^/]*" : Regex.Escape(s));
            return new Regex("^/" + string.Join("/", parts) + "/?$", RegexOptions.CultureInvariant);
        }

        public Operation Find(string method, string path)
        {
            var bare = path.Split('?', 2)[0];
            var match = _operations
                .Where(o => o.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && o.Pattern.IsMatch(bare))
                .OrderByDescending(o => o.Literals)
                .FirstOrDefault();
            return match ?? throw new ArgumentException(
                $"{method} {path} is not an operation of the trimmed description (scripts/elasticsearch/extract-api.py lists them)");
        }

        public IReadOnlyList<string> Validate(JsonSchema schema, string json, string where)
        {
            JToken token;
            try
            {
                token = Parse(json);
            }
            catch (JsonReaderException e)
            {
                return [$"{where}not JSON: {e.Message}"];
            }
            return Validate(schema, token, where);
        }

        private static IReadOnlyList<string> Validate(JsonSchema schema, JToken token, string where)
        {
            var errors = new List<string>();
            foreach (var error in schema.Validate(token))
                Describe(error, where, "", errors);
            return errors;
        }

        /// <summary>
        /// Bulk: the description declares the body as an array whose items are one of (action, update body,
        /// document). Read as a union, every line would pass as the open "document" object, so the lines are
        /// checked by position instead: an action line against the action container, then for index/create a
        /// document, for update an update body, for delete nothing. The body must end with a newline.
        /// </summary>
        public IReadOnlyList<string> BulkErrors(Operation operation, string body)
        {
            var errors = new List<string>();
            if (body.Length == 0 || body[^1] != '\n')
                errors.Add("NDJSON body must end with a newline");
            var lines = body.Split('\n');
            var expectSource = (JsonSchema?)null;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd('\r');
                if (line.Length == 0)
                {
                    if (i < lines.Length - 1)
                        errors.Add($"line {i + 1}: empty line");
                    continue;
                }
                var where = $"line {i + 1}: ";
                JToken token;
                try
                {
                    token = Parse(line);
                }
                catch (JsonReaderException e)
                {
                    errors.Add($"{where}not JSON: {e.Message}");
                    expectSource = null;
                    continue;
                }
                if (expectSource is not null)
                {
                    errors.AddRange(Validate(expectSource, token, where));
                    expectSource = null;
                    continue;
                }
                errors.AddRange(Validate(operation.BulkAction!, token, where));
                var action = token is JObject o && o.Count == 1 ? o.Properties().First().Name : null;
                expectSource = action switch
                {
                    "index" or "create" => operation.BulkDocument,
                    "update" => operation.BulkUpdate,
                    _ => null,
                };
            }
            if (expectSource is not null)
                errors.Add("the last action has no source line");
            return errors;
        }

        private static JToken Parse(string json)
        {
            using var reader = new JsonTextReader(new StringReader(json))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Double,
            };
            var token = JToken.ReadFrom(reader);
            if (reader.Read())
                throw new JsonReaderException($"more than one JSON value (at {reader.Path})");
            return token;
        }

        private static void Describe(ValidationError error, string where, string indent, List<string> errors)
        {
            var path = string.IsNullOrEmpty(error.Path) ? "#" : error.Path;
            errors.Add($"{indent}{where}{path}: {error.Kind}");
            if (indent.Length >= 16)
                return;
            var members = Members(error).Where(m => m.Count > 0).ToList();
            if (members.Count == 0)
                return;
            if (error.Kind == ValidationErrorKind.NotAllOf)
            {
                foreach (var inner in members.SelectMany(m => m))
                    Describe(inner, where, indent + "  ", errors);
                return;
            }
            // Of a failed union, show the member that came closest: one whose type fits the value, then one
            // whose single-valued enum ("type": "keyword" of a mapping, say) fits, then the fewest errors.
            var best = members
                .OrderBy(m => m.Any(e => Mismatch(e, error.Path)) ? 1 : 0)
                .ThenBy(m => m.Any(e => e.Kind == ValidationErrorKind.NotInEnumeration && e.Schema?.Enumeration.Count == 1) ? 1 : 0)
                .ThenBy(m => m.Count)
                .First();
            foreach (var inner in best)
                Describe(inner, where, indent + "  ", errors);
        }

        private static IEnumerable<ICollection<ValidationError>> Members(ValidationError error) => error switch
        {
            ChildSchemaValidationError child => child.Errors.Values,
            MultiTypeValidationError multi => multi.Errors.Values,
            _ => [],
        };

        /// <summary>The value's type does not fit at <paramref name="path"/> (directly or in every member of a union there).</summary>
        private static bool Mismatch(ValidationError error, string? path) =>
            error.Path == path
            && (error.Kind.ToString().EndsWith("Expected", StringComparison.Ordinal) || error.Kind == ValidationErrorKind.NoTypeValidates
                || (error.Kind is ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf
                    && Members(error).All(m => m.Any(e => Mismatch(e, path)))));
    }

    /// <summary>OpenAPI 3.0 schema (as the description writes it) to JSON Schema draft 4, see the class summary.</summary>
    private sealed class Converter(JObject components)
    {
        private readonly Dictionary<string, JObject?> _flattened = [];

        public IEnumerable<(string Name, JObject Schema)> Components =>
            components.Properties().Select(p => (p.Name, (JObject)p.Value));

        public JObject Component(string name, JObject schema)
        {
            var converted = Convert(schema, value: false);
            if (ExtraKeys.TryGetValue(name, out var extra))
            {
                if (converted["additionalProperties"] is not JValue { Value: false })
                    throw new InvalidOperationException($"{name} is no longer closed in the description: review ExtraKeys");
                converted["additionalProperties"] = Convert(extra, value: true);
            }
            foreach (var ((component, property), replacement) in PropertyOverrides)
            {
                if (component != name)
                    continue;
                if (converted["properties"]?[property] is null)
                    throw new InvalidOperationException($"{name}.{property} is not in the description: review PropertyOverrides");
                converted["properties"]![property] = Convert(replacement, value: true);
            }
            if (Tightenings.TryGetValue(name, out var constraints))
            {
                if (converted["allOf"] is not null)
                    throw new InvalidOperationException($"{name} has allOf: review Tightenings");
                converted["allOf"] = new JArray(constraints.Select(c => c.DeepClone()));
            }
            AddAliases(converted, name);
            if (name == "_types:FieldValue")
            {
                // FieldValue is long | double | string | boolean | null | UserDefinedValue; the last, read as "any
                // value", would let { "term": { "f": { "valu": 1 } } } through as a shortcut. Term values, terms,
                // sort values and search_after are scalars in practice: keep the scalars only.
                if (converted["anyOf"] is not JArray { Count: 6 } members || members.Count(m => !m.HasValues) != 1)
                    throw new InvalidOperationException("_types:FieldValue changed in the description: review this tightening");
                converted = new JObject { ["type"] = new JArray(FieldValueScalars) };
            }
            if (Shortcuts.TryGetValue(name, out var shortcut))
            {
                var value = converted["properties"]?[shortcut]
                    ?? throw new InvalidOperationException($"{name}.{shortcut} is not in the description: review Shortcuts");
                converted = new JObject { ["anyOf"] = new JArray(converted, value.DeepClone()) };
            }
            return converted;
        }

        /// <summary>A whole request or response body (or bulk line): a bare object stays "an object".</summary>
        public JObject Body(JObject schema) => Convert(schema, value: false);

        private JObject Convert(JObject schema, bool value)
        {
            if (schema["$ref"] is JValue reference)
            {
                var target = new JObject { ["$ref"] = DefinitionPrefix + ((string)reference!)[ComponentPrefix.Length..] };
                return Nullable(schema) ? new JObject { ["anyOf"] = new JArray(target, new JObject { ["type"] = "null" }) } : target;
            }
            if (schema["allOf"] is JArray)
            {
                var flat = Flatten(schema);
                if (flat is not null)
                    schema = flat;
            }
            if (IsBareObject(schema))
                return value ? new JObject() : new JObject { ["type"] = "object" };

            var result = new JObject();
            var nullable = Nullable(schema);
            foreach (var (key, token) in schema)
            {
                switch (key)
                {
                    case "type":
                        result["type"] = nullable ? new JArray((string)token!, "null") : token!.DeepClone();
                        break;
                    case "properties":
                        var properties = new JObject();
                        foreach (var (name, property) in (JObject)token!)
                            properties[name] = Convert((JObject)property!, value: true);
                        result["properties"] = properties;
                        break;
                    case "additionalProperties":
                        result["additionalProperties"] = token is JObject map ? Convert(map, value: true) : token!.DeepClone();
                        break;
                    case "items":
                        result["items"] = Convert((JObject)token!, value: true);
                        break;
                    case "oneOf" or "anyOf" or "allOf":
                        var members = new JArray(((JArray)token!).Select(m => Convert((JObject)m, value: key != "allOf")));
                        if (nullable && key != "allOf")
                            members.Add(new JObject { ["type"] = "null" });
                        result[key == "allOf" ? "allOf" : "anyOf"] = members;
                        break;
                    case "enum":
                        var values = (JArray)token!.DeepClone();
                        if (nullable)
                            values.Add(JValue.CreateNull());
                        result["enum"] = values;
                        break;
                    case "required" or "minProperties" or "maxProperties" or "minItems" or "maxItems"
                        or "minimum" or "maximum" or "pattern" or "minLength" or "maxLength" or "format":
                        result[key] = token!.DeepClone();
                        break;
                    case "nullable" or "description" or "externalDocs" or "discriminator" or "deprecated" or "title"
                        or "default" or "example" or "examples" or "readOnly" or "writeOnly":
                        break;
                    default:
                        if (!key.StartsWith("x-", StringComparison.Ordinal))
                            throw new InvalidOperationException($"unsupported schema keyword '{key}'");
                        break;
                }
            }
            if (result["properties"] is JObject { Count: > 0 } && result["additionalProperties"] is null)
                result["additionalProperties"] = false;
            if (nullable && schema["type"] is null && schema["oneOf"] is null && schema["anyOf"] is null)
                result = new JObject { ["anyOf"] = new JArray(result, new JObject { ["type"] = "null" }) };
            return result;
        }

        private static bool Nullable(JObject schema) => schema["nullable"] is JValue { Value: true };

        /// <summary>{"type": "object"} and nothing else that constrains (descriptions aside).</summary>
        private static bool IsBareObject(JObject schema) =>
            (string?)schema["type"] == "object"
            && schema.Properties().All(p => p.Name is "type" or "description" or "externalDocs" or "deprecated" || p.Name.StartsWith("x-", StringComparison.Ordinal));

        private JObject Resolve(JObject schema)
        {
            while (schema["$ref"] is JValue reference)
                schema = (JObject)components[((string)reference!)[ComponentPrefix.Length..]]!;
            return schema;
        }

        /// <summary>
        /// allOf of object schemas merged into one object schema (properties, required, additionalProperties,
        /// min/maxProperties); bare-object members add nothing. Null when a member is not an object schema
        /// (e.g. allOf [UnitMillis] around a number), and then allOf is kept as it is.
        /// </summary>
        private JObject? Flatten(JObject schema)
        {
            var properties = new JObject();
            var required = new List<string>();
            var merged = new JObject { ["type"] = "object" };
            var counted = new List<JObject>();
            var constraints = new JArray();
            foreach (var member in (JArray)schema["allOf"]!)
            {
                var part = Resolve((JObject)member);
                if (part["allOf"] is JArray)
                {
                    if (!_flattened.TryGetValue(part.Path, out var inner))
                        _flattened[part.Path] = inner = Flatten(part);
                    if (inner is null)
                        return null;
                    part = inner;
                }
                if (IsBareObject(part))
                    continue;
                if (part["oneOf"] is not null || part["anyOf"] is not null || part["items"] is not null
                    || (part["type"] is { } type && (string?)type != "object")
                    || (part["properties"] is null && part["additionalProperties"] is null))
                    return null;
                if (part["properties"] is JObject own)
                    foreach (var (name, property) in own)
                        properties[name] = property!.DeepClone();
                if (part["required"] is JArray names)
                    required.AddRange(names.Select(n => (string)n!).Where(n => !required.Contains(n)));
                if (part["allOf"] is JArray inherited)
                    foreach (var constraint in inherited)
                        constraints.Add(constraint.DeepClone());
                if (part["additionalProperties"] is { } additional)
                    merged["additionalProperties"] = additional.DeepClone();
                if (part["minProperties"] is not null || part["maxProperties"] is not null)
                    counted.Add(part);
            }
            foreach (var part in counted)
            {
                var own = ((JObject?)part["properties"])?.Properties().Select(p => p.Name).ToList() ?? [];
                if (properties.Properties().All(p => own.Contains(p.Name)))
                {
                    foreach (var key in new[] { "minProperties", "maxProperties" })
                        if (part[key] is { } count)
                            merged[key] = count.DeepClone();
                }
                else
                {
                    // A variant container beside container properties (AggregationContainer: one aggregation type
                    // plus "aggregations" and "meta"): its min/maxProperties 1 counts only its own variants, but a
                    // merged object would count them all and refuse sub-aggregations. Require one of the variants
                    // instead; two variants in one container are then not reported.
                    constraints.Add(new JObject
                    {
                        ["anyOf"] = new JArray(own.Select(name => new JObject { ["required"] = new JArray(name) })),
                    });
                }
            }
            if (constraints.Count > 0)
                merged["allOf"] = constraints;
            if (properties.Count > 0)
                merged["properties"] = properties;
            if (required.Count > 0)
                merged["required"] = new JArray(required);
            foreach (var (key, token) in schema)
                if (key is "nullable")
                    merged[key] = token!.DeepClone();
            return merged;
        }
    }
}
