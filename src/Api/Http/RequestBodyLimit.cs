using Microsoft.AspNetCore.Http.Features;

namespace SessionCluster.Api.Http;

/// <summary>
/// Request bodies over 64 KiB get 413. Kestrel enforces the limit while reading (chunked bodies too);
/// this also refuses a declared oversize body up front, on any server.
/// </summary>
internal static class RequestBodyLimit
{
    public const long MaxBytes = 64 * 1024;

    /// <summary>The answer to an oversize body, whoever notices it first (this check, or Kestrel while reading).</summary>
    public static ApiProblemException Problem() =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"The request body is larger than {MaxBytes / 1024} KiB.");

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            throw Problem();
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = MaxBytes;
        }
        return next(context);
    });
}
