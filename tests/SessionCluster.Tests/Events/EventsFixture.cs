using Microsoft.AspNetCore.Hosting;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Events;

/// <summary>
/// The API in embedded mode with tenants of its own for the feed and webhook tests, and a real receiver their
/// endpoints point at. Development environment: the receiver is plain HTTP on loopback (HTTPS is required elsewhere).
/// </summary>
public sealed class EventsFixture : IAsyncLifetime
{
    /// <summary>Feed tests: no webhooks.</summary>
    public const string Feed = "feed";
    public const string FeedKey = "feed-key-1";
    /// <summary>One endpoint, "main", every type.</summary>
    public const string Hooks = "hooks";
    public const string HooksKey = "hooks-key-1";
    /// <summary>One endpoint, "down", for the failing-then-replay test.</summary>
    public const string HooksDown = "hooksdown";
    public const string HooksDownKey = "hooksdown-key-1";

    public const int Partitions = 4;
    public static readonly TimeSpan RetryWindow = TimeSpan.FromSeconds(6);

    public WebhookReceiver Receiver { get; private set; } = null!;

    public Factory Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Api = new Factory(Receiver);
        _ = Api.Server; // start now, so a configuration fault fails here
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    public sealed class Factory(WebhookReceiver receiver) : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
        }

        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => Settings(receiver);
    }

    public static Dictionary<string, string?> Settings(WebhookReceiver receiver) => new()
    {
        [$"SessionCluster:Tenants:{Feed}:ApiKeys:0"] = FeedKey,
        [$"SessionCluster:Tenants:{Hooks}:ApiKeys:0"] = HooksKey,
        [$"SessionCluster:Tenants:{Hooks}:Webhooks:main:Url"] = receiver.Url("main").ToString(),
        [$"SessionCluster:Tenants:{Hooks}:Webhooks:main:Secret"] = WebhookReceiver.Secret,
        [$"SessionCluster:Tenants:{HooksDown}:ApiKeys:0"] = HooksDownKey,
        [$"SessionCluster:Tenants:{HooksDown}:Webhooks:down:Url"] = receiver.Url("down").ToString(),
        [$"SessionCluster:Tenants:{HooksDown}:Webhooks:down:Secret"] = WebhookReceiver.Secret,
        [$"SessionCluster:Tenants:{HooksDown}:Webhooks:down:Types:0"] = "session.",
        ["SessionCluster:Events:FeedPartitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SessionCluster:Events:WebhookRetryWindow"] = RetryWindow.ToString(),
        ["SessionCluster:Events:WebhookMaxBackoff"] = "00:00:01",
        ["SessionCluster:Events:WebhookProbeInterval"] = "00:10:00",
        ["SessionCluster:Events:WebhookTimeout"] = "00:00:05",
    };
}

[CollectionDefinition(Name)]
public sealed class EventsCollection : ICollectionFixture<EventsFixture>
{
    public const string Name = "events api";
}
