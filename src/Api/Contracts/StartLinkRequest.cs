namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/device-links: the new device describes itself.</summary>
public sealed record StartLinkRequest(DeviceRequestDto? Device, ClientDto? Client);
