namespace SessionCluster.Grains.Domain;

/// <summary>
/// Which event types a reader or an endpoint wants: exact types, or prefixes ending in '.' (<c>security.</c>). Empty
/// means every type.
/// </summary>
public sealed class EventTypeFilter
{
    private readonly string[] _exact;
    private readonly string[] _prefixes;

    private EventTypeFilter(string[] exact, string[] prefixes)
    {
        _exact = exact;
        _prefixes = prefixes;
    }

    public static readonly EventTypeFilter All = new([], []);

    public bool IsAll => _exact.Length == 0 && _prefixes.Length == 0;

    /// <summary>
    /// A filter of the given entries; null with the entry at fault when one names no known type and is no prefix of one
    /// (a typo would otherwise silently deliver nothing).
    /// </summary>
    public static EventTypeFilter? TryCreate(IEnumerable<string> entries, out string? unknown)
    {
        unknown = null;
        var exact = new List<string>();
        var prefixes = new List<string>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }
            if (entry.EndsWith('.') && EventTypes.All.Any(t => t.StartsWith(entry, StringComparison.Ordinal)))
            {
                prefixes.Add(entry);
            }
            else if (EventTypes.All.Contains(entry, StringComparer.Ordinal))
            {
                exact.Add(entry);
            }
            else
            {
                unknown = entry;
                return null;
            }
        }
        return new EventTypeFilter([.. exact], [.. prefixes]);
    }

    /// <summary>Parses a comma-separated list (<c>?types=</c>).</summary>
    public static EventTypeFilter? TryParse(string? list, out string? unknown) =>
        TryCreate((list ?? "").Split(','), out unknown);

    public bool Matches(string type) =>
        IsAll || _exact.Contains(type, StringComparer.Ordinal) || _prefixes.Any(p => type.StartsWith(p, StringComparison.Ordinal));
}
