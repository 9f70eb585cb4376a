using SessionCluster.Grains;
using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Cluster;

/// <summary>Calls between grains that race: erasure against a device collecting its session, queued events, shared codes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RaceAndErasureTests(ClusterFixture fixture)
{
    private const string Acme = TestTenants.Acme;
    private IGrainFactory Grains => fixture.Grains;

    private async Task<SessionResult> SignInAsync(string userId, string deviceId = "phone")
    {
        var result = await Grains.CreateSessionAsync(Acme, new CreateSessionCommand { UserId = userId, Device = new DeviceInfo { Id = deviceId } });
        Assert.True(result.Succeeded, result.Error.ToString());
        return result;
    }

    [Fact]
    public async Task AnErasureRacingADeviceCollectingItsSessionFinishesAndLeavesNoSession()
    {
        for (var round = 0; round < 5; round++)
        {
            var userId = TestTenants.NewUserId();
            var phone = await SignInAsync(userId);
            var link = Grains.GetDeviceLinkGrain(Acme, TokenCrypto.NewSessionId());
            await link.StartAsync(new DeviceInfo { Id = "tv" }, null);
            Assert.Equal(DeviceLinkError.None, await link.ApproveAsync(userId, phone.Session!.SessionId));
            var user = Grains.GetUserGrain(Acme, userId);

            // Erasure used to wait on the link while the link waited on the user: stuck until the response timeout.
            var poll = link.PollAsync();
            var erase = user.EraseAsync();
            await Task.WhenAll(poll, erase).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Empty(await user.ListSessionsAsync());
            if ((await poll).Tokens is { } handedOver)
            {
                // Collected just before the erasure: that session was erased with the others.
                Assert.NotEqual(SessionError.None, (await Grains.ValidateAsync(Acme, handedOver.AccessToken)).Error);
            }
            Assert.NotEqual(DeviceLinkStatus.Approved, (await link.PollAsync()).Status);
        }
    }

    [Fact]
    public async Task EventsQueuedBehindAnErasureDoNotBringTheHistoryBack()
    {
        var userId = TestTenants.NewUserId();
        var session = await SignInAsync(userId);
        var user = Grains.UserInternal(Acme, userId);
        var before = fixture.Time.GetUtcNow();

        await user.EraseAsync();
        // What sessions and the second factor sent one-way just before the erasure, delivered just after it.
        await user.RecordEventAsync(SessionEvents.New(EventTypes.SessionRefreshed, before, session.Session!.SessionId, "phone"));
        await user.RecordEventAsync(SessionEvents.New(EventTypes.MfaEnrolled, before, null, null));

        Assert.Empty(await user.GetEventsAsync(100));

        // Signing in again after the erasure is news again.
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await SignInAsync(userId);
        var events = await WaitForEventsAsync(user, 1);
        Assert.Equal(EventTypes.SessionCreated, Assert.Single(events).Type);
    }

    [Fact]
    public async Task AUserCodeIsFreedOnlyByTheLinkThatHoldsIt()
    {
        var code = Grains.UserCodeInternal(Acme, "BCDFGHJK");
        var now = fixture.Time.GetUtcNow();
        Assert.True(await code.ClaimAsync("link-a", now.AddMinutes(1)));
        Assert.False(await code.ClaimAsync("link-b", now.AddMinutes(1))); // held by a live link

        fixture.Time.Advance(TimeSpan.FromMinutes(2)); // link-a lapsed; its code may go to another link
        Assert.True(await code.ClaimAsync("link-b", fixture.Time.GetUtcNow().AddMinutes(5)));
        await code.ReleaseAsync("link-a"); // the expired link cleaning up late

        Assert.Equal("link-b", await code.ResolveAsync());
        await code.ReleaseAsync("link-b");
        Assert.Null(await code.ResolveAsync());
    }

    [Fact]
    public async Task ASessionPurgedAfterItsRetentionSaysHowItEnded()
    {
        var session = await SignInAsync(TestTenants.NewUserId());
        var grain = Grains.SessionInternal(Acme, session.Session!.SessionId);
        Assert.True(await grain.RevokeAsync("logout"));

        fixture.Time.Advance(TimeSpan.FromHours(2)); // past DeadSessionRetention
        var swept = await grain.SweepAsync();

        Assert.True(swept.Gone);
        Assert.Equal(SessionStatus.Revoked, swept.Status);
        Assert.Equal(SessionError.SessionNotFound, (await grain.GetAsync()).Error);
    }

    private static async Task<IReadOnlyList<SessionEvent>> WaitForEventsAsync(IUserGrain user, int count)
    {
        for (var i = 0; i < 50; i++)
        {
            var events = await user.GetEventsAsync(100);
            if (events.Count >= count)
            {
                return events;
            }
            await Task.Delay(100);
        }
        return await user.GetEventsAsync(100);
    }
}
