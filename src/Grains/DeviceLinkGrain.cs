using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace SessionCluster.Grains;

/// <summary>
/// A new device asking to join a signed-in user (RFC 8628 in spirit). The session is created when the new
/// device collects it, never before, so no token is ever stored while it waits. Expiry is computed at every
/// call; a grain timer frees the code at expiry, and a reminder removes the link's state afterwards.
/// </summary>
[GrainType(GrainTypes.DeviceLink)]
internal sealed class DeviceLinkGrain(
    [PersistentState(StateNames.DeviceLink, StorageNames.Links)] IPersistentState<DeviceLinkState> state,
    DeepCopier<DeviceLinkState> copier,
    ITenantPolicies policies,
    [FromKeyedServices(Clock.ServiceKey)] TimeProvider time) : Grain, IDeviceLinkGrainInternal, IRemindable
{
    private const string CleanupReminder = "cleanup";
    private const int CodeAttempts = 16;
    private static readonly TimeSpan MinimumReminderPeriod = TimeSpan.FromMinutes(1);

    private string _tenantId = "";
    private string _linkId = "";
    private IGrainTimer? _expiryTimer;

    private DeviceLinkState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _linkId) = GrainKeys.Split(this.GetPrimaryKeyString());
        ArmExpiryTimer();
        return Task.CompletedTask;
    }

    public async Task<DeviceLinkStart> StartAsync(DeviceInfo device, ClientInfo? client)
    {
        if (S.Exists)
        {
            throw new InvalidOperationException("A device link is started once.");
        }
        var now = time.GetUtcNow();
        var lifetime = policies.Get(_tenantId).DeviceLinkLifetime;
        var expiresAt = now + lifetime;
        // The state goes a lifetime after expiry, whether or not anyone calls again; scheduled before anything is
        // written, so a refusal leaves nothing behind (a reminder that finds no link ends itself).
        var period = lifetime < MinimumReminderPeriod ? MinimumReminderPeriod : lifetime;
        try
        {
            await this.RegisterOrUpdateReminder(CleanupReminder, lifetime + period, period);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new StorageUnavailableException("The link's cleanup reminder could not be registered.", ex);
        }
        string? code = null;
        for (var attempt = 0; attempt < CodeAttempts && code is null; attempt++)
        {
            var candidate = new string(RandomNumberGenerator.GetItems<char>(UserCodes.Alphabet, UserCodes.Length));
            if (await Code(candidate).ClaimAsync(_linkId, expiresAt))
            {
                code = candidate;
            }
        }
        var change = Begin();
        S.UserCode = code ?? throw new InvalidOperationException("No free user code after several attempts.");
        S.Status = DeviceLinkStatus.Pending;
        S.Device = device;
        S.Client = client ?? new ClientInfo();
        S.CreatedAt = now;
        S.ExpiresAt = expiresAt;
        await change.WriteAsync();
        ArmExpiryTimer();
        return new DeviceLinkStart { LinkId = _linkId, UserCode = UserCodes.Display(code), ExpiresAt = expiresAt };
    }

    public async Task<DeviceLinkError> ApproveAsync(string userId, string approverSessionId)
    {
        if (!S.Exists)
        {
            return DeviceLinkError.NotFound;
        }
        if (await ExpireIfDueAsync())
        {
            return DeviceLinkError.Expired;
        }
        if (S.Status != DeviceLinkStatus.Pending)
        {
            return DeviceLinkError.NotFound; // single-use
        }
        var approver = await Approver(approverSessionId).GetApproverAsync();
        if (!approver.Active || approver.UserId != userId)
        {
            return DeviceLinkError.NotFound;
        }
        if (approver.StepUpRequired)
        {
            return DeviceLinkError.StepUpRequired; // a session the tenant no longer trusts cannot vouch for a new device
        }
        // The user learns of the link first: if the approval is then refused, the user holds a link that never came
        // (swept later), never an approved link the user does not know of (and so could not erase).
        await GrainFactory.UserInternal(_tenantId, userId).LinkApprovedAsync(_linkId);
        var change = Begin();
        S.Status = DeviceLinkStatus.Approved;
        S.ApprovedUserId = userId;
        S.ApprovedBySessionId = approverSessionId;
        // The new device has a fresh lifetime from approval to collect its session.
        S.ExpiresAt = time.GetUtcNow() + policies.Get(_tenantId).DeviceLinkLifetime;
        await change.WriteAsync();
        await Code(S.UserCode!).ReleaseAsync(_linkId);
        ArmExpiryTimer();
        return DeviceLinkError.None;
    }

    public async Task<DeviceLinkPoll> PollAsync()
    {
        if (!S.Exists)
        {
            return new DeviceLinkPoll { Error = DeviceLinkError.NotFound };
        }
        await ExpireIfDueAsync();
        if (S.Status != DeviceLinkStatus.Approved)
        {
            return new DeviceLinkPoll { Status = S.Status };
        }
        // The approver is asked again at hand-over: revoked, expired, signed out by NotBefore or flagged since, it no
        // longer vouches, and nothing is handed over.
        var approver = await Approver(S.ApprovedBySessionId!).GetApproverAsync();
        var created = approver.Active && !approver.StepUpRequired && approver.UserId == S.ApprovedUserId
            ? await GrainFactory.UserInternal(_tenantId, S.ApprovedUserId!).CreateLinkedSessionAsync(
                new CreateSessionCommand { UserId = S.ApprovedUserId!, Device = S.Device, Client = S.Client }, _linkId, approver)
            : SessionResult.Fail(SessionError.SessionRevoked);
        // Spent either way: a link hands over at most one session.
        var change = Begin();
        S.Status = created.Succeeded ? DeviceLinkStatus.Consumed : DeviceLinkStatus.Expired;
        S.SessionId = created.Session?.SessionId;
        try
        {
            await change.WriteAsync();
        }
        catch when (created.Session is { } orphan)
        {
            // Its tokens are never handed over (the caller gets an error and may poll again); end it if storage lets us.
            try
            {
                await GrainFactory.GetSessionGrain(_tenantId, orphan.SessionId).RevokeAsync("link_not_collected");
            }
            catch (StorageUnavailableException)
            {
                // Still refused: nobody holds its tokens, so it idles out.
            }
            throw;
        }
        return created.Succeeded
            ? new DeviceLinkPoll { Status = DeviceLinkStatus.Approved, Session = created.Session, Tokens = created.Tokens }
            : new DeviceLinkPoll { Status = DeviceLinkStatus.Expired };
    }

    public async Task CancelAsync()
    {
        if (S.Exists && S.Status is DeviceLinkStatus.Pending or DeviceLinkStatus.Approved)
        {
            var change = Begin();
            S.Status = DeviceLinkStatus.Expired;
            // Withdrawn for the approving user (erased, or signed out everywhere): keep nothing that describes them.
            S.Client = new ClientInfo();
            S.ApprovedUserId = null;
            S.ApprovedBySessionId = null;
            await change.WriteAsync();
            await Code(S.UserCode!).ReleaseAsync(_linkId);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!S.Exists)
        {
            await UnregisterCleanupAsync();
            return;
        }
        await ExpireIfDueAsync();
        if (S.Status is DeviceLinkStatus.Consumed or DeviceLinkStatus.Expired
            && time.GetUtcNow() >= S.ExpiresAt + policies.Get(_tenantId).DeviceLinkLifetime)
        {
            await state.ClearStateAsync();
            await UnregisterCleanupAsync();
            DeactivateOnIdle();
        }
    }

    /// <summary>Computed expiry: true when the link is (now) expired.</summary>
    private async Task<bool> ExpireIfDueAsync()
    {
        if (S.Status is DeviceLinkStatus.Pending or DeviceLinkStatus.Approved && time.GetUtcNow() >= S.ExpiresAt)
        {
            var change = Begin();
            S.Status = DeviceLinkStatus.Expired;
            await change.WriteAsync();
            await Code(S.UserCode!).ReleaseAsync(_linkId);
        }
        return S.Status == DeviceLinkStatus.Expired;
    }

    /// <summary>Frees the code as soon as the link expires (not needed for correctness: expiry is computed). One timer at a time.</summary>
    private void ArmExpiryTimer()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        if (!S.Exists || S.Status is not (DeviceLinkStatus.Pending or DeviceLinkStatus.Approved))
        {
            return;
        }
        var due = S.ExpiresAt - time.GetUtcNow();
        _expiryTimer = this.RegisterGrainTimer(async _ => await ExpireIfDueAsync(),
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private async Task UnregisterCleanupAsync()
    {
        if (await this.GetReminder(CleanupReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Starts an acknowledged change (see <see cref="StateChange{T}"/>).</summary>
    private StateChange<DeviceLinkState> Begin() => StateChange<DeviceLinkState>.Begin(state, copier);

    private IUserCodeGrainInternal Code(string code) => GrainFactory.UserCodeInternal(_tenantId, code);

    private ISessionGrainInternal Approver(string sessionId) => GrainFactory.SessionInternal(_tenantId, sessionId);
}
