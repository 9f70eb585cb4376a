using Microsoft.AspNetCore.Authorization;
using SessionCluster.AspNetCore.Authentication;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The AAL2 policy helpers.</summary>
public static class SessionClusterAuthorizationExtensions
{
    /// <summary>
    /// Requires a SessionCluster session at AAL2 the tenant still trusts. A session below it is forbidden with 403
    /// <c>step_up_required</c> (a browser navigation is sent to <c>StepUpPath</c> when set).
    /// </summary>
    public static AuthorizationPolicyBuilder RequireAal2(this AuthorizationPolicyBuilder policy) =>
        policy.AddAuthenticationSchemes(SessionClusterDefaults.AuthenticationScheme).RequireAuthenticatedUser().AddRequirements(new Aal2Requirement());

    /// <summary>Registers the named policy <see cref="SessionClusterDefaults.Aal2Policy"/> (use it as <c>[Authorize(Policy = …)]</c>).</summary>
    public static AuthorizationBuilder AddAal2Policy(this AuthorizationBuilder builder) =>
        builder.AddPolicy(SessionClusterDefaults.Aal2Policy, policy => policy.RequireAal2());

    /// <summary>An endpoint that needs a session at AAL2.</summary>
    public static TBuilder RequireAal2<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(policy => policy.RequireAal2());
}
