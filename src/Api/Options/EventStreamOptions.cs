namespace SessionCluster.Api;

/// <summary><c>SessionCluster:EventStream</c>: how live event streams keep their subscription and connection alive.</summary>
public sealed class EventStreamOptions
{
    public const string SectionName = "SessionCluster:EventStream";

    /// <summary>How often a stream renews its subscription to the user grain (the grain forgets listeners after a minute).</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a stream sends a heartbeat event, keeping proxies from closing an idle connection.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Streams one session may hold open on one API node (the browser SDK holds one per browser).</summary>
    public int MaxStreamsPerSession { get; set; } = 4;

    /// <summary>Streams all of one user's sessions may hold open on one API node.</summary>
    public int MaxStreamsPerUser { get; set; } = 32;
}
