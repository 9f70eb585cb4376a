using SessionCluster.Api;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = SessionCluster.Api.Http.RequestBodyLimit.MaxBytes);
builder.AddSessionClusterOrleans();
builder.AddSessionClusterApi();
builder.AddSessionClusterTelemetry();

var app = builder.Build();
app.UseSessionClusterApi();
app.MapOperations();
app.MapSessionClusterMetrics();
app.MapSessionsApi();
app.MapUsersApi();
app.MapEventsApi();
app.MapWebhooksApi();
app.MapTotpApi();
app.MapMeApi();
app.MapCookieModeApi();
app.MapDeviceLinksApi();
app.MapForwardAuthApi();
app.MapAccountPage();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
