namespace SessionCluster.Api.Contracts;

public sealed record WebhookListDto(IReadOnlyList<WebhookDto> Webhooks);
