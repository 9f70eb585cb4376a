using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;

namespace SessionCluster.Api;

/// <summary>
/// The browser settings: <c>SessionCluster:Browser:*</c> (limits) and, per tenant,
/// <c>SessionCluster:Tenants:{tenantId}:Browser:PublicDeviceLinks</c>.
/// </summary>
public sealed class BrowserOptions
{
    public BrowserLimits Browser { get; set; } = new();

    public Dictionary<string, BrowserTenant> Tenants { get; set; } = new(StringComparer.Ordinal);
}
