using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class DevicesAndLinksTests(ClusterFixture fixture)
{
    private const string Acme = TestTenants.Acme;
    private IGrainFactory Grains => fixture.Grains;

    private async Task<SessionResult> SignInAsync(string userId, string deviceId)
    {
        var result = await Grains.CreateSessionAsync(Acme, new CreateSessionCommand { UserId = userId, Device = new DeviceInfo { Id = deviceId } });
        Assert.True(result.Succeeded, result.Error.ToString());
        return result;
    }

    private IDeviceLinkGrain Link(string linkId) => Grains.GetDeviceLinkGrain(Acme, linkId);

    private static string NewLinkId() => SessionCluster.Grains.Domain.TokenCrypto.NewSessionId();

    private Task<string?> ResolveAsync(string userCode) =>
        Grains.GetUserCodeGrain(Acme, UserCodes.Normalize(userCode)!).ResolveAsync();

    [Fact]
    public async Task OfTwoWritesOnTheSameVersionExactlyOneWins()
    {
        var session = Grains.GetSessionGrain(Acme, (await SignInAsync(TestTenants.NewUserId(), "d")).Session!.SessionId);

        var results = await Task.WhenAll(session.PutDataAsync("{\"by\":\"a\"}", 1), session.PutDataAsync("{\"by\":\"b\"}", 1));

        Assert.Single(results, r => r.Error == SessionError.None);
        Assert.Single(results, r => r.Error == SessionError.VersionConflict);
        var now = await session.GetDataAsync();
        Assert.Equal(2, now.Version);
        Assert.Equal(results.Single(r => r.Error == SessionError.None).DataJson, now.DataJson);
    }

    [Fact]
    public async Task RemovingADeviceRevokesItsSessionsOnly()
    {
        var userId = TestTenants.NewUserId();
        var phone1 = await SignInAsync(userId, "phone");
        var phone2 = await SignInAsync(userId, "phone");
        var laptop = await SignInAsync(userId, "laptop");
        var user = Grains.GetUserGrain(Acme, userId);

        Assert.Equal(2, await user.RemoveDeviceAsync("phone"));
        Assert.Null(await user.RemoveDeviceAsync("phone"));

        Assert.Equal(SessionError.SessionRevoked, (await Grains.ValidateAsync(Acme, phone1.Tokens!.AccessToken)).Error);
        Assert.Equal(SessionError.SessionRevoked, (await Grains.ValidateAsync(Acme, phone2.Tokens!.AccessToken)).Error);
        Assert.True((await Grains.ValidateAsync(Acme, laptop.Tokens!.AccessToken)).Succeeded);
        var devices = await user.ListDevicesAsync();
        Assert.Equal("laptop", Assert.Single(devices).DeviceId);
        Assert.Equal(1, devices[0].ActiveSessions);
    }

    [Fact]
    public async Task ALinkHandsOverOneSessionToTheApprovingUser()
    {
        var userId = TestTenants.NewUserId();
        var phone = await SignInAsync(userId, "phone");
        var linkId = NewLinkId();
        var started = await Link(linkId).StartAsync(new DeviceInfo { Id = "tv", Name = "TV" }, null);
        Assert.Equal(linkId, await ResolveAsync(started.UserCode));

        Assert.Equal(DeviceLinkError.None, await Link(linkId).ApproveAsync(userId, phone.Session!.SessionId));
        Assert.Null(await ResolveAsync(started.UserCode)); // the code is freed at once
        var first = await Link(linkId).PollAsync();
        var second = await Link(linkId).PollAsync();

        Assert.Equal(DeviceLinkStatus.Approved, first.Status);
        Assert.Equal(userId, first.Session!.UserId);
        Assert.Equal("tv", first.Session.Device.Id);
        Assert.True((await Grains.ValidateAsync(Acme, first.Tokens!.AccessToken)).Succeeded);
        Assert.Equal(DeviceLinkStatus.Consumed, second.Status);
        Assert.Null(second.Tokens);
        Assert.Equal(DeviceLinkKinds.Link, (await Grains.GetUserGrain(Acme, userId).ListDevicesAsync()).Single(d => d.DeviceId == "tv").LinkedVia);
    }

    [Fact]
    public async Task AnUnapprovedLinkExpires()
    {
        var linkId = NewLinkId();
        var started = await Link(linkId).StartAsync(new DeviceInfo { Id = "tv" }, null);

        fixture.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(DeviceLinkError.Expired, await Link(linkId).ApproveAsync(TestTenants.NewUserId(), "x"));
        Assert.Equal(DeviceLinkStatus.Expired, (await Link(linkId).PollAsync()).Status);
        Assert.Equal(DeviceLinkError.NotFound, (await Link(NewLinkId()).PollAsync()).Error);
        Assert.NotNull(started.UserCode);
    }

    [Fact]
    public async Task ErasingTheApproverWithdrawsTheLinkAndEverythingElse()
    {
        var userId = TestTenants.NewUserId();
        var phone = await SignInAsync(userId, "phone");
        var linkId = NewLinkId();
        await Link(linkId).StartAsync(new DeviceInfo { Id = "tv" }, null);
        Assert.Equal(DeviceLinkError.None, await Link(linkId).ApproveAsync(userId, phone.Session!.SessionId));
        var user = Grains.GetUserGrain(Acme, userId);

        await user.EraseAsync();

        Assert.Equal(DeviceLinkStatus.Expired, (await Link(linkId).PollAsync()).Status);
        Assert.Equal(SessionError.SessionNotFound, (await Grains.GetSessionGrain(Acme, phone.Session.SessionId).GetAsync()).Error);
        Assert.Empty(await user.ListSessionsAsync());
        Assert.Empty(await user.ListDevicesAsync());
        Assert.Empty(await user.GetEventsAsync(100));
    }
}
