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

/// <summary>Device linking cannot launder a session: the linked one is bound by what its approver is.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LinkTrustTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;
    private static readonly ClientInfo Home = new() { Ip = "203.0.113.7", UserAgent = "Firefox/140" };
    private static readonly ClientInfo Cafe = new() { Ip = "198.51.100.23", UserAgent = "Firefox/140" };

    private async Task<SessionResult> SignInAsync(string tenant, string userId, string deviceId = "phone")
    {
        var result = await Grains.CreateSessionAsync(tenant, new CreateSessionCommand { UserId = userId, Device = new DeviceInfo { Id = deviceId }, Client = Home });
        Assert.True(result.Succeeded, result.Error.ToString());
        return result;
    }

    private async Task<(IDeviceLinkGrain Link, DeviceLinkError Approval)> ApproveAsync(string tenant, SessionResult approver)
    {
        var link = Grains.GetDeviceLinkGrain(tenant, SessionCluster.Grains.Domain.TokenCrypto.NewSessionId());
        await link.StartAsync(new DeviceInfo { Id = "tv-" + Guid.NewGuid().ToString("N")[..6] }, null);
        return (link, await link.ApproveAsync(approver.Session!.UserId, approver.Session.SessionId));
    }

    [Fact]
    public async Task ALinkedSessionEndsWithItsApproverAndStartsAsRiskyAsIt()
    {
        var userId = TestTenants.NewUserId();
        var phone = await SignInAsync(TestTenants.Acme, userId);
        var grain = Grains.GetSessionGrain(TestTenants.Acme, phone.Session!.SessionId);
        for (var i = 0; i < 18; i++) // six hours of use
        {
            fixture.Time.Advance(TimeSpan.FromMinutes(20));
            Assert.True((await grain.ExtendAsync()).Succeeded);
        }
        var fresh = await Grains.RefreshAsync(TestTenants.Acme, phone.Tokens!.RefreshToken, Home);
        // Seen from another network: risky, so its idle timeout shrinks to RiskIdleTimeout (5 min).
        Assert.True((await Grains.ValidateAsync(TestTenants.Acme, fresh.Tokens!.AccessToken, Cafe)).Succeeded);

        var (link, approval) = await ApproveAsync(TestTenants.Acme, phone);
        Assert.Equal(DeviceLinkError.None, approval);
        var handedOver = (await link.PollAsync()).Session!;

        Assert.Equal(phone.Session!.AbsoluteExpiresAt, handedOver.AbsoluteExpiresAt); // not a fresh 12 h
        Assert.Equal(TimeSpan.FromMinutes(5), handedOver.IdleExpiresAt - handedOver.LastSeenAt);
    }

    [Fact]
    public async Task ASessionThatMustStepUpCannotApproveANewDevice()
    {
        var userId = TestTenants.NewUserId();
        var phone = await SignInAsync(TestTenants.Guarded, userId);
        var flagged = await Grains.ValidateAsync(TestTenants.Guarded, phone.Tokens!.AccessToken, Cafe);
        Assert.True(flagged.Session!.StepUpRequired);

        var (link, approval) = await ApproveAsync(TestTenants.Guarded, phone);

        Assert.Equal(DeviceLinkError.StepUpRequired, approval);
        Assert.Equal(DeviceLinkStatus.Pending, (await link.PollAsync()).Status);
    }

    [Fact]
    public async Task NothingIsHandedOverOnceTheApproverIsRevoked()
    {
        var userId = TestTenants.NewUserId();
        var phone = await SignInAsync(TestTenants.Acme, userId);
        var (link, approval) = await ApproveAsync(TestTenants.Acme, phone);
        Assert.Equal(DeviceLinkError.None, approval);

        await Grains.GetSessionGrain(TestTenants.Acme, phone.Session!.SessionId).RevokeAsync("refresh_token_reused");

        var poll = await link.PollAsync();
        Assert.Equal(DeviceLinkStatus.Expired, poll.Status);
        Assert.Null(poll.Tokens);
        Assert.Empty(await Grains.GetUserGrain(TestTenants.Acme, userId).ListSessionsAsync());
    }

    [Fact]
    public async Task SigningOutEverywhereElseWithdrawsApprovedLinks()
    {
        var userId = TestTenants.NewUserId();
        var phone = await SignInAsync(TestTenants.Acme, userId);
        var (link, approval) = await ApproveAsync(TestTenants.Acme, phone);
        Assert.Equal(DeviceLinkError.None, approval);

        await Grains.GetUserGrain(TestTenants.Acme, userId).RevokeAllAsync(phone.Session!.SessionId, "logout_others");

        var poll = await link.PollAsync();
        Assert.Equal(DeviceLinkStatus.Expired, poll.Status);
        Assert.Null(poll.Tokens);
        Assert.Single(await Grains.GetUserGrain(TestTenants.Acme, userId).ListSessionsAsync()); // the phone only
    }
}
