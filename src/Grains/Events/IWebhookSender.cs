namespace SessionCluster.Grains.Events;

/// <summary>Sends one event to one endpoint, signed (Standard Webhooks), within the configured timeout.</summary>
public interface IWebhookSender
{
    /// <returns>null when the endpoint answered 2xx; otherwise what went wrong, for <c>lastError</c> (no secrets, no body).</returns>
    Task<string?> SendAsync(WebhookOptions endpoint, FeedEvent feedEvent, CancellationToken cancellationToken);
}
