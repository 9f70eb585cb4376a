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

public sealed class BrowserTenant
{
    /// <summary>The tenant's keys (read only to check a Browser section belongs to a configured tenant).</summary>
    public List<string> ApiKeys { get; set; } = [];

    public BrowserTenantSettings Browser { get; set; } = new();
}
