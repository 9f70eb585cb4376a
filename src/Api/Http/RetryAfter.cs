using System.Globalization;

namespace SessionCluster.Api.Http;

/// <summary>The <c>Retry-After</c> header every refusal that has one sends: whole seconds, at least one.</summary>
public static class RetryAfter
{
    public static void Set(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
