using Microsoft.Extensions.DependencyInjection;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains;

[GrainType(GrainTypes.User)]
internal sealed class UserGrain(
    [PersistentState(StateNames.User, StorageNames.Users)] IPersistentState<UserState> state,
    ITenantPolicies policies,
    [FromKeyedServices(Clock.ServiceKey)] TimeProvider time) : Grain, IUserGrain
{
    private string _tenantId = "";
    private string _userId = "";

    private Dictionary<string, UserSessionEntry> Index => state.State.Sessions;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _userId) = GrainKeys.Split(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<SessionResult> CreateSessionAsync(CreateSessionCommand command)
    {
        if (!string.Equals(command.UserId, _userId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The command is for user '{command.UserId}', not this grain's user.", nameof(command));
        }
        var policy = policies.Get(_tenantId);
        if (policy.MaxSessionsPerUser > 0)
        {
            var active = await ActiveSessionsAsync();
            if (active.Count >= policy.MaxSessionsPerUser)
            {
                if (policy.SessionLimitAction == SessionLimitAction.RejectNew)
                {
                    return SessionResult.Fail(SessionError.SessionLimitReached);
                }
                // Evict the least recently used sessions until the new one fits.
                foreach (var victim in active.OrderBy(s => s.LastSeenAt).Take(active.Count - policy.MaxSessionsPerUser + 1))
                {
                    await GrainFactory.GetSessionGrain(_tenantId, victim.SessionId).RevokeAsync("session_limit_evicted");
                    Index.Remove(victim.SessionId);
                }
            }
        }

        var device = command.Device ?? new DeviceInfo();
        if (string.IsNullOrEmpty(device.Id))
        {
            device = device with { Id = "dev_" + TokenCrypto.NewSessionId() };
        }
        var sessionId = TokenCrypto.NewSessionId();
        // Index first: a session that exists is always findable; an entry whose creation failed is pruned on read.
        Index[sessionId] = new UserSessionEntry { DeviceId = device.Id!, CreatedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        var result = await GrainFactory.GetSessionGrain(_tenantId, sessionId).CreateAsync(command with { Device = device });
        if (!result.Succeeded)
        {
            Index.Remove(sessionId);
            await SaveAsync();
        }
        return result;
    }

    public async Task<IReadOnlyList<SessionView>> ListSessionsAsync() =>
        [.. (await ActiveSessionsAsync()).OrderByDescending(s => s.CreatedAt)];

    public async Task<int> RevokeAllAsync(string? exceptSessionId, string reason)
    {
        var targets = Index.Keys.Where(id => !string.Equals(id, exceptSessionId, StringComparison.Ordinal)).ToList();
        var revoked = await Task.WhenAll(targets.Select(id => GrainFactory.GetSessionGrain(_tenantId, id).RevokeAsync(reason)));
        foreach (var id in targets)
        {
            Index.Remove(id);
        }
        await SaveAsync();
        return revoked.Count(r => r);
    }

    public async Task SessionEndedAsync(string sessionId)
    {
        if (Index.Remove(sessionId))
        {
            await SaveAsync();
        }
    }

    /// <summary>Asks every indexed session for its state; forgets the ones that are gone or dead.</summary>
    private async Task<List<SessionView>> ActiveSessionsAsync()
    {
        var ids = Index.Keys.ToList();
        var results = await Task.WhenAll(ids.Select(id => GrainFactory.GetSessionGrain(_tenantId, id).GetAsync()));
        var active = new List<SessionView>();
        var pruned = false;
        for (var i = 0; i < ids.Count; i++)
        {
            if (results[i] is { Succeeded: true, Session: { Status: SessionStatus.Active } view })
            {
                active.Add(view);
            }
            else
            {
                pruned |= Index.Remove(ids[i]);
            }
        }
        if (pruned)
        {
            await SaveAsync();
        }
        return active;
    }

    /// <summary>A user with no sessions keeps no state.</summary>
    private Task SaveAsync() => Index.Count == 0 ? state.ClearStateAsync() : state.WriteStateAsync();
}
