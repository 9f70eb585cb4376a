using System.Text.Json.Serialization;
using SessionCluster.Api.Contracts;

namespace SessionCluster.Api.Http;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ForwardAuthIdentityDto))]
internal sealed partial class ForwardAuthJsonContext : JsonSerializerContext;
