using Microsoft.AspNetCore.Mvc;

namespace SessionCluster.Api.Http;

/// <summary>An error answer: status, stable code, a title for humans, and for validation the offending fields.</summary>
public sealed class ApiProblemException(int status, string code, string title, IDictionary<string, string[]>? errors = null)
    : Exception(title)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IDictionary<string, string[]>? Errors { get; } = errors;

    /// <summary>A <c>WWW-Authenticate</c> challenge to send with a 401 (the exception handler clears headers set earlier).</summary>
    public string? Challenge { get; init; }

    /// <summary>A <c>Retry-After</c> to send (a 429), for the same reason.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public ProblemDetails ToProblemDetails() => ApiProblem.Details(Status, Code, Title, Errors);

    private string Title => Message;
}
