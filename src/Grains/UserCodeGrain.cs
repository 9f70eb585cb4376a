using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace SessionCluster.Grains;

/// <summary>The code → link lookup. Holds nothing once its link is approved, expired or withdrawn.</summary>
[GrainType(GrainTypes.UserCode)]
internal sealed class UserCodeGrain(
    [PersistentState(StateNames.UserCode, StorageNames.Links)] IPersistentState<UserCodeState> state,
    DeepCopier<UserCodeState> copier,
    [FromKeyedServices(Clock.ServiceKey)] TimeProvider time) : Grain, IUserCodeGrainInternal
{
    public async Task<bool> ClaimAsync(string linkId, DateTimeOffset expiresAt)
    {
        if (state.State.LinkId is { } holder && holder != linkId && time.GetUtcNow() < state.State.ExpiresAt)
        {
            return false;
        }
        var change = StateChange<UserCodeState>.Begin(state, copier);
        state.State.LinkId = linkId;
        state.State.ExpiresAt = expiresAt;
        await change.WriteAsync();
        return true;
    }

    /// <summary>The holder even past its expiry (until released), so an approver learns "expired" rather than "not found".</summary>
    public Task<string?> ResolveAsync() => Task.FromResult(state.State.LinkId);

    public async Task ReleaseAsync(string linkId)
    {
        // Only the link that holds the code frees it: after its expiry another link may have claimed it.
        if (state.State.LinkId == linkId)
        {
            await state.ClearStateAsync();
            DeactivateOnIdle();
        }
    }
}
