using System.Globalization;

namespace SessionCluster;

/// <summary>The one timestamp format of the API and of event details: ISO-8601 UTC with milliseconds and 'Z'.</summary>
public static class Timestamps
{
    /// <summary>The format string, e.g. <c>2026-11-24T10:00:00.000Z</c>.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Formats an instant in UTC.</summary>
    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
