namespace SessionCluster.Api;

/// <summary><c>SessionCluster:EventStream</c>: how live event streams keep their subscription and connection alive.</summary>
public sealed class EventStreamOptions
{
    public const string SectionName = "SessionCluster:EventStream";

    /// <summary>How often a stream renews its subscription to the user grain (the grain forgets listeners after a minute).</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a stream sends a heartbeat event, keeping proxies from closing an idle connection.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
