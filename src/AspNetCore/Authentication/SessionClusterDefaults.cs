namespace SessionCluster.AspNetCore.Authentication;

/// <summary>Names the package uses.</summary>
public static class SessionClusterDefaults
{
    /// <summary>The authentication scheme <c>AddSessionCluster()</c> registers.</summary>
    public const string AuthenticationScheme = "SessionCluster";

    /// <summary>The policy <c>RequireAal2()</c> registers.</summary>
    public const string Aal2Policy = "SessionCluster.Aal2";
}
