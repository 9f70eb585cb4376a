using System.Security.Cryptography;
using Orleans.Storage;
using StackExchange.Redis;

namespace SessionCluster.Hosting.Storage;

/// <summary>
/// Grain state in Redis as one string per grain state: <c>[format 0x01][etag, 8 bytes][payload]</c>, under the same
/// key Orleans' Redis provider uses (<see cref="RedisStorageConnection.KeyFor"/>).
/// <para>
/// Why not Orleans' provider: it keeps each state as a hash of <c>etag</c> (a 32-character GUID) and <c>data</c>;
/// session payloads are longer than Redis' <c>hash-max-listpack-value</c> (64 bytes), so every state became a full
/// hash table, ~150-200 bytes more per key than a string holding the same bytes. A user with one session has three
/// such keys. A string needs no Redis tuning, so managed Redis services get the saving too.
/// </para>
/// <para>
/// State written by Orleans' provider (a hash) is still read, and the first write replaces it with a string: an
/// upgrade needs no migration step. A record that is known not to exist (no etag yet) is written with <c>SET NX</c>,
/// one command and no script; later writes and clears compare the etag in a script, as Orleans' provider does.
/// </para>
/// </summary>
public sealed class CompactRedisGrainStorage(string name, RedisStorageConnection connection, IGrainStorageSerializer serializer) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const byte Format = 0x01;
    private const int HeaderLength = 9; // format byte + 8-byte etag

    // KEYS[1] the state; ARGV[1] the expected etag (8 raw bytes, or a legacy hash's GUID text), ARGV[2] the new value.
    // A legacy hash answers WRONGTYPE to GET, so its etag is read from the hash; SET replaces it with a string.
    private const string WriteScript = """
        local current = redis.pcall('GET', KEYS[1])
        local etag
        if type(current) == 'table' and current.err then
          etag = redis.call('HGET', KEYS[1], 'etag')
        elseif current then
          etag = string.sub(current, 2, 9)
        end
        if etag ~= ARGV[1] then
          return -1
        end
        redis.call('SET', KEYS[1], ARGV[2])
        return 0
        """;

    private const string ClearScript = """
        local current = redis.pcall('GET', KEYS[1])
        local etag
        if type(current) == 'table' and current.err then
          etag = redis.call('HGET', KEYS[1], 'etag')
        elseif current then
          etag = string.sub(current, 2, 9)
        end
        if not etag then
          return 0
        end
        if etag ~= ARGV[1] then
          return -1
        end
        redis.call('DEL', KEYS[1])
        return 0
        """;

    /// <summary>Connects while the silo starts, as Orleans' provider did: until then the guard sees Redis as unreachable.</summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(CompactRedisGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices, async _ => await connection.GetAsync());

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var db = (await connection.GetAsync()).GetDatabase();
        var key = connection.KeyFor(stateName, grainId);
        byte[]? value;
        try
        {
            value = await db.StringGetAsync(key);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            await ReadLegacyAsync(db, key, grainState);
            return;
        }
        if (value is null)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        if (value.Length < HeaderLength || value[0] != Format)
        {
            throw new InvalidDataException($"Grain state in storage '{name}' has an unknown format");
        }
        grainState.State = serializer.Deserialize<T>(new BinaryData(value.AsMemory(HeaderLength)));
        grainState.ETag = EtagText(value.AsSpan(1, 8));
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var db = (await connection.GetAsync()).GetDatabase();
        var key = connection.KeyFor(stateName, grainId);
        var payload = serializer.Serialize(grainState.State).ToMemory().Span;
        var value = new byte[HeaderLength + payload.Length];
        value[0] = Format;
        RandomNumberGenerator.Fill(value.AsSpan(1, 8)); // random, so an etag never comes back after a clear
        payload.CopyTo(value.AsSpan(HeaderLength));

        bool written;
        if (grainState.ETag is null)
        {
            // Nothing was there when this activation looked (or its creator said it is new): one command, no script.
            written = await db.StringSetAsync(key, value, when: When.NotExists);
        }
        else
        {
            var result = (int)await db.ScriptEvaluateAsync(WriteScript, [key], [ExpectedEtag(grainState.ETag), value]);
            written = result == 0;
        }
        if (!written)
        {
            throw new InconsistentStateException($"Version conflict writing grain state in storage '{name}'", grainState.ETag ?? "", "");
        }
        grainState.ETag = EtagText(value.AsSpan(1, 8));
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var db = (await connection.GetAsync()).GetDatabase();
        var key = connection.KeyFor(stateName, grainId);
        if (grainState.ETag is not null)
        {
            var result = (int)await db.ScriptEvaluateAsync(ClearScript, [key], [ExpectedEtag(grainState.ETag)]);
            if (result != 0)
            {
                throw new InconsistentStateException($"Version conflict clearing grain state in storage '{name}'", grainState.ETag, "");
            }
        }
        // As Orleans' providers do: a cleared state is a new one in memory too (SessionGrain relies on it).
        grainState.State = typeof(T).GetConstructor(Type.EmptyTypes) is null ? default! : Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>A hash written by Orleans' Redis provider: fields <c>etag</c> and <c>data</c>.</summary>
    private async Task ReadLegacyAsync<T>(IDatabase db, RedisKey key, IGrainState<T> grainState)
    {
        var fields = await db.HashGetAsync(key, ["etag", "data"]);
        if (fields[0].IsNull || fields[1].IsNull)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = serializer.Deserialize<T>(new BinaryData((byte[])fields[1]!));
        grainState.ETag = fields[0].ToString();
        grainState.RecordExists = true;
    }

    // Our etags are 16 hex characters (8 bytes); a legacy hash's is a 32-character GUID, compared as text.
    private static RedisValue ExpectedEtag(string etag) => etag.Length == 16 ? Convert.FromHexString(etag) : etag;

    private static string EtagText(ReadOnlySpan<byte> etag) => Convert.ToHexString(etag);
}
