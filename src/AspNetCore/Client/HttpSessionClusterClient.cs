using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace SessionCluster.AspNetCore.Client;

/// <summary>
/// <see cref="ISessionClusterClient"/> over HTTP (<c>IHttpClientFactory</c>; base address and <c>X-Api-Key</c> from
/// <c>SessionCluster:Client</c>). Each request says whether it is repeat-safe (<see cref="RepeatSafe"/>); the
/// resilience pipeline retries only those.
/// </summary>
internal sealed class HttpSessionClusterClient(HttpClient http) : ISessionClusterClient
{
    /// <summary>The name of the HttpClient (and its resilience pipeline).</summary>
    public const string HttpClientName = "SessionCluster";

    /// <summary>Set on a request whose repetition changes nothing a first attempt would not have (the only ones retried).</summary>
    public static readonly HttpRequestOptionsKey<bool> RepeatSafe = new("SessionCluster.RepeatSafe");

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<IssuedSession> CreateSessionAsync(NewSession session, CancellationToken cancellationToken = default) =>
        SendAsync<IssuedSession>(HttpMethod.Post, "v1/sessions", session, repeatSafe: false, cancellationToken);

    public Task<SessionInfo> ValidateAsync(string accessToken, ClientDetails? client = null, CancellationToken cancellationToken = default) =>
        SendAsync<SessionInfo>(HttpMethod.Post, "v1/sessions/validate", new { accessToken, client }, repeatSafe: true, cancellationToken);

    public Task<IssuedSession> RefreshAsync(string refreshToken, ClientDetails? client = null, CancellationToken cancellationToken = default) =>
        SendAsync<IssuedSession>(HttpMethod.Post, "v1/sessions/refresh", new { refreshToken, client }, repeatSafe: false, cancellationToken);

    public Task<SessionInfo> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        SendAsync<SessionInfo>(HttpMethod.Get, $"v1/sessions/{Segment(sessionId)}", null, repeatSafe: true, cancellationToken);

    public Task RevokeSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        SendAsync<object?>(HttpMethod.Delete, $"v1/sessions/{Segment(sessionId)}", null, repeatSafe: true, cancellationToken);

    public Task<SessionInfo> ExtendSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        // Renewing the idle window twice is the same as once.
        SendAsync<SessionInfo>(HttpMethod.Post, $"v1/sessions/{Segment(sessionId)}/extend", null, repeatSafe: true, cancellationToken);

    public Task<SessionData> GetDataAsync(string sessionId, CancellationToken cancellationToken = default) =>
        SendAsync<SessionData>(HttpMethod.Get, $"v1/sessions/{Segment(sessionId)}/data", null, repeatSafe: true, cancellationToken);

