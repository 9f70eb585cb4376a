using System.Collections.Concurrent;
using Orleans.Storage;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>
/// Failing storage on demand: wraps a real provider and throws, as a Redis that went away would, for the grains a
/// test names. Everything else passes through untouched, and the stored state can be read back from the inner
/// provider to see what storage really holds.
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<string, IGrainStorage> _inner = new(StringComparer.Ordinal);
    private volatile Func<string, GrainId, bool>? _failing;
    private volatile bool _readsToo;
    private int _refused;
    private readonly ConcurrentDictionary<GrainId, int> _reads = new();

    /// <summary>How many times storage was asked for a grain's state (past the guard, which may answer without asking).</summary>
    public int ReadsOf(GrainId grainId) => _reads.GetValueOrDefault(grainId);

    /// <summary>How many calls were refused since the last <see cref="Heal"/>.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>
    /// From now on, every write and clear (and, unless <paramref name="readsToo"/> is false, every read) of a grain
    /// matching <paramref name="match"/> (storage name, grain id) fails.
    /// </summary>
    public void Fail(Func<string, GrainId, bool> match, bool readsToo = true)
    {
        Interlocked.Exchange(ref _refused, 0);
        _readsToo = readsToo;
        _failing = match;
    }

    /// <summary>Fails the grains whose key (<c>{tenant}/{id}</c>) is one of <paramref name="keys"/>, in any storage.</summary>
    public void FailKeys(params string[] keys) => FailKeys(readsToo: true, keys);

    /// <summary>Fails writes and clears (reads still work) of the grains with these keys.</summary>
    public void FailWritesOf(params string[] keys) => FailKeys(readsToo: false, keys);

    private void FailKeys(bool readsToo, string[] keys)
    {
        var set = keys.ToHashSet(StringComparer.Ordinal);
        Fail((_, grainId) => set.Contains(grainId.Key.ToString()!), readsToo);
    }

    /// <summary>Storage works again.</summary>
    public void Heal() => _failing = null;

    public IGrainStorage Wrap(string name, IGrainStorage inner)
    {
        _inner[name] = inner;
        return new Faulty(this, name, inner);
    }

    /// <summary>What the named storage holds for a grain, read past the fault switch; null when nothing is stored.</summary>
    public async Task<T?> StoredAsync<T>(string storageName, string stateName, GrainId grainId) where T : class, new()
    {
        var state = new GrainState<T>();
        await _inner[storageName].ReadStateAsync(stateName, grainId, state);
        return state.RecordExists ? state.State : null;
    }

    private void Check(string name, GrainId grainId, bool read = false)
    {
        if (_failing is { } failing && (!read || _readsToo) && failing(name, grainId))
        {
            Interlocked.Increment(ref _refused);
            throw new TimeoutException($"Injected storage fault ({name}).");
        }
    }

    private sealed class Faulty(StorageFaults faults, string name, IGrainStorage inner) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            faults._reads.AddOrUpdate(grainId, 1, (_, n) => n + 1);
            faults.Check(name, grainId, read: true);
            return inner.ReadStateAsync(stateName, grainId, grainState);
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            faults.Check(name, grainId);
            return inner.WriteStateAsync(stateName, grainId, grainState);
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            faults.Check(name, grainId);
            return inner.ClearStateAsync(stateName, grainId, grainState);
        }
    }
}
