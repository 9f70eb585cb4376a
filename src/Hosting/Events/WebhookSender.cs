using System.Text.Json;
using SessionCluster.Grains;
using SessionCluster.Grains.Events;
using StandardWebhooks;

namespace SessionCluster.Hosting.Events;

/// <summary>
/// Standard Webhooks delivery: <c>POST</c> of <c>{type, timestamp, data}</c> (data: the event with its user), signed
/// by the <c>StandardWebhooks</c> package (<c>webhook-id</c> = the event id, stable across retries, so receivers
/// deduplicate). The named HttpClient carries the per-attempt timeout (<c>SessionCluster:Events:WebhookTimeout</c>,
/// a resilience pipeline) and follows no redirects (a redirect could carry a signed event elsewhere).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients) : IWebhookSender
{
    public const string ClientName = "webhooks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string?> SendAsync(WebhookOptions endpoint, FeedEvent feedEvent, CancellationToken cancellationToken)
    {
        var e = feedEvent.Event;
        var body = JsonSerializer.Serialize(new WebhookBody(e.Type, e.At, new WebhookData(e.Id, e.Type, e.At, e.SessionId, e.DeviceId, e.Detail, feedEvent.UserId)), Json);
        var timestamp = DateTimeOffset.UtcNow;
        var signature = new StandardWebhook(WebhookOptionsValidator.KeyOf(endpoint.Secret!)).Sign(e.Id, timestamp, body);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", e.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException)
        {
            return ex is HttpRequestException { HttpRequestError: var error } ? $"connection failed ({error})" : "timed out";
        }
    }

    private sealed record WebhookBody(string Type, DateTimeOffset Timestamp, WebhookData Data);

    private sealed record WebhookData(string Id, string Type, DateTimeOffset At, string? SessionId, string? DeviceId, IReadOnlyDictionary<string, string> Detail, string UserId);
}
