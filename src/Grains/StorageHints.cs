namespace SessionCluster.Grains;

/// <summary>
/// What a grain tells the storage of a grain it is about to create: "this one is new, there is nothing to read".
/// Orleans reads a grain's state when the first call activates it, inside that call's request context, so the hint
/// rides in the context (<see cref="RequestContext"/>) and the storage guard skips one read per created session. A
/// wrong hint cannot lose data: the state is then written with no etag and storage refuses the write as a conflict.
/// </summary>
public static class StorageHints
{
    private const string NewGrainKey = "sc.new-grain";

    /// <summary>Marks <paramref name="grain"/> as new for the calls made until the returned scope is disposed.</summary>
    public static IDisposable New(GrainId grain)
    {
        RequestContext.Set(NewGrainKey, grain.ToString());
        return new Scope();
    }

    /// <summary>True when the call being served said <paramref name="grain"/> is new.</summary>
    public static bool IsNew(GrainId grain) =>
        RequestContext.Get(NewGrainKey) is string marked && string.Equals(marked, grain.ToString(), StringComparison.Ordinal);

    private sealed class Scope : IDisposable
    {
        public void Dispose() => RequestContext.Remove(NewGrainKey);
    }
}
