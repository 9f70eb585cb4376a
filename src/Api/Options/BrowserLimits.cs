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

public sealed class BrowserLimits
{
    /// <summary>Public link starts per minute per tenant and client address.</summary>
    public int PublicLinkStartsPerMinute { get; set; } = 10;

    /// <summary>Public link polls per minute per tenant and client address (a poll waits up to 25 s).</summary>
    public int PublicLinkPollsPerMinute { get; set; } = 60;
}
