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

/// <summary>A poll's answer in cookie mode: on the one answer that hands it over, the session (its tokens went into cookies).</summary>
public sealed record PublicLinkCookieDto(string Status, CookieSessionDto? Session);
