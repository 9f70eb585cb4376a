using System.Text.Json;
using SessionCluster.Api.Http;

namespace SessionCluster.Api.Contracts;

/// <summary>PUT .../data.</summary>
public sealed record DataRequest(JsonElement? Data);
