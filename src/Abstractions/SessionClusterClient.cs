namespace SessionCluster;

/// <summary>
/// The calls a .NET service makes when it talks to the cluster as an Orleans client
/// (the same calls the HTTP API makes). All are scoped to one tenant.
/// </summary>
public static class SessionClusterClient
{
    /// <summary>The grain of a session of a tenant.</summary>
    public static ISessionGrain GetSessionGrain(this IGrainFactory grains, string tenantId, string sessionId) =>
        References<ISessionGrain>.Get(grains, GrainKeys.Session(tenantId, sessionId));

    /// <summary>The grain of a user of a tenant.</summary>
    public static IUserGrain GetUserGrain(this IGrainFactory grains, string tenantId, string userId) =>
        References<IUserGrain>.Get(grains, GrainKeys.User(tenantId, userId));

    /// <summary>The grain of a device link of a tenant.</summary>
    public static IDeviceLinkGrain GetDeviceLinkGrain(this IGrainFactory grains, string tenantId, string linkId) =>
        grains.GetGrain<IDeviceLinkGrain>(GrainKeys.Scoped(tenantId, linkId));

    /// <summary>The code → link lookup of a tenant; <paramref name="userCode"/> as <see cref="UserCodes.Normalize"/> gives it.</summary>
    public static IUserCodeGrain GetUserCodeGrain(this IGrainFactory grains, string tenantId, string userCode) =>
        grains.GetGrain<IUserCodeGrain>(GrainKeys.Scoped(tenantId, userCode));

    /// <summary>The second factor (TOTP) of a user of a tenant.</summary>
    public static IMfaGrain GetMfaGrain(this IGrainFactory grains, string tenantId, string userId) =>
        grains.GetGrain<IMfaGrain>(GrainKeys.User(tenantId, userId));

    /// <summary>Opens a session for a user the caller has authenticated.</summary>
    public static Task<SessionResult> CreateSessionAsync(this IGrainFactory grains, string tenantId, CreateSessionCommand command) =>
        grains.GetUserGrain(tenantId, command.UserId).CreateSessionAsync(command);

    /// <summary>Validates an access token of this tenant; a token of any other tenant is <see cref="SessionError.TokenInvalid"/>.</summary>
    public static Task<SessionResult> ValidateAsync(this IGrainFactory grains, string tenantId, string? accessToken, ClientInfo? client = null) =>
        Route(grains, tenantId, accessToken) is { } route
            ? route.Grain.ValidateAsync(route.Secret, client)
            : Task.FromResult(SessionResult.Fail(SessionError.TokenInvalid));

    /// <summary>Checks an access token of this tenant without recording activity (see <see cref="ISessionGrain.PeekAsync"/>).</summary>
    public static Task<SessionResult> PeekAsync(this IGrainFactory grains, string tenantId, string? accessToken) =>
        Route(grains, tenantId, accessToken) is { } route
            ? route.Grain.PeekAsync(route.Secret)
            : Task.FromResult(SessionResult.Fail(SessionError.TokenInvalid));

    /// <summary>Exchanges a refresh token of this tenant for a new pair.</summary>
    public static Task<SessionResult> RefreshAsync(this IGrainFactory grains, string tenantId, string? refreshToken, ClientInfo? client = null) =>
        Route(grains, tenantId, refreshToken) is { } route
            ? route.Grain.RefreshAsync(route.Secret, client)
            : Task.FromResult(SessionResult.Fail(SessionError.TokenInvalid));

    /// <summary>Reads the tenant out of a well-formed token (for callers that hold only the token, like a browser).</summary>
    public static bool TryGetTenant(string? token, out string tenantId) => SessionToken.TryParse(token, out tenantId, out _, out _);

    /// <summary>
    /// <c>GetGrain&lt;T&gt;(string)</c> resolves the interface and grain type by reflection on every call (about 9% of
    /// a validate's CPU in the profile). Both are fixed per interface, so the first reference tells them and later
    /// references are built from the id directly.
    /// </summary>
    private static class References<TGrain> where TGrain : IGrainWithStringKey
    {
        // A reference type, so a reader never sees half of a write.
        private static Types? _types;

        public static TGrain Get(IGrainFactory grains, string key)
        {
            if (_types is { } types)
            {
                return (TGrain)grains.GetGrain(GrainId.Create(types.Type, key), types.Interface);
            }
            var reference = grains.GetGrain<TGrain>(key);
            _types = new Types(reference.GetGrainId().Type, ((GrainReference)(object)reference).InterfaceType);
            return reference;
        }

        private sealed record Types(GrainType Type, GrainInterfaceType Interface);
    }

    private static (ISessionGrain Grain, string Secret)? Route(IGrainFactory grains, string tenantId, string? token)
    {
        if (!SessionToken.TryParse(token, out var tokenTenant, out var sessionId, out var secret)
            || !string.Equals(tokenTenant, tenantId, StringComparison.Ordinal))
        {
            return null;
        }
        return (grains.GetSessionGrain(tenantId, sessionId), secret);
    }
}
