using System.Text.Json;
using SessionCluster.Api.Http;

namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/sessions. Fields are nullable so a missing one is reported by name, not as a parse error.</summary>
public sealed record CreateSessionRequest(
    string? UserId,
    DeviceRequestDto? Device,
    ClientDto? Client,
    JsonElement? Data,
    bool? RememberMe,
    int? Aal)
{
    public const int MaxDataBytes = 16 * 1024;

    public CreateSessionCommand ToCommand()
    {
        var userId = RequestRules.Identifier("userId", UserId);
        var device = Device is null ? null : new DeviceInfo
        {
            Id = Device.Id is null ? null : RequestRules.Identifier("device.id", Device.Id),
            Name = RequestRules.Text("device.name", Device.Name),
            Type = RequestRules.Text("device.type", Device.Type),
        };
        if (Aal is not (null or 1 or 2))
        {
            throw ApiProblem.Validation("aal", "aal must be 1 or 2.");
        }
        return new CreateSessionCommand
        {
            UserId = userId,
            Device = device,
            Client = RequestRules.Client(Client),
            DataJson = RequestRules.Data(Data),
            RememberMe = RememberMe ?? false,
            Aal = Aal ?? 1,
        };
    }
}

/// <summary>POST /v1/sessions/validate.</summary>
public sealed record ValidateRequest(string? AccessToken, ClientDto? Client);

/// <summary>POST /v1/sessions/refresh.</summary>
public sealed record RefreshRequest(string? RefreshToken, ClientDto? Client);

/// <summary>POST /v1/device-links: the new device describes itself.</summary>
public sealed record StartLinkRequest(DeviceRequestDto? Device, ClientDto? Client);

/// <summary>POST /v1/device-links/approve: a signed-in session of the user approves the typed code.</summary>
public sealed record ApproveLinkRequest(string? UserCode, string? AccessToken);

/// <summary>POST /v1/sessions/{id}/step-up and /v1/me/step-up.</summary>
public sealed record StepUpRequest(string? Method, string? Code, ClientDto? Client);

/// <summary>POST /v1/users/{id}/totp/confirm.</summary>
public sealed record TotpCodeRequest(string? Code);

/// <summary>POST /v1/me/cookie: the refresh token the app handed over; the pair it yields goes into cookies only.</summary>
public sealed record CookieRequest(string? RefreshToken, ClientDto? Client);

/// <summary>PUT .../data.</summary>
public sealed record DataRequest(JsonElement? Data);

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
