namespace SessionCluster.Hosting;

/// <summary>How grain state writes are made durable (<c>SessionCluster:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "SessionCluster:Storage";

    /// <summary>
    /// 0: a write is acknowledged once the primary took it (and, with AOF <c>appendfsync always</c>, its disk).
    /// N &gt; 0: only once Redis <c>WAIT</c> confirms N replicas have it, so it survives losing the primary.
    /// </summary>
    public int ReplicasToAck { get; set; }

    /// <summary>How long a write waits for its replicas before it is refused (<c>storage_unavailable</c>).</summary>
    public TimeSpan ReplicaAckTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest one storage call may take before it is refused. While Redis is unreachable calls fail at once
    /// (no backlog); this bounds a Redis that is reachable but does not answer.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
