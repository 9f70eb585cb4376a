using System.Globalization;

namespace SessionCluster.Grains.Domain;

/// <summary>A position in a feed partition: a Redis stream id (<c>{milliseconds}-{sequence}</c>), ordered.</summary>
public readonly record struct FeedPosition(ulong Milliseconds, ulong Sequence) : IComparable<FeedPosition>
{
    public static readonly FeedPosition Start = new(0, 0);

    public static bool TryParse(string? text, out FeedPosition position)
    {
        position = Start;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0 || !ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }
        position = new FeedPosition(ms, seq);
        return true;
    }

    public static FeedPosition Parse(string text) =>
        TryParse(text, out var position) ? position : throw new FormatException($"'{text}' is not a feed position.");

    /// <summary>The next position after this one for an append at <paramref name="milliseconds"/> (Redis' own rule for <c>XADD *</c>).</summary>
    public FeedPosition Next(ulong milliseconds) => milliseconds > Milliseconds ? new(milliseconds, 0) : new(Milliseconds, Sequence + 1);

    public int CompareTo(FeedPosition other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public static bool operator <(FeedPosition a, FeedPosition b) => a.CompareTo(b) < 0;

    public static bool operator >(FeedPosition a, FeedPosition b) => a.CompareTo(b) > 0;

    public static bool operator <=(FeedPosition a, FeedPosition b) => a.CompareTo(b) <= 0;

    public static bool operator >=(FeedPosition a, FeedPosition b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}
