using Microsoft.AspNetCore.Http.HttpResults;
using SessionCluster.Api.Contracts;

namespace SessionCluster.Api.Http;

/// <summary>What step-up and TOTP endpoints share: reading the request and answering a refused code.</summary>
public static class MfaAnswers
{
    public const string TotpMethod = "totp";

    public static (string Code, ClientInfo? Client) ReadStepUp(StepUpRequest request)
    {
        if (!string.Equals(request.Method, TotpMethod, StringComparison.Ordinal))
        {
            throw ApiProblem.Validation("method", "method must be \"totp\".");
        }
        return (RequestRules.TotpCode(request.Code), RequestRules.Client(request.Client));
    }

    /// <summary>The problem for a refused step-up or code; a lock says when to try again (<c>Retry-After</c>).</summary>
    public static ProblemHttpResult Problem(SessionError error, DateTimeOffset? retryAt, HttpResponse response)
    {
        if (retryAt is { } at)
        {
            RetryAfter.Set(response, at - DateTimeOffset.UtcNow);
        }
        return ApiProblem.For(error, ApiProblem.DeadAs.Gone);
    }
}
