using System.Globalization;

namespace SessionCluster.Grains.Domain;

/// <summary>How every grain words an event: one factory, so ids, timestamps and alert details read the same everywhere.</summary>
public static class SessionEvents
{
    /// <summary>A new event with a time-ordered, unique id (UUID v7).</summary>
    public static SessionEvent New(string type, DateTimeOffset at, string? sessionId, string? deviceId, Dictionary<string, string>? detail = null) => new()
    {
        Id = Guid.CreateVersion7(at).ToString("N"),
        Type = type,
        At = at,
        SessionId = sessionId,
        DeviceId = deviceId,
        Detail = detail ?? [],
    };

    /// <summary>
    /// The detail of a <c>security.alert</c>: the reason and the client it was seen from (empty strings for what the
    /// app did not report), plus what the reason needs.
    /// </summary>
    public static Dictionary<string, string> Alert(string reason, ClientInfo? seen, params (string Key, string Value)[] more)
    {
        var detail = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["reason"] = reason,
            ["seenIp"] = seen?.Ip ?? "",
            ["seenUserAgent"] = seen?.UserAgent ?? "",
        };
        foreach (var (key, value) in more)
        {
            detail[key] = value;
        }
        return detail;
    }

    /// <summary>The invariant text of a number in a detail.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The text of a flag in a detail.</summary>
    public static string Flag(bool value) => value ? "true" : "false";
}
