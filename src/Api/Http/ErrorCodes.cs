namespace SessionCluster.Api.Http;

/// <summary>The API's stable error codes (docs/api.md). Add codes; never rename one.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string PayloadTooLarge = "payload_too_large";
    public const string ApiKeyInvalid = "api_key_invalid";
    public const string TokenInvalid = "token_invalid";
    public const string AccessTokenExpired = "access_token_expired";
    public const string SessionNotFound = "session_not_found";
    public const string SessionExpired = "session_expired";
    public const string SessionRevoked = "session_revoked";
    public const string RefreshTokenReused = "refresh_token_reused";
    public const string SessionLimitReached = "session_limit_reached";
    public const string VersionConflict = "version_conflict";
    public const string SessionExists = "session_exists";
    public const string DeviceNotFound = "device_not_found";
    public const string LinkNotFound = "link_not_found";
    /// <summary>Added with the tenant feed: no webhook of that name is configured for the caller's tenant (404).</summary>
    public const string WebhookNotFound = "webhook_not_found";
    public const string LinkExpired = "link_expired";
    public const string RateLimited = "rate_limited";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string ClusterUnavailable = "cluster_unavailable";
    public const string StorageUnavailable = "storage_unavailable";
    public const string InternalError = "internal_error";
    public const string MfaNotEnrolled = "mfa_not_enrolled";
    public const string MfaAlreadyEnrolled = "mfa_already_enrolled";
    public const string MfaCodeInvalid = "mfa_code_invalid";
    public const string MfaLocked = "mfa_locked";
    public const string MfaResetRequired = "mfa_reset_required";
    public const string CsrfInvalid = "csrf_invalid";
    public const string StepUpRequired = "step_up_required";
}
