namespace SessionCluster;

/// <summary>
/// Storage did not take a change (or could not be read), so nothing was acknowledged: the grain went back to what
/// storage holds and a retry does the work again. When the write timed out its outcome is unknown, as with any
/// timeout: it may have reached storage. The HTTP API answers it with 503 <c>storage_unavailable</c>.
/// An <see cref="OrleansException"/>, so Orleans' state bridge passes it to the caller as it is instead of wrapping it
/// in a message that names the grain (and so the session id).
/// </summary>
[GenerateSerializer, Alias("StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    /// <summary>Creates the exception with a message that says which operation failed and why.</summary>
    public StorageUnavailableException(string message) : base(message)
    {
    }

    /// <summary>For serializers.</summary>
    public StorageUnavailableException() : this("Storage is unavailable.")
    {
    }

    /// <summary>Creates the exception with the failure it stands for (kept in this process; the wire carries the message).</summary>
    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
