namespace SessionCluster.Api.Contracts;

/// <summary>A device as an app (or a new device) describes itself: every field optional, each checked by its rules.</summary>
public sealed record DeviceRequestDto(string? Id, string? Name, string? Type)
{
    /// <summary>The device, checked (<c>device.id</c> an identifier, name and type bounded text).</summary>
    public DeviceInfo ToDeviceInfo() => new()
    {
        Id = Id is null ? null : RequestRules.Identifier("device.id", Id),
        Name = RequestRules.Text("device.name", Name),
        Type = RequestRules.Text("device.type", Type),
    };
}
