using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace SessionCluster.AspNetCore.Authentication;

/// <summary>A session at AAL2 that the tenant still trusts (no pending step-up).</summary>
public sealed class Aal2Requirement : AuthorizationHandler<Aal2Requirement>, IAuthorizationRequirement
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, Aal2Requirement requirement)
    {
        var user = context.User;
        if (user.FindFirst(SessionClusterClaims.Aal)?.Value == "2" && user.FindFirst(SessionClusterClaims.StepUpRequired) is null)
        {
            context.Succeed(requirement);
        }
        else if (user.Identity?.IsAuthenticated == true && ContextOf(context.Resource) is { } http)
        {
            // Tells the handler's forbid to answer step_up_required (or redirect to the step-up page).
            http.Items[SessionClusterAuthenticationHandler.StepUpItem] = true;
        }
        return Task.CompletedTask;
    }

    private static HttpContext? ContextOf(object? resource) => resource switch
    {
        HttpContext http => http,
        Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext mvc => mvc.HttpContext,
        _ => null,
    };
}
