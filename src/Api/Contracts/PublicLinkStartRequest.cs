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

namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/public/{tenantId}/device-links: what the new device calls itself; <c>cookie</c> (default true) binds the link to this browser.</summary>
public sealed record PublicLinkStartRequest(DeviceRequestDto? Device, bool? Cookie);
