// A .NET service that talks to SessionCluster as an Orleans client (no HTTP hop).
// Usage: dotnet run --project samples/ServiceClient -- <redis connection string> <tenant> <userId>
// Prints the created and validated session; exits non-zero if anything fails.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionCluster;

var (redis, tenant, userId) = args is [var r, var t, var u] ? (r, t, u) : ("127.0.0.1:6379", "dev", "alice");

var builder = Host.CreateApplicationBuilder();
builder.Configuration["Orleans:ClusterId"] ??= "sessioncluster";
builder.Configuration["Orleans:ServiceId"] ??= "sessioncluster";
builder.UseOrleansClient(client => client.UseRedisClustering(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis)));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IClusterClient>();

var created = await grains.CreateSessionAsync(tenant, new CreateSessionCommand
{
    UserId = userId,
    Device = new DeviceInfo { Name = "billing-service" },
    Client = new ClientInfo { Ip = "127.0.0.1", UserAgent = "ServiceClient sample" },
});
if (!created.Succeeded)
{
    Console.Error.WriteLine($"create failed: {created.Error}");
    return 1;
}
var validated = await grains.ValidateAsync(tenant, created.Tokens!.AccessToken);
var refreshed = await grains.RefreshAsync(tenant, created.Tokens.RefreshToken);
var stale = await grains.ValidateAsync(tenant, created.Tokens.AccessToken);
Console.WriteLine($"created={created.Session!.SessionId} validated={validated.Succeeded} refreshed={refreshed.Succeeded} oldAccessToken={stale.Error}");
await host.StopAsync();
return validated.Succeeded && refreshed.Succeeded && stale.Error == SessionError.TokenInvalid ? 0 : 2;