    public Task<SessionData> PutDataAsync(string sessionId, JsonElement data, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        SendAsync<SessionData>(HttpMethod.Put, $"v1/sessions/{Segment(sessionId)}/data", new { data }, repeatSafe: false, cancellationToken,
            request =>
            {
                if (expectedVersion is { } version)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", $"\"{version.ToString(CultureInfo.InvariantCulture)}\"");
                }
            });

    public Task<IssuedSession> StepUpAsync(string sessionId, string totpCode, CancellationToken cancellationToken = default) =>
        SendAsync<IssuedSession>(HttpMethod.Post, $"v1/sessions/{Segment(sessionId)}/step-up", new { method = "totp", code = totpCode }, repeatSafe: false, cancellationToken);

    public async Task<IReadOnlyList<SessionInfo>> ListUserSessionsAsync(string userId, CancellationToken cancellationToken = default) =>
        (await SendAsync<SessionList>(HttpMethod.Get, $"v1/users/{Segment(userId)}/sessions", null, repeatSafe: true, cancellationToken)).Sessions;

    public async Task<int> RevokeUserSessionsAsync(string userId, string? exceptSessionId = null, CancellationToken cancellationToken = default)
    {
        var path = $"v1/users/{Segment(userId)}/sessions" + (exceptSessionId is null ? "" : "?except=" + Uri.EscapeDataString(exceptSessionId));
        return (await SendAsync<RevokedCount>(HttpMethod.Delete, path, null, repeatSafe: true, cancellationToken)).Revoked;
    }

    public async Task<IReadOnlyList<UserDevice>> ListDevicesAsync(string userId, CancellationToken cancellationToken = default) =>
        (await SendAsync<DeviceList>(HttpMethod.Get, $"v1/users/{Segment(userId)}/devices", null, repeatSafe: true, cancellationToken)).Devices;

    public Task RemoveDeviceAsync(string userId, string deviceId, CancellationToken cancellationToken = default) =>
        SendAsync<object?>(HttpMethod.Delete, $"v1/users/{Segment(userId)}/devices/{Segment(deviceId)}", null, repeatSafe: true, cancellationToken);

    public async Task<IReadOnlyList<SessionEventInfo>> ListUserEventsAsync(string userId, int limit = 100, CancellationToken cancellationToken = default) =>
        (await SendAsync<EventList>(HttpMethod.Get, $"v1/users/{Segment(userId)}/events?limit={limit.ToString(CultureInfo.InvariantCulture)}", null, repeatSafe: true, cancellationToken)).Events;

    public Task<TotpEnrolmentInfo> EnrolTotpAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync<TotpEnrolmentInfo>(HttpMethod.Post, $"v1/users/{Segment(userId)}/totp", null, repeatSafe: false, cancellationToken);

    public Task ConfirmTotpAsync(string userId, string code, CancellationToken cancellationToken = default) =>
        SendAsync<object?>(HttpMethod.Post, $"v1/users/{Segment(userId)}/totp/confirm", new { code }, repeatSafe: false, cancellationToken);

    public Task EraseUserAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync<object?>(HttpMethod.Delete, $"v1/users/{Segment(userId)}", null, repeatSafe: true, cancellationToken);

    public Task<DeviceLinkInfo> StartDeviceLinkAsync(DeviceDetails? device = null, ClientDetails? client = null, CancellationToken cancellationToken = default) =>
        SendAsync<DeviceLinkInfo>(HttpMethod.Post, "v1/device-links", new { device, client }, repeatSafe: false, cancellationToken);

    public Task<DeviceLinkApproval> ApproveDeviceLinkAsync(string userCode, string accessToken, CancellationToken cancellationToken = default) =>
        SendAsync<DeviceLinkApproval>(HttpMethod.Post, "v1/device-links/approve", new { userCode, accessToken }, repeatSafe: false, cancellationToken);

    public Task<DeviceLinkState> PollDeviceLinkAsync(string linkId, int waitSeconds = 0, CancellationToken cancellationToken = default) =>
        // Not repeat-safe: the one "approved" answer carries the new device's tokens, and a lost answer is not re-sent.
        SendAsync<DeviceLinkState>(HttpMethod.Get, $"v1/device-links/{Segment(linkId)}?waitSeconds={waitSeconds.ToString(CultureInfo.InvariantCulture)}", null, repeatSafe: false, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, bool repeatSafe, CancellationToken cancellationToken, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Options.Set(RepeatSafe, repeatSafe);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        configure?.Invoke(request);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsOutage(ex, cancellationToken))
        {
            throw new SessionClusterUnavailableException($"SessionCluster did not answer {method} /{Path(path)}: {ex.GetType().Name}.", ex);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(object))
                {
                    return default!;
                }
                return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false))!;
            }
            throw await ProblemAsync(response, method, path, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static async Task<SessionClusterException> ProblemAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string? code = null, title = null;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken).ConfigureAwait(false);
            code = problem?.Code;
            title = problem?.Title;
        }
        catch (JsonException)
        {
            // A proxy's HTML error page, not a problem answer: the status alone tells.
        }
        var retryAfter = response.Headers.RetryAfter?.Delta;
        if (status >= 500)
        {
            return new SessionClusterUnavailableException($"SessionCluster answered {status} {code} to {method} /{Path(path)}.", null, code ?? "cluster_unavailable") { RetryAfter = retryAfter };
        }
        return new SessionClusterException(status, code ?? "unexpected_status", title ?? $"SessionCluster answered {status}.") { RetryAfter = retryAfter };
    }

    internal static bool IsOutage(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>The path without its query (a query may hold nothing secret, but logs stay short).</summary>
    private static string Path(string path) => path.Split('?')[0];

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private sealed record Problem(string? Code, string? Title);

    private sealed record SessionList(IReadOnlyList<SessionInfo> Sessions);

    private sealed record DeviceList(IReadOnlyList<UserDevice> Devices);

    private sealed record EventList(IReadOnlyList<SessionEventInfo> Events);

    private sealed record RevokedCount(int Revoked);
}
