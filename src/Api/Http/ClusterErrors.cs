namespace SessionCluster.Api.Http;

internal static class ClusterErrors
{
    /// <summary>
    /// Errors that mean the cluster could not be reached or did not answer in time, not that the request was wrong.
    /// A storage etag conflict (two activations racing during a failover) is transient too: the next call re-reads.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception is
        TimeoutException or
        Orleans.Storage.InconsistentStateException or
        SiloUnavailableException or
        OrleansMessageRejectionException or
        Orleans.Runtime.Messaging.ConnectionFailedException or
        ClientNotAvailableException;
}
