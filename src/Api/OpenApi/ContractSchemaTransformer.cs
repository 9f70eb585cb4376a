using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SessionCluster.Api.OpenApi;

/// <summary>
/// Makes the contract's schemas say what the serializer really writes, so a generated client's types can be trusted:
/// a property whose .NET type is not nullable is required and never null; numbers are numbers (the web defaults
/// also accept them as strings on input, which a client should not rely on); timestamps are strings.
/// </summary>
internal sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        if (schema.Format == "date-time" && schema.Type is null)
        {
            schema.Type = JsonSchemaType.String;
        }
        if (context.JsonPropertyInfo is { } property && !IsNullable(property) && schema.Type is { } withNull && withNull.HasFlag(JsonSchemaType.Null))
        {
            schema.Type = withNull & ~JsonSchemaType.Null;
        }
        // Required is exactly the non-nullable properties. The framework would also mark every constructor parameter
        // required, but a request record's parameters are nullable so that a missing field is reported by name.
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 })
        {
            var required = context.JsonTypeInfo.Properties
                .Where(p => !IsNullable(p) && schema.Properties.ContainsKey(p.Name))
                .Select(p => p.Name)
                .ToHashSet(StringComparer.Ordinal);
            schema.Required = required.Count == 0 ? null : required;
        }
        return Task.CompletedTask;
    }

    /// <summary>Nullable as the C# type says (reference types by their annotation, value types by <c>Nullable&lt;T&gt;</c>).</summary>
    private static bool IsNullable(JsonPropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsGetNullable);
}
