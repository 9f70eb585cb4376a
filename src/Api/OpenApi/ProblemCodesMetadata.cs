namespace SessionCluster.Api.OpenApi;

/// <summary>Endpoint metadata: the stable codes an endpoint can answer with at one status (read by <see cref="ProblemResponsesTransformer"/>).</summary>
public sealed record ProblemCodesMetadata(int Status, IReadOnlyList<string> Codes);
