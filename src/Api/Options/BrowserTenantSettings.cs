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

public sealed class BrowserTenantSettings
{
    /// <summary>Lets a signed-out browser start a device link and wait for it (no API key). Off by default.</summary>
    public bool PublicDeviceLinks { get; set; }
}
