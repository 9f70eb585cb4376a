namespace SessionCluster.Api;

public sealed class BrowserLimits
{
    /// <summary>Public link starts per minute per tenant and client address.</summary>
    public int PublicLinkStartsPerMinute { get; set; } = 10;

    /// <summary>Public link polls per minute per tenant and client address (a poll waits up to 25 s).</summary>
    public int PublicLinkPollsPerMinute { get; set; } = 60;
}
