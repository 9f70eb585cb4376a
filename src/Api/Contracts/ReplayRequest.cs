namespace SessionCluster.Api.Contracts;

/// <summary><c>POST /v1/webhooks/{name}/replay</c>: deliver again everything after <c>after</c> (a feed cursor); absent: resume where delivery stopped.</summary>
public sealed record ReplayRequest(string? After);
