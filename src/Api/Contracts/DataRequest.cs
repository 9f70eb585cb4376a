using System.Text.Json;

namespace SessionCluster.Api.Contracts;

/// <summary>PUT .../data.</summary>
public sealed record DataRequest(JsonElement? Data);
