namespace SessionCluster.Api.Contracts;

/// <summary>A session in the caller's own list, marked when it is the one making the call.</summary>
public sealed class MySessionDto(SessionView v, bool current) : SessionViewDto(v)
{
    public bool Current { get; } = current;
}
