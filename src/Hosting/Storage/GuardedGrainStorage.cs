using Microsoft.Extensions.Options;
using Orleans.Storage;
using SessionCluster.Grains;

namespace SessionCluster.Hosting.Storage;

/// <summary>
/// Wraps a grain storage provider (Orleans' Redis provider, or the in-memory one) without changing it:
/// <list type="bullet">
/// <item>every failure but an etag conflict becomes <see cref="StorageUnavailableException"/>, which the API answers
/// with 503 <c>storage_unavailable</c> (the grains put back their state; see <c>StateChange</c>);</item>
/// <item>while Redis is unreachable a call is refused at once instead of waiting on a dead connection;</item>
/// <item>with <see cref="StorageOptions.ReplicasToAck"/> &gt; 0, a write or clear counts only once Redis <c>WAIT</c>
/// says that many replicas have it.</item>
/// </list>
/// </summary>
public sealed partial class GuardedGrainStorage(
    string name,
    IGrainStorage inner,
    StorageHealth health,
    IOptions<StorageOptions> options,
    RedisStorageConnection? redis,
    ILogger logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>
    /// The category this guard logs under. Orleans' state bridge logs a provider's failures under the provider's
    /// type name with the grain id, which holds the session id; that category is silenced (see
    /// <c>AddSessionClusterProviders</c>) and the guard says what failed here, without the id.
    /// </summary>
    public const string LogCategory = "SessionCluster.Storage";

    /// <summary>Guards <paramref name="inner"/>, watching the shared Redis connection when the silo has one.</summary>
    public static GuardedGrainStorage Create(IServiceProvider services, string name, IGrainStorage inner) => new(
        name,
        inner,
        services.GetRequiredService<StorageHealth>(),
        services.GetRequiredService<IOptions<StorageOptions>>(),
        services.GetService<RedisStorageConnection>(),
        services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        // A grain its creator says is new has nothing stored (see StorageHints): no round trip to find nothing.
        StorageHints.IsNew(grainId)
            ? Task.CompletedTask
            : RunAsync("read", stateName, grainId, () => inner.ReadStateAsync(stateName, grainId, grainState), replicate: false);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("write", stateName, grainId, () => inner.WriteStateAsync(stateName, grainId, grainState), replicate: true);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("clear", stateName, grainId, () => inner.ClearStateAsync(stateName, grainId, grainState), replicate: true);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private async Task RunAsync(string operation, string stateName, GrainId grainId, Func<Task> call, bool replicate)
    {
        if (redis is { IsConnected: false })
        {
            throw Refuse(operation, "not_connected", "Redis is not reachable");
        }
        // ReplicasToAck > 0: refused here, before anything is written, while the replicas are known to be missing.
        var replicated = replicate && options.Value.ReplicasToAck > 0 && redis is not null ? await BeginReplicatedAsync(operation, stateName, grainId) : null;
        try
        {
            await call();
        }
        catch (InconsistentStateException)
        {
            throw; // storage answered: another activation wrote first; Orleans drops this one and the next call re-reads
        }
        catch (Exception ex) when (ex is not StorageUnavailableException)
        {
            throw Refuse(operation, "error", Describe(ex));
        }
        if (replicated is not null)
        {
            await ConfirmReplicatedAsync(operation, replicated);
        }
    }

    private async Task<ReplicatedWrite> BeginReplicatedAsync(string operation, string stateName, GrainId grainId)
    {
        ReplicatedWrite write;
        try
        {
            write = await redis!.BeginReplicatedWriteAsync(redis.KeyFor(stateName, grainId));
        }
        catch (Exception ex)
        {
            throw Refuse(operation, "replicas_missing", $"{Describe(ex)}; nothing was written");
        }
        return write.Refusal is { } why ? throw Refuse(operation, "replicas_missing", $"{why}; nothing was written") : write;
    }

    /// <summary>Acknowledged only once Redis WAIT says <see cref="StorageOptions.ReplicasToAck"/> replicas have the write.</summary>
    private async Task ConfirmReplicatedAsync(string operation, ReplicatedWrite write)
    {
        string? why;
        try
        {
            why = await redis!.ConfirmReplicatedAsync(write);
        }
        catch (Exception ex)
        {
            why = Describe(ex);
        }
        if (why is not null)
        {
            // The primary has it, its replicas may not: not acknowledged, and the outcome is unknown, like a timeout's.
            throw Refuse(operation, "replicas", $"{why}; the primary took the write, so its outcome is unknown (a failover may lose it)");
        }
    }

    /// <summary>
    /// The caller learns what failed, not the provider's own message: that names storage keys, which hold session
    /// ids, and its exception types are unknown to the API's side of the wire.
    /// </summary>
    private StorageUnavailableException Refuse(string operation, string reason, string error)
    {
        health.Failed(operation, reason, error);
        LogRefused(name, operation, reason, error);
        return new StorageUnavailableException($"Storage '{name}' could not {operation} grain state ({reason}): {error}");
    }

    /// <summary>The root cause's type, and whether it was a timeout.</summary>
    private static string Describe(Exception exception)
    {
        var root = exception.GetBaseException();
        var timedOut = root is TimeoutException || root.GetType().Name.Contains("Timeout", StringComparison.Ordinal)
            || exception.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase);
        return timedOut ? $"{root.GetType().Name} (timed out)" : root.GetType().Name;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Provider} refused a {Operation} ({Reason}): {Error}")]
    private partial void LogRefused(string provider, string operation, string reason, string error);
}
