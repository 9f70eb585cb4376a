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
        var device = Device?.ToDeviceInfo();
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
