using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using SessionCluster.Grains.Events;
using SessionCluster.Hosting.Storage;
using StackExchange.Redis;

namespace SessionCluster.Hosting.Events;

/// <summary>
/// The feed in Redis: one stream per partition (<c>{ServiceId}/feed/{tenantId}/{partition}</c>), one entry per event
/// (field <c>e</c>: the event in Orleans' serialization, which honours [Id]/[Alias] like grain state). Appends are
/// <c>XADD … MINID ~ {retention cutoff}</c> in one pipelined batch on the silo's storage connection (fail-fast while Redis
/// is down, so an outbox waits instead of piling up), reads are <c>XRANGE</c> / <c>XREVRANGE</c>. Stream ids are the
/// positions: they grow with every append, which is what lets a cursor resume without loss or repeats.
/// </summary>
public sealed class RedisEventFeedStore(RedisStorageConnection connection, Serializer<FeedEvent> serializer, IOptions<ClusterOptions> cluster) : IEventFeedStore
{
    private const string Field = "e";

    public async Task<IReadOnlyList<FeedEvent>> AppendAsync(string partitionKey, IReadOnlyList<FeedEvent> events, DateTimeOffset trimBefore)
    {
        var db = (await connection.GetAsync()).GetDatabase();
        var key = KeyOf(partitionKey);
        var minId = $"{Math.Max(0, trimBefore.ToUnixTimeMilliseconds())}-0";
        var batch = db.CreateBatch();
        var adds = events.Select(e => batch.ExecuteAsync("XADD", key, "MINID", "~", minId, "*", Field, serializer.SerializeToArray(e))).ToList();
        batch.Execute();
        var ids = await Task.WhenAll(adds);
        return [.. events.Select((e, i) => e with { Position = ids[i].ToString() })];
    }

    public async Task<IReadOnlyList<FeedEvent>> ReadAsync(string partitionKey, string after, int limit)
    {
        var db = (await connection.GetAsync()).GetDatabase();
        // "(" makes the start exclusive: what follows the position, never the event at it.
        var entries = (RedisResult[])(await db.ExecuteAsync("XRANGE", KeyOf(partitionKey), "(" + after, "+", "COUNT", limit))!;
        return [.. entries.Select(Parse)];
    }

    public async Task<IReadOnlyList<FeedEvent>> ReadNewestAsync(string partitionKey, int count)
    {
        var db = (await connection.GetAsync()).GetDatabase();
        var entries = (RedisResult[])(await db.ExecuteAsync("XREVRANGE", KeyOf(partitionKey), "+", "-", "COUNT", count))!;
        return [.. entries.Select(Parse)];
    }

    private RedisKey KeyOf(string partitionKey) => $"{cluster.Value.ServiceId}/feed/{partitionKey}";

    private FeedEvent Parse(RedisResult entry)
    {
        var parts = (RedisResult[])entry!;
        var fields = (RedisResult[])parts[1]!;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if (fields[i].ToString() == Field)
            {
                return serializer.Deserialize((byte[])fields[i + 1]!)! with { Position = parts[0].ToString() };
            }
        }
        throw new InvalidOperationException($"Feed entry {parts[0]} has no '{Field}' field.");
    }
}
