using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>
/// The API's own OpenAPI document as a contract to check answers against: finds the operation for a request (method
/// and path template) and validates a response's status, content type and JSON body (JSON Schema 2020-12, the
/// dialect of OpenAPI 3.1) against what the document says for that status.
/// </summary>
public sealed partial class OpenApiContract
{
    private const string BaseUri = "urn:sessioncluster:openapi";

    private readonly SchemaRegistry _registry = new();
    private readonly List<(string Method, string Template, Regex Pattern, JsonElement Operation)> _operations = [];
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public OpenApiContract(string documentJson)
    {
        Document = JsonDocument.Parse(documentJson).RootElement.Clone();
        _registry.Register(new Uri(BaseUri), new JsonElementBaseDocument(Document, new Uri(BaseUri)));
        foreach (var path in Document.GetProperty("paths").EnumerateObject())
        {
            var pattern = new Regex("^" + TemplateParameter().Replace(Regex.Escape(path.Name).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$",
                RegexOptions.CultureInvariant);
            foreach (var operation in path.Value.EnumerateObject())
            {
                _operations.Add((operation.Name.ToUpperInvariant(), path.Name, pattern, operation.Value));
            }
        }
        // Literal paths before templated ones (/v1/sessions/validate before /v1/sessions/{sessionId}).
        _operations.Sort((a, b) => a.Template.Count(c => c == '{').CompareTo(b.Template.Count(c => c == '{')));
    }

    public JsonElement Document { get; }

    /// <summary>How many answers were checked (the tests prove the handler is wired in).</summary>
    public int Checked => _checked;

    private int _checked;

    /// <summary>What is wrong with this answer, or nothing. <paramref name="body"/> is null for a stream not read.</summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? mediaType, byte[]? body)
    {
        Interlocked.Increment(ref _checked);
        var problems = new List<string>();
        var normalized = path.Length > 1 ? path.TrimEnd('/') : path;
        var found = _operations.FirstOrDefault(o => o.Method == method && o.Pattern.IsMatch(normalized));
        var bodyPresent = body is { Length: > 0 };
        if (found.Template is null && !normalized.StartsWith("/v1/", StringComparison.Ordinal) && normalized != "/v1")
        {
            // Health, metrics, the document itself and /docs are operations endpoints, not the API.
            return problems;
        }
        if (found.Template is null)
        {
            // Not an operation: only the framework's own 404/405 (still a problem body) may answer there.
            if (status is 404 or 405 && (!bodyPresent || mediaType == "application/problem+json"))
            {
                if (bodyPresent)
                {
                    problems.AddRange(Validate("#/components/schemas/Problem", body!));
                }
                return problems;
            }
            return [$"{method} {path} answered {status}, but the document has no such operation"];
        }
        var where = $"{method} {found.Template} ({found.Operation.GetProperty("operationId").GetString()}) {status}";
        var responses = found.Operation.GetProperty("responses");
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!responses.TryGetProperty(key, out var response) && !responses.TryGetProperty($"{key[0]}XX", out response) && !responses.TryGetProperty("default", out response))
        {
            return [$"{where}: the status is not documented (documented: {string.Join(", ", responses.EnumerateObject().Select(r => r.Name))})"];
        }
        if (!bodyPresent && body is not null)
        {
            // Headers only (204, 302, HEAD, forward auth without format=json): the status is what is checked.
            return problems;
        }
        if (status == 204)
        {
            return [$"{where}: a 204 with a body"];
        }
        if (!response.TryGetProperty("content", out var content) || mediaType is null || !content.TryGetProperty(mediaType, out var media))
        {
            var documented = response.TryGetProperty("content", out var c) ? string.Join(", ", c.EnumerateObject().Select(m => m.Name)) : "none";
            return [$"{where}: content type {mediaType ?? "(none)"} is not documented (documented: {documented})"];
        }
        if (body is null || !(mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal)))
        {
            return problems;
        }
        if (media.TryGetProperty("schema", out var schema))
        {
            problems.AddRange(Validate(schema.GetRawText(), body).Select(p => $"{where}: {p}"));
        }
        return problems;
    }

    private IEnumerable<string> Validate(string schemaOrRef, byte[] body)
    {
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException e)
        {
            return [$"the body is not JSON: {e.Message}"];
        }
        var schema = SchemaFor(schemaOrRef.StartsWith('#') ? $$"""{"$ref":"{{schemaOrRef}}"}""" : schemaOrRef);
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }
        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} (schema {d.EvaluationPath})"))
            .Take(10)
            .ToList();
        var text = body.Length > 600 ? System.Text.Encoding.UTF8.GetString(body, 0, 600) + "…" : System.Text.Encoding.UTF8.GetString(body);
        return [$"the body does not match the documented schema: {string.Join("; ", errors)}; body: {text}"];
    }

    /// <summary>A response's schema, its local references made absolute so they resolve in the registered document.</summary>
    private JsonSchema SchemaFor(string schemaJson)
    {
        lock (_lock)
        {
            if (!_schemas.TryGetValue(schemaJson, out var schema))
            {
                var node = JsonNode.Parse(schemaJson)!;
                Absolutize(node);
                schema = JsonSchema.FromText(node.ToJsonString(), new BuildOptions { SchemaRegistry = _registry });
                _schemas[schemaJson] = schema;
            }
            return schema;
        }
    }

    private static void Absolutize(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith('#'))
                {
                    obj["$ref"] = BaseUri + target;
                }
                foreach (var child in obj.Select(p => p.Value).OfType<JsonNode>().ToList())
                {
                    Absolutize(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>().ToList())
                {
                    Absolutize(child);
                }
                break;
        }
    }

    [GeneratedRegex(@"\{[^/}]+\}")]
    private static partial Regex TemplateParameter();
}
