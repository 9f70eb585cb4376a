using Microsoft.AspNetCore.Http.Features;
using SessionCluster.Api.Contracts;

namespace SessionCluster.Api.Http;

/// <summary>
/// The user id of a <c>/v1/users/{userId}</c> route, exactly as the caller escaped it. Kestrel decodes every escape in
/// the path but <c>%2F</c>, and decodes <c>%25</c> too: "a/b" (sent as <c>a%2Fb</c>) and a literal "a%2Fb" (sent as
/// <c>a%252Fb</c>) both reach routing as <c>a%2Fb</c>. The raw request target still tells them apart, so the segment
/// is read from it and unescaped once.
/// </summary>
public static class UserIds
{
    /// <summary>Where the id sits in <c>/v1/users/{userId}/…</c>.</summary>
    private const int SegmentIndex = 3;

    public static string FromRoute(HttpContext context, string routeValue)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var id = raw is not null && RawSegment(raw) is { } segment ? Uri.UnescapeDataString(segment) : Fallback(routeValue);
        return RequestRules.Identifier("userId", id);
    }

    private static string? RawSegment(string rawTarget)
    {
        var path = rawTarget.AsSpan();
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }
        var segments = path.ToString().Split('/');
        return segments.Length > SegmentIndex && segments[1] == "v1" && segments[2] == "users" ? segments[SegmentIndex] : null;
    }

    /// <summary>Without a raw target (not seen from Kestrel or the test server): the one escape routing left.</summary>
    private static string Fallback(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
