using Orleans.Serialization;

namespace SessionCluster.Grains;

/// <summary>
/// An acknowledged change to a grain's persistent state. <see cref="Begin"/> puts a copy in place and the grain
/// changes that; if storage then refuses the write, <see cref="WriteAsync"/> puts back what the grain held before
/// and rethrows. So nothing storage has not taken stays in memory, and a retried call does the work again for real
/// (acknowledged means durable, DESIGN.md principle 2). Changes written behind (last seen) are not made this way:
/// they stay in memory and are retried.
/// </summary>
internal readonly struct StateChange<T>
{
    private readonly IPersistentState<T> _state;
    private readonly T _before;

    private StateChange(IPersistentState<T> state, T before)
    {
        _state = state;
        _before = before;
    }

    public static StateChange<T> Begin(IPersistentState<T> state, DeepCopier<T> copier)
    {
        var before = state.State;
        state.State = copier.Copy(before)!;
        return new StateChange<T>(state, before);
    }

    public async Task WriteAsync()
    {
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            Undo();
            throw;
        }
    }

    public async Task ClearAsync()
    {
        try
        {
            await _state.ClearStateAsync();
        }
        catch
        {
            Undo();
            throw;
        }
    }

    /// <summary>Back to the state before the change (storage was not asked, or refused).</summary>
    public void Undo() => _state.State = _before;
}
