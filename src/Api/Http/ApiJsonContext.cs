using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using SessionCluster.Api.Contracts;

namespace SessionCluster.Api.Http;

/// <summary>Source-generated JSON for the API's contract types (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcMillisecondsConverter)], MaxDepth = 32)]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(ValidateRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(SessionViewDto))]
[JsonSerializable(typeof(SessionWithTokensDto))]
[JsonSerializable(typeof(MySessionDto))]
[JsonSerializable(typeof(SessionListDto))]
[JsonSerializable(typeof(MySessionListDto))]
[JsonSerializable(typeof(RevokedCountDto))]
[JsonSerializable(typeof(EventListDto))]
[JsonSerializable(typeof(DataRequest))]
[JsonSerializable(typeof(StepUpRequest))]
[JsonSerializable(typeof(TotpCodeRequest))]
[JsonSerializable(typeof(CookieRequest))]
[JsonSerializable(typeof(CookieSessionDto))]
[JsonSerializable(typeof(TotpEnrolmentDto))]
[JsonSerializable(typeof(TotpStatusDto))]
[JsonSerializable(typeof(DataDto))]
[JsonSerializable(typeof(DeviceListDto))]
[JsonSerializable(typeof(StartLinkRequest))]
[JsonSerializable(typeof(ApproveLinkRequest))]
[JsonSerializable(typeof(DeviceLinkStartDto))]
[JsonSerializable(typeof(ApprovedLinkDto))]
[JsonSerializable(typeof(DeviceLinkStatusDto))]
[JsonSerializable(typeof(FeedEventDto))]
[JsonSerializable(typeof(FeedPageDto))]
[JsonSerializable(typeof(WebhookListDto))]
[JsonSerializable(typeof(ReplayRequest))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
