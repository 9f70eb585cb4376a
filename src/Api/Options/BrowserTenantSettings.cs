namespace SessionCluster.Api;

public sealed class BrowserTenantSettings
{
    /// <summary>Lets a signed-out browser start a device link and wait for it (no API key). Off by default.</summary>
    public bool PublicDeviceLinks { get; set; }
}
