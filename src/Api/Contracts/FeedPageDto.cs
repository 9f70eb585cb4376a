namespace SessionCluster.Api.Contracts;

/// <summary><c>GET /v1/events</c> as JSON: the events, and the cursor to ask <c>after</c> next (even when no event matched).</summary>
public sealed record FeedPageDto(IReadOnlyList<FeedEventDto> Events, string Next);
