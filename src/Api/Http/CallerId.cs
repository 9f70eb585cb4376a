namespace SessionCluster.Api.Http;

/// <summary>
/// Who a limit counts: a scope (an API key's hash, a tenant, or the end-user surface) and an address. A struct, so no
/// string per request.
/// </summary>
public readonly record struct CallerId(string Scope, System.Net.IPAddress? Address);
