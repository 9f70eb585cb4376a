using Microsoft.Extensions.Logging;

namespace SessionCluster.AspNetCore;

/// <summary>The package's log lines. Tokens never appear in them: sessions are named by id only.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "SessionCluster could not validate a session ({Code}); answering {Status}, not signing the user out")]
    public static partial void ValidationUnavailable(ILogger logger, string code, int status, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "SessionCluster refused this app's API key ({Code}); check SessionCluster:Client:ApiKey. Answering 503")]
    public static partial void ApiKeyRefused(ILogger logger, string code);

    [LoggerMessage(3, LogLevel.Warning, "Identity headers from {Address}, which is not in SessionCluster:Client:TrustedProxies, were ignored")]
    public static partial void UntrustedIdentityHeaders(ILogger logger, string? address);

    [LoggerMessage(4, LogLevel.Information, "Tenant event feed connected; cached validations are evicted as revocations arrive")]
    public static partial void FeedConnected(ILogger logger);

    [LoggerMessage(5, LogLevel.Warning, "Tenant event feed lost ({Reason}); cached validations stay bounded by MaxStaleness; reconnecting in {Delay}")]
    public static partial void FeedLost(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(6, LogLevel.Debug, "Feed event {Type} evicted {Count} cached validation(s)")]
    public static partial void Evicted(ILogger logger, string type, int count);

    [LoggerMessage(7, LogLevel.Warning, "Touch of session {SessionId} failed ({Code}); its activity reaches the cluster with its next validation")]
    public static partial void TouchFailed(ILogger logger, string sessionId, string code);

    [LoggerMessage(8, LogLevel.Warning, "SessionCluster answered {Status} {Code} to a validation; treated as not authenticated")]
    public static partial void UnexpectedValidationAnswer(ILogger logger, int status, string code);
}
