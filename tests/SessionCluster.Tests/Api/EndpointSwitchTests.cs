using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>An API node with SessionCluster:Endpoints:Metrics, :OpenApi and :Docs set to false.</summary>
public sealed class EndpointsOffFactory : ApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("SessionCluster:Endpoints:Metrics", "false"),
        new("SessionCluster:Endpoints:OpenApi", "false"),
        new("SessionCluster:Endpoints:Docs", "false"),
    ];
}

[CollectionDefinition(Name)]
public sealed class EndpointsOffCollection : ICollectionFixture<EndpointsOffFactory>
{
    public const string Name = "api endpoints off";
}

/// <summary>The operations endpoints an operator turned off are not there (404 not_found); the probes and the API stay.</summary>
[Collection(EndpointsOffCollection.Name)]
public sealed class EndpointSwitchTests(EndpointsOffFactory api)
{
    [Theory]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/")]
    [InlineData("/docs")]
    public async Task ATurnedOffOperationsEndpointIsNotFound(string path)
    {
        var response = await api.CreateClient().GetAsync(path);

        await response.AssertProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task TheProbesAndTheApiStay()
    {
        Assert.Equal(200, (int)(await api.CreateClient().GetAsync("/healthz")).StatusCode);
        Assert.Equal(200, (int)(await api.CreateClient().GetAsync("/readyz")).StatusCode);
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        await (await service.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
    }
}
