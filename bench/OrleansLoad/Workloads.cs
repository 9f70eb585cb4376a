using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;

namespace SessionCluster.Bench.OrleansLoad;

/// <summary>A session's current pair as a load worker holds it.</summary>
internal sealed record TokenPair(string Access, string Refresh)
{
    public static TokenPair? Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? new TokenPair(parts[0], parts[1]) : null;
    }

    public string SessionId => SessionToken.TryParse(Access, out _, out var sessionId, out _) ? sessionId : "";

    public override string ToString() => $"{Access} {Refresh}";
}

/// <summary>The calls of each mode, as the HTTP API makes them (same tenant-scoped client helpers).</summary>
internal sealed class Workloads(IGrainFactory grains, LoadOptions options, Recorder recorder)
{
    private readonly ClientInfo _client = new() { Ip = options.Ip, UserAgent = options.UserAgent };
    private readonly Lock _outLock = new();
    private long _created;

    /// <summary>Creates sessions until <paramref name="next"/> says stop; pairs go to <paramref name="output"/> when given.</summary>
    public async Task CreateAsync(int worker, Func<long> next, StreamWriter? output, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var i = next();
            if (i < 0)
            {
                return;
            }
            var pair = await CreateOneAsync(worker, i);
            if (pair is not null && output is not null)
            {
                lock (_outLock)
                {
                    output.WriteLine(pair.ToString());
                }
            }
        }
    }

    /// <summary>Validates the worker's tokens round and round until stopped.</summary>
    public async Task ValidateLoopAsync(int worker, IReadOnlyList<TokenPair> mine, CancellationToken stop)
    {
        if (mine.Count == 0)
        {
            return;
        }
        for (var i = 0; !stop.IsCancellationRequested; i = (i + 1) % mine.Count)
        {
            await ValidateOneAsync(worker, mine[i].Access);
        }
    }

    /// <summary>Validates tokens handed out once each by <paramref name="next"/> (an index into <paramref name="all"/>, -1 at the end).</summary>
    public async Task ValidateOnceAsync(int worker, IReadOnlyList<TokenPair> all, Func<long> next)
    {
        for (var i = next(); i >= 0; i = next())
        {
            await ValidateOneAsync(worker, all[(int)i].Access);
        }
    }

    /// <summary>
    /// validate-heavy on the worker's own sessions (no other worker touches them, so no call races a rotation):
    /// per 200 calls 190 validate, 8 refresh, 1 create, 1 revoke. Returns the pairs it holds at the end.
    /// </summary>
    public async Task<List<TokenPair>> MixAsync(int worker, List<TokenPair> mine, CancellationToken stop)
    {
        var floor = mine.Count / 2;
        var cursor = 0;
        for (long seq = 1; !stop.IsCancellationRequested && mine.Count > 0; seq++)
        {
            var k = seq % 100;
            cursor = (cursor + 1) % mine.Count;
            var far = (cursor + (mine.Count / 2)) % mine.Count;
            if (k < 4)
            {
                var fresh = await RefreshOneAsync(worker, mine[far].Refresh);
                if (fresh is not null)
                {
                    mine[far] = fresh;
                }
            }
            else if (k == 4 && seq / 100 % 2 == 0)
            {
                if (await CreateOneAsync(worker, Interlocked.Increment(ref _created) + ((long)worker << 40)) is { } created)
                {
                    mine.Add(created);
                }
            }
            else if (k == 4 && mine.Count > floor)
            {
                var victim = mine[far];
                mine[far] = mine[^1];
                mine.RemoveAt(mine.Count - 1);
                await RevokeOneAsync(worker, victim.SessionId);
            }
            else
            {
                await ValidateOneAsync(worker, mine[cursor].Access);
            }
        }
        return mine;
    }

    private async Task ValidateOneAsync(int worker, string access)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await grains.ValidateAsync(options.Tenant, access, _client);
            recorder.Record(worker, started, "validate", result.Succeeded ? null : result.Error.ToString());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            recorder.Record(worker, started, "validate", ex.GetType().Name);
        }
    }

    private async Task<TokenPair?> RefreshOneAsync(int worker, string refresh)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await grains.RefreshAsync(options.Tenant, refresh, _client);
            recorder.Record(worker, started, "refresh", result.Succeeded ? null : result.Error.ToString());
            return result.Tokens is { } t ? new TokenPair(t.AccessToken, t.RefreshToken) : null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            recorder.Record(worker, started, "refresh", ex.GetType().Name);
            return null;
        }
    }

    private async Task<TokenPair?> CreateOneAsync(int worker, long i)
    {
        var user = $"{options.EffectiveUserPrefix}{i / options.SessionsPerUser}";
        var command = new CreateSessionCommand
        {
            UserId = user,
            Device = new DeviceInfo { Id = $"d{i}", Name = "bench", Type = "browser" },
            Client = _client,
            // As the HTTP API does: a fresh idempotency key per create.
            IdempotencyKey = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
        };
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await grains.CreateSessionAsync(options.Tenant, command);
            recorder.Record(worker, started, "create", result.Succeeded ? null : result.Error.ToString());
            return result.Tokens is { } t ? new TokenPair(t.AccessToken, t.RefreshToken) : null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            recorder.Record(worker, started, "create", ex.GetType().Name);
            return null;
        }
    }

    private async Task RevokeOneAsync(int worker, string sessionId)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await grains.GetSessionGrain(options.Tenant, sessionId).RevokeAsync("revoked");
            recorder.Record(worker, started, "revoke", null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            recorder.Record(worker, started, "revoke", ex.GetType().Name);
        }
    }
}
