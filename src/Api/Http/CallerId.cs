using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SessionCluster.Api.Http;

/// <summary>Who a limit counts: an API key (by its hash) and the address calling with it. A struct, so no string per request.</summary>
public readonly record struct CallerId(string KeyHash, System.Net.IPAddress? Address);
