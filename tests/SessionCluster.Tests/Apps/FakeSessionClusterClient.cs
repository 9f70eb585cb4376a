using System.Collections.Concurrent;
using System.Text.Json;
using SessionCluster.AspNetCore.Client;

namespace SessionCluster.Tests.Apps;

/// <summary>A scripted cluster for the handler's unit tests: tokens map to answers; every call is counted.</summary>
internal sealed class FakeSessionClusterClient : ISessionClusterClient
{
    public ConcurrentDictionary<string, Func<SessionInfo>> Answers { get; } = new();

    public int Validations;
    public int Extends;
    public ConcurrentQueue<string> Revoked { get; } = new();
    public ConcurrentQueue<string> RevokedUsers { get; } = new();
    public ConcurrentQueue<ClientDetails?> Clients { get; } = new();

    public static SessionInfo Session(string userId = "ann", string? sessionId = null, int aal = 1, bool stepUp = false, TimeSpan? idle = null, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        return new SessionInfo
        {
            SessionId = sessionId ?? Guid.NewGuid().ToString("N")[..22],
            UserId = userId,
            DeviceId = "dev-1",
            Aal = aal,
            StepUpRequired = stepUp,
            CreatedAt = at,
            LastSeenAt = at,
            IdleExpiresAt = at + (idle ?? TimeSpan.FromMinutes(30)),
            AbsoluteExpiresAt = at + TimeSpan.FromHours(12),
            AccessTokenExpiresAt = at + TimeSpan.FromMinutes(15),
        };
    }

    public Task<SessionInfo> ValidateAsync(string accessToken, ClientDetails? client = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Validations);
        Clients.Enqueue(client);
        return Answers.TryGetValue(accessToken, out var answer)
            ? Task.FromResult(answer())
            : throw new SessionClusterException(401, "token_invalid", "The token is not valid.");
    }

    public Task<SessionInfo> ExtendSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Extends);
        return Task.FromResult(Session(sessionId: sessionId));
    }

    public Task RevokeSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        Revoked.Enqueue(sessionId);
        return Task.CompletedTask;
    }

    public Task<int> RevokeUserSessionsAsync(string userId, string? exceptSessionId = null, CancellationToken cancellationToken = default)
    {
        RevokedUsers.Enqueue(userId);
        return Task.FromResult(1);
    }

    public Task<IssuedSession> CreateSessionAsync(NewSession session, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IssuedSession> RefreshAsync(string refreshToken, ClientDetails? client = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<SessionInfo> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<SessionData> GetDataAsync(string sessionId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<SessionData> PutDataAsync(string sessionId, JsonElement data, long? expectedVersion = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IssuedSession> StepUpAsync(string sessionId, string totpCode, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<SessionInfo>> ListUserSessionsAsync(string userId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<UserDevice>> ListDevicesAsync(string userId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task RemoveDeviceAsync(string userId, string deviceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<SessionEventInfo>> ListUserEventsAsync(string userId, int limit = 100, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<TotpEnrolmentInfo> EnrolTotpAsync(string userId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task ConfirmTotpAsync(string userId, string code, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task EraseUserAsync(string userId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<DeviceLinkInfo> StartDeviceLinkAsync(DeviceDetails? device = null, ClientDetails? client = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<DeviceLinkApproval> ApproveDeviceLinkAsync(string userCode, string accessToken, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<DeviceLinkState> PollDeviceLinkAsync(string linkId, int waitSeconds = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
