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

/// <summary>A poll's answer in bearer mode: on the one answer that hands it over, the session with its tokens.</summary>
public sealed record PublicLinkBearerDto(string Status, SessionWithTokensDto? Session);
