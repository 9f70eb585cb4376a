using System.Buffers.Text;

namespace SessionCluster.Grains.Domain;

/// <summary>
/// A client's place in a tenant's whole feed: the position reached in every partition, as an opaque base64url
/// string (a version byte, the partition count, then each position as two LEB128 varints). Resuming from a cursor
/// reads each partition after its own position, so nothing is lost and nothing repeats.
/// </summary>
public sealed class FeedCursor
{
    private const byte Version = 1;
    /// <summary>Far more than 64 partitions × 2 varints of 10 bytes could need: a bound on what is decoded.</summary>
    public const int MaxLength = 2048;

    private readonly FeedPosition[] _positions;

    private FeedCursor(FeedPosition[] positions) => _positions = positions;

    public static FeedCursor Start(int partitions) => new(Enumerable.Repeat(FeedPosition.Start, partitions).ToArray());

    public int Partitions => _positions.Length;

    public FeedPosition this[int partition] => _positions[partition];

    /// <summary>A copy with <paramref name="partition"/> moved to <paramref name="position"/>.</summary>
    public FeedCursor With(int partition, FeedPosition position)
    {
        var copy = (FeedPosition[])_positions.Clone();
        copy[partition] = position;
        return new FeedCursor(copy);
    }

    public string Encode()
    {
        var buffer = new byte[2 + (_positions.Length * 20)];
        buffer[0] = Version;
        buffer[1] = (byte)_positions.Length;
        var at = 2;
        foreach (var p in _positions)
        {
            at = WriteVarint(buffer, at, p.Milliseconds);
            at = WriteVarint(buffer, at, p.Sequence);
        }
        return Base64Url.EncodeToString(buffer.AsSpan(0, at));
    }

    /// <summary>Decodes a cursor made for a feed of <paramref name="partitions"/> partitions; false for anything else.</summary>
    public static bool TryDecode(string? text, int partitions, out FeedCursor cursor)
    {
        cursor = Start(partitions);
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !Base64Url.IsValid(text))
        {
            return false;
        }
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }
        if (bytes.Length < 2 || bytes[0] != Version || bytes[1] != partitions)
        {
            return false;
        }
        var positions = new FeedPosition[partitions];
        var at = 2;
        for (var i = 0; i < partitions; i++)
        {
            if (!TryReadVarint(bytes, ref at, out var ms) || !TryReadVarint(bytes, ref at, out var seq))
            {
                return false;
            }
            positions[i] = new FeedPosition(ms, seq);
        }
        if (at != bytes.Length)
        {
            return false;
        }
        cursor = new FeedCursor(positions);
        return true;
    }

    private static int WriteVarint(byte[] buffer, int at, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[at++] = (byte)value;
        return at;
    }

    private static bool TryReadVarint(byte[] bytes, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= bytes.Length)
            {
                return false;
            }
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                // One canonical form per value: no trailing zero groups, nothing beyond 64 bits.
                return (shift == 0 || b != 0) && (shift < 63 || b <= 1);
            }
        }
        return false;
    }
}
