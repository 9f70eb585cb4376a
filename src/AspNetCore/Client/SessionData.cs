using System.Text.Json;

namespace SessionCluster.AspNetCore.Client;

/// <summary>A session's data and its version (the ETag of the data endpoints).</summary>
/// <param name="Data">The data object.</param>
/// <param name="Version">Pass it back as <c>expectedVersion</c> so two writers never overwrite each other.</param>
public sealed record SessionData(JsonElement Data, long Version);
