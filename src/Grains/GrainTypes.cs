namespace SessionCluster.Grains;

public static class GrainTypes
{
    public const string Session = "session";
    public const string User = "user";
    public const string DeviceLink = "devicelink";
    public const string UserCode = "usercode";
    public const string Mfa = "mfa";
    public const string EventFeed = "eventfeed";
    public const string Webhook = "webhook";
}
