namespace SessionCluster;

/// <summary>
/// Storage did not take a change (or could not be read), so nothing was acknowledged: the grain went back to what
/// storage holds and a retry does the work again. When the write timed out its outcome is unknown, as with any
/// timeout: it may have reached storage. The HTTP API answers it with 503 <c>storage_unavailable</c>.
/// </summary>
[GenerateSerializer, Alias("StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the exception with a message that says which operation failed and why.</summary>
    public StorageUnavailableException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }

    /// <summary>For serializers.</summary>
    public StorageUnavailableException() : this("Storage is unavailable.")
    {
    }

    /// <summary>For serializers.</summary>
    public StorageUnavailableException(string message) : this(message, null)
    {
    }
}
