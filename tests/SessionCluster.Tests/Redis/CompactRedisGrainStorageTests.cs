using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using SessionCluster.Hosting;
using SessionCluster.Hosting.Storage;
using SessionCluster.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionCluster.Tests.Redis;

/// <summary>
/// The grain storage every silo uses in cluster mode, against a real Redis: one string per state, etag compared on
/// every write and clear, and state left by Orleans' Redis provider (a hash) read and then replaced.
/// </summary>
public sealed class CompactRedisGrainStorageTests(RedisServer redis) : IAsyncLifetime
{
    private const string StateName = "session";
    private readonly string _serviceId = "compact-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private RedisStorageConnection _connection = null!;
    private CompactRedisGrainStorage _storage = null!;

    public ValueTask InitializeAsync()
    {
        redis.Require();
        _connection = new RedisStorageConnection(redis.ConnectionString, Microsoft.Extensions.Options.Options.Create(new StorageOptions()),
            Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ServiceId = _serviceId }));
        _storage = new CompactRedisGrainStorage("test", _connection, Serializer);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        await _services.DisposeAsync();
    }

    private OrleansGrainStorageSerializer Serializer => new(_services.GetRequiredService<Serializer>());

    private static GrainId NewGrain() => GrainId.Create("session", "t/" + Guid.NewGuid().ToString("N"));

    private RedisKey Key(GrainId grain) => _connection.KeyFor(StateName, grain);

    private async Task<GrainState<string>> ReadAsync(GrainId grain)
    {
        var state = new GrainState<string>();
        await _storage.ReadStateAsync(StateName, grain, state);
        return state;
    }

    [Fact]
    public async Task AWrittenStateIsOneStringThatReadsBackWithItsEtag()
    {
        var grain = NewGrain();
        var missing = await ReadAsync(grain);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);

        var state = new GrainState<string> { State = new string('x', 300) };
        await _storage.WriteStateAsync(StateName, grain, state);

        Assert.Equal(RedisType.String, await redis.Database.KeyTypeAsync(Key(grain)));
        var read = await ReadAsync(grain);
        Assert.True(read.RecordExists);
        Assert.Equal(state.State, read.State);
        Assert.Equal(state.ETag, read.ETag);

        read.State = "second";
        await _storage.WriteStateAsync(StateName, grain, read);
        Assert.NotEqual(state.ETag, read.ETag);
        Assert.Equal("second", (await ReadAsync(grain)).State);
    }

    [Fact]
    public async Task AWriteWithAStaleOrMissingEtagIsAConflictAndChangesNothing()
    {
        var grain = NewGrain();
        var first = new GrainState<string> { State = "first" };
        await _storage.WriteStateAsync(StateName, grain, first);
        var stale = await ReadAsync(grain);
        first.State = "newer";
        await _storage.WriteStateAsync(StateName, grain, first);

        stale.State = "lost update";
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, stale));
        // An activation that found nothing may not overwrite what another activation wrote since.
        var blind = new GrainState<string> { State = "blind" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, blind));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, grain, stale));

        Assert.Equal("newer", (await ReadAsync(grain)).State);
    }

    [Fact]
    public async Task ClearingRemovesTheKeyAndTheStateCanBeWrittenAfresh()
    {
        var grain = NewGrain();
        var state = new GrainState<string> { State = "doomed" };
        await _storage.WriteStateAsync(StateName, grain, state);
        state.State = "doomed, twice";
        await _storage.WriteStateAsync(StateName, grain, state);
        await _storage.ClearStateAsync(StateName, grain, state);

        Assert.False(await redis.Database.KeyExistsAsync(Key(grain)));
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Null(state.State); // a cleared state is a new one in memory too
        Assert.False((await ReadAsync(grain)).RecordExists);

        state.State = "again";
        await _storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("again", (await ReadAsync(grain)).State);
    }

    [Fact]
    public async Task StateWrittenByOrleansRedisProviderIsReadAndTheNextWriteReplacesIt()
    {
        var grain = NewGrain();
        var legacyEtag = Guid.NewGuid().ToString("N");
        var payload = Serializer.Serialize("from the old provider").ToArray();
        await redis.Database.HashSetAsync(Key(grain), [new("etag", legacyEtag), new("data", payload)]);

        var read = await ReadAsync(grain);
        Assert.True(read.RecordExists);
        Assert.Equal("from the old provider", read.State);
        Assert.Equal(legacyEtag, read.ETag);

        var stale = await ReadAsync(grain);
        read.State = "upgraded";
        await _storage.WriteStateAsync(StateName, grain, read);
        Assert.Equal(RedisType.String, await redis.Database.KeyTypeAsync(Key(grain)));
        Assert.Equal("upgraded", (await ReadAsync(grain)).State);

        stale.State = "lost update";
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, stale));
    }

    [Fact]
    public async Task ALegacyHashIsClearedWithItsEtag()
    {
        var grain = NewGrain();
        var legacyEtag = Guid.NewGuid().ToString("N");
        await redis.Database.HashSetAsync(Key(grain), [new("etag", legacyEtag), new("data", Serializer.Serialize("old").ToArray())]);
        var read = await ReadAsync(grain);

        await _storage.ClearStateAsync(StateName, grain, read);

        Assert.False(await redis.Database.KeyExistsAsync(Key(grain)));
    }

    [Fact]
    public async Task AStateTakesLessRedisMemoryThanTheSameStateInOrleansHashLayout()
    {
        // The reason this provider exists: session-sized payloads (a few hundred bytes) turned every hash into a table.
        var grain = NewGrain();
        var state = new GrainState<string> { State = new string('s', 280) };
        await _storage.WriteStateAsync(StateName, grain, state);
        var legacy = NewGrain();
        await redis.Database.HashSetAsync(Key(legacy), [new("etag", Guid.NewGuid().ToString("N")), new("data", Serializer.Serialize(state.State).ToArray())]);

        var compact = (long)await redis.Database.ExecuteAsync("MEMORY", "USAGE", Key(grain));
        var hash = (long)await redis.Database.ExecuteAsync("MEMORY", "USAGE", Key(legacy));

        Assert.True(compact < hash - 100, $"string {compact} B vs hash {hash} B");
    }
}
