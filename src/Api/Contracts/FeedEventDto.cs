namespace SessionCluster.Api.Contracts;

/// <summary>An event of the tenant feed: the "event" of docs/api.md with <c>userId</c> and the <c>cursor</c> just after it.</summary>
public sealed record FeedEventDto(string Id, string Type, DateTimeOffset At, string? SessionId, string? DeviceId,
    IReadOnlyDictionary<string, string> Detail, string UserId, string Cursor)
{
    public static FeedEventDto From(FeedEvent e, string cursor) =>
        new(e.Event.Id, e.Event.Type, e.Event.At, e.Event.SessionId, e.Event.DeviceId, e.Event.Detail, e.UserId, cursor);
}
