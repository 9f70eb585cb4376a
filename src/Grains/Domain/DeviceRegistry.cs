namespace SessionCluster.Grains.Domain;

/// <summary>A user's devices: first and last use, how each joined. A device goes with its last session.</summary>
public readonly struct DeviceRegistry(Dictionary<string, DeviceRecord> records)
{
    private readonly Dictionary<string, DeviceRecord> _devices = records;

    /// <summary>The prefix of device ids the service makes up for sessions the app opened without one.</summary>
    public const string GeneratedIdPrefix = "dev_";

    public int Count => _devices.Count;

    public bool Contains(string deviceId) => _devices.ContainsKey(deviceId);

    /// <summary>The device as the app described it, with an id made up when it gave none.</summary>
    public static DeviceInfo WithId(DeviceInfo? device)
    {
        device ??= new DeviceInfo();
        return string.IsNullOrEmpty(device.Id) ? device with { Id = GeneratedIdPrefix + TokenCrypto.NewSessionId() } : device;
    }

    /// <summary>Adds the device, or refreshes its name, type and last use; true when the user never used it before.</summary>
    public bool Register(DeviceInfo device, string linkedVia, DateTimeOffset now)
    {
        var id = device.Id ?? throw new ArgumentException("The device has no id.", nameof(device));
        if (_devices.TryGetValue(id, out var known))
        {
            known.Name = device.Name ?? known.Name;
            known.Type = device.Type ?? known.Type;
            known.LastSeenAt = now;
            return false;
        }
        _devices[id] = new DeviceRecord { Name = device.Name, Type = device.Type, FirstSeenAt = now, LastSeenAt = now, LinkedVia = linkedVia };
        return true;
    }

    public bool Remove(string deviceId) => _devices.Remove(deviceId);

    /// <summary>Forgets every device not in <paramref name="withSessions"/>.</summary>
    public void KeepOnly(IReadOnlySet<string> withSessions)
    {
        foreach (var id in _devices.Keys.Where(id => !withSessions.Contains(id)).ToList())
        {
            _devices.Remove(id);
        }
    }

    public void Clear() => _devices.Clear();

    /// <summary>The _devices as the user's device list shows them, most recently used first.</summary>
    public IReadOnlyList<DeviceView> Views(IEnumerable<SessionView> activeSessions)
    {
        var byDevice = activeSessions.GroupBy(s => s.Device.Id ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return [.. _devices.Select(d =>
        {
            var sessions = byDevice.GetValueOrDefault(d.Key) ?? [];
            return new DeviceView
            {
                DeviceId = d.Key,
                Name = d.Value.Name,
                Type = d.Value.Type,
                FirstSeenAt = d.Value.FirstSeenAt,
                LastSeenAt = sessions.Select(s => s.LastSeenAt).Append(d.Value.LastSeenAt).Max(),
                LinkedVia = d.Value.LinkedVia,
                ActiveSessions = sessions.Count,
            };
        }).OrderByDescending(d => d.LastSeenAt)];
    }
}
