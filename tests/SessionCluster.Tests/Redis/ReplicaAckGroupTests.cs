using Microsoft.Extensions.Time.Testing;
using SessionCluster.Hosting.Storage;

namespace SessionCluster.Tests.Redis;

/// <summary>
/// The group commit of replica acknowledgements, without Redis: a fake primary answers WAIT when the test says so,
/// and reports its replicas as the test sets them. (The real thing: <see cref="ReplicaAckTests"/>.)
/// </summary>
public sealed class ReplicaAckGroupTests
{
    private const long Socket = 1;

    private static ReplicationInfo Primary(long offset, params long[] replicas) => new(true, offset, replicas);

    private sealed class FakePrimary
    {
        private readonly List<TaskCompletionSource<WaitAnswer>> _waits = [];

        public ReplicationInfo Info { get; set; } = Primary(100, 100);

        public int Probes;

        public int WaitCount
        {
            get
            {
                lock (_waits)
                {
                    return _waits.Count;
                }
            }
        }

        public TaskCompletionSource<WaitAnswer> Wait(int index)
        {
            lock (_waits)
            {
                return _waits[index];
            }
        }

        public Task<WaitAnswer> WaitAsync()
        {
            var wait = new TaskCompletionSource<WaitAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waits)
            {
                _waits.Add(wait);
            }
            return wait.Task;
        }

        public Task<ReplicationInfo> ProbeAsync()
        {
            Interlocked.Increment(ref Probes);
            return Task.FromResult(Info);
        }
    }

    private readonly FakePrimary _primary = new();
    private readonly FakeTimeProvider _time = new();

    private ReplicaAckGroup NewGroup() => new(1, TimeSpan.FromSeconds(1), _primary.WaitAsync, _primary.ProbeAsync, _time);

    [Fact]
    public async Task WritersFinishingWhileAWaitIsOutShareTheNextWaitAndAreNotCoveredByTheOneOut()
    {
        var group = NewGroup();
        var first = group.ConfirmAsync(Socket);
        Assert.Equal(1, _primary.WaitCount);

        var later = Enumerable.Range(0, 5).Select(_ => group.ConfirmAsync(Socket)).ToList();
        Assert.Equal(1, _primary.WaitCount); // at most one WAIT in flight per primary

        _primary.Wait(0).SetResult(new WaitAnswer(1, Socket));
        Assert.Null(await first);
        await Until(() => _primary.WaitCount == 2);
        // The WAIT that was out when they finished their writes may have been executed before them: it does not count.
        Assert.All(later, t => Assert.False(t.IsCompleted));

        _primary.Wait(1).SetResult(new WaitAnswer(1, Socket));
        foreach (var write in later)
        {
            Assert.Null(await write);
        }
        Assert.Equal(2, group.WaitsSent);
        Assert.Equal(2, _primary.WaitCount);
    }

    [Fact]
    public async Task AShortWaitRefusesItsWritesThenRefusesNewWritesBeforeTheyAreMadeUntilTheReplicaCaughtUp()
    {
        var group = NewGroup();
        var write = group.ConfirmAsync(Socket);
        _primary.Wait(0).SetResult(new WaitAnswer(0, Socket));
        Assert.Equal("0 of 1 replicas confirmed it within 1000 ms", await write);
        Assert.True(group.IsDegraded);

        // The replica is connected but behind what the primary had when it fell behind.
        _primary.Info = Primary(200, 150);
        var refusal = await group.AdmitAsync();
        Assert.Equal("1 replicas connected, 0 caught up, 1 required", refusal);
        // A write already made meanwhile is refused without blocking the connection with another WAIT.
        Assert.Equal("replicas are known to be missing or behind", await group.ConfirmAsync(Socket));
        Assert.Equal(1, _primary.WaitCount);

        // Asked again only after the degraded probe interval; then it has everything: writes go ahead again.
        var probes = _primary.Probes;
        _primary.Info = Primary(260, 200);
        Assert.NotNull(await group.AdmitAsync());
        Assert.Equal(probes, _primary.Probes);
        _time.Advance(ReplicaAckGroup.DegradedProbeInterval + TimeSpan.FromMilliseconds(1));
        Assert.Null(await group.AdmitAsync());
        Assert.False(group.IsDegraded);

        var next = group.ConfirmAsync(Socket);
        await Until(() => _primary.WaitCount == 2);
        _primary.Wait(1).SetResult(new WaitAnswer(1, Socket));
        Assert.Null(await next);
    }

    [Fact]
    public async Task APrimaryListingTooFewReplicasRefusesWritesBeforeTheyAreMadeAndSendsNoWait()
    {
        var group = NewGroup();
        _primary.Info = Primary(100);
        Assert.Null(await group.AdmitAsync()); // nothing known yet: the first write goes ahead (and has the primary asked)
        string? refusal = null;
        for (var i = 0; i < 200 && refusal is null; i++)
        {
            await Task.Delay(5);
            refusal = await group.AdmitAsync();
        }
        Assert.Equal("0 replicas connected, 0 caught up, 1 required", refusal);
        Assert.Equal(0, _primary.WaitCount);
    }

    [Fact]
    public async Task AWaitOverAReplacedConnectionNeverAcknowledges()
    {
        var group = NewGroup();
        var write = group.ConfirmAsync(Socket);
        // A new socket has made no writes, so WAIT there answers at once with every connected replica.
        _primary.Wait(0).SetResult(new WaitAnswer(1, Socket + 1));
        Assert.Equal("the connection to the primary was replaced during the write", await write);
    }

    [Fact]
    public async Task AFailedWaitRefusesOnlyItsOwnRound()
    {
        var group = NewGroup();
        var failed = group.ConfirmAsync(Socket);
        _primary.Wait(0).SetException(new TimeoutException("no answer"));
        Assert.Equal("asking the replicas failed (TimeoutException)", await failed);
        Assert.False(group.IsDegraded);

        var next = group.ConfirmAsync(Socket);
        await Until(() => _primary.WaitCount == 2);
        _primary.Wait(1).SetResult(new WaitAnswer(1, Socket));
        Assert.Null(await next);
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(5);
        }
        Assert.True(condition(), "the condition did not come true within 2 s");
    }
}
