namespace SessionCluster.Grains.Domain;

/// <summary>What made a session look different from how it started.</summary>
public readonly record struct RiskFinding(bool NewNetwork, bool NewUserAgent)
{
    public bool Any => NewNetwork || NewUserAgent;

    public string Reason => (NewNetwork, NewUserAgent) switch
    {
        (true, true) => "new_network_and_user_agent",
        (true, false) => "new_network",
        _ => "new_user_agent",
    };
}
