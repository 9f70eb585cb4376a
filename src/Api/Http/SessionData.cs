using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionCluster.Api.Contracts;

namespace SessionCluster.Api.Http;

/// <summary>
/// Session data over HTTP, shared by <c>/v1/sessions/{id}/data</c> and <c>/v1/me/data</c>: the version is the
/// ETag, and a PUT with <c>If-Match</c> succeeds only on that version (412 <c>version_conflict</c> otherwise).
/// </summary>
public static class SessionData
{
    public static async Task<Results<Ok<DataDto>, ProblemHttpResult>> GetAsync(ISessionGrain session, HttpResponse response) =>
        Answer(await ClusterRetry.RunAsync(session.GetDataAsync), response);

    public static async Task<Results<Ok<DataDto>, ProblemHttpResult>> PutAsync(ISessionGrain session, DataRequest request, HttpContext context)
    {
        var data = RequestRules.Data(request.Data) ?? throw ApiProblem.Validation("data", "data is required (a JSON object).");
        var expected = IfMatch(context.Request.Headers.IfMatch.ToString());
        return Answer(await session.PutDataAsync(data, expected), context.Response);
    }

    /// <summary>No header or <c>*</c>: unconditional. <c>"7"</c> (or <c>W/"7"</c>): only if the data is at version 7.</summary>
    public static long? IfMatch(string header)
    {
        var value = header.Trim();
        if (value.Length == 0 || value == "*")
        {
            return null;
        }
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        if (value.Length > 2 && value[0] == '"' && value[^1] == '"'
            && long.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }
        throw ApiProblem.Validation("If-Match", "If-Match must be the ETag of the data (e.g. \"3\") or *.");
    }

    private static Results<Ok<DataDto>, ProblemHttpResult> Answer(DataResult result, HttpResponse response)
    {
        if (result.Error == SessionError.VersionConflict)
        {
            response.Headers.ETag = ETag(result.Version);
        }
        if (result.Error != SessionError.None)
        {
            return ApiProblem.For(result.Error, ApiProblem.DeadAs.Gone);
        }
        response.Headers.ETag = ETag(result.Version);
        using var document = JsonDocument.Parse(result.DataJson);
        return TypedResults.Ok(new DataDto(document.RootElement.Clone(), result.Version));
    }

    private static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
