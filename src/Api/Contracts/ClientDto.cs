namespace SessionCluster.Api.Contracts;

/// <summary>The client an app reports (address and user agent), in and out.</summary>
public sealed record ClientDto(string? Ip, string? UserAgent)
{
    public static ClientDto From(ClientInfo client) => new(client.Ip, client.UserAgent);
}
