namespace SessionCluster.AspNetCore.Authentication;

/// <summary>
/// The claims of a SessionCluster principal. <c>User.Identity.Name</c> is the user id; <c>User.FindFirst("sid")</c>
/// the session.
/// </summary>
public static class SessionClusterClaims
{
    /// <summary><c>sub</c>: the user id (also the identity's name).</summary>
    public const string UserId = "sub";

    /// <summary><c>sid</c>: the session id.</summary>
    public const string SessionId = "sid";

    /// <summary><c>device_id</c>: the device the session lives on.</summary>
    public const string DeviceId = "device_id";

    /// <summary><c>aal</c>: the authenticator assurance level, <c>1</c> or <c>2</c>.</summary>
    public const string Aal = "aal";

    /// <summary><c>step_up_required</c>: present (<c>true</c>) when the tenant wants a second factor before trusting the session.</summary>
    public const string StepUpRequired = "step_up_required";

    /// <summary><c>expires_soon</c>: <c>true</c> inside the tenant's warning window.</summary>
    public const string ExpiresSoon = "expires_soon";

    /// <summary><c>sc_credential</c>: how the request proved it: <c>bearer</c>, <c>cookie</c> or <c>proxy</c> (trusted forward-auth headers).</summary>
    public const string Credential = "sc_credential";
}
