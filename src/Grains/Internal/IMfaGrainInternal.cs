namespace SessionCluster.Grains;

/// <summary>What only the cluster's own grains call on a user's second factor.</summary>
[Alias("IMfaGrainInternal")]
internal interface IMfaGrainInternal : IMfaGrain
{
    /// <summary>Removes the enrolment without telling anyone (user erasure: nothing of the user may remain).</summary>
    [Alias("EraseMfa")]
    Task EraseAsync();
}
