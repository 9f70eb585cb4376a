using System.Text.Json;
using SessionCluster.Api.Http;

namespace SessionCluster.Api.Contracts;

/// <summary>Field rules shared by every endpoint (docs/api.md: identifiers 1–256 characters, data ≤ 16 KiB).</summary>
public static class RequestRules
{
    public const int MaxIdentifierLength = 256;
    public const int MaxTextLength = 512;

    public static string Identifier(string field, string? value)
    {
        if (value is null)
        {
            throw ApiProblem.Validation(field, $"{field} is required.");
        }
        if (value.Length is 0 or > MaxIdentifierLength || value.Any(char.IsControl))
        {
            throw ApiProblem.Validation(field, $"{field} must be 1-{MaxIdentifierLength} characters without control characters.");
        }
        return value;
    }

    public static string? Text(string field, string? value) =>
        value is { Length: > MaxTextLength }
            ? throw ApiProblem.Validation(field, $"{field} must be at most {MaxTextLength} characters.")
            : value;

    public static string Required(string field, string? value) =>
        string.IsNullOrEmpty(value) ? throw ApiProblem.Validation(field, $"{field} is required.") : value;

    /// <summary>A TOTP code as typed: six digits (spaces are not stripped; the app does that).</summary>
    public static string TotpCode(string? code) =>
        SessionCluster.Grains.Domain.TotpCodes.IsWellFormed(code) ? code : throw ApiProblem.Validation("code", "code must be the 6 digits the authenticator app shows.");

    public static ClientInfo? Client(ClientDto? client) => client is null ? null : new ClientInfo
    {
        Ip = Text("client.ip", client.Ip),
        UserAgent = Text("client.userAgent", client.UserAgent),
    };

    /// <summary>Session data is a JSON object of at most 16 KiB serialized.</summary>
    public static string? Data(JsonElement? data)
    {
        if (data is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ApiProblem.Validation("data", "data must be a JSON object.");
        }
        var text = element.GetRawText();
        if (System.Text.Encoding.UTF8.GetByteCount(text) > CreateSessionRequest.MaxDataBytes)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ErrorCodes.PayloadTooLarge, "Session data is larger than 16 KiB.",
                new Dictionary<string, string[]> { ["data"] = ["data must be at most 16 KiB serialized."] });
        }
        return text;
    }
}
