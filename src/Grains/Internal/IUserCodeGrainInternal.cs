namespace SessionCluster.Grains;

/// <summary>What only device links call on the code → link lookup.</summary>
[Alias("IUserCodeGrainInternal")]
internal interface IUserCodeGrainInternal : IUserCodeGrain
{
    /// <summary>Reserves the code for a link until <paramref name="expiresAt"/>; false when another live link holds it.</summary>
    [Alias("Claim")]
    Task<bool> ClaimAsync(string linkId, DateTimeOffset expiresAt);

    /// <summary>Frees the code, but only if <paramref name="linkId"/> still holds it (another link may have claimed it since).</summary>
    [Alias("ReleaseFor")]
    Task ReleaseAsync(string linkId);
}
