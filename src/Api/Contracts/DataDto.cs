namespace SessionCluster.Api.Contracts;

/// <summary>Session data and its version (also sent as the ETag).</summary>
public sealed record DataDto(System.Text.Json.JsonElement Data, long Version);
