using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;

namespace SageKeep.Server.Authorization;

/// <summary>
/// VPC endpoint policies: a request that came through an interface endpoint (aws:SourceVpce) must also be
/// allowed by that endpoint's policy, which names principals like a resource policy and only restricts what
/// passes through the endpoint (AWS PrivateLink Guide, "Control access to VPC endpoints using endpoint policies").
/// </summary>
internal sealed partial class PolicyAuthorizer
{
    private async ValueTask<AuthorizationResult?> CheckEndpointPolicyAsync(Caller caller, RequestContextBuilder builder, AccessRequest access, CancellationToken ct)
    {
        if (endpoints is null || !RequestTransportKeys.From(caller.Http).TryGetValue(ContextKeys.SourceVpce, out var vpce))
        {
            return null;
        }

        var policy = await endpoints.GetAsync(vpce, ct).ConfigureAwait(false);
        foreach (var resource in access.Resources)
        {
            var context = builder.Build(access.Action, resource);
            var decision = policy is null
                ? new PolicyDecision(Decision.ImplicitDeny, null, PolicySource.Resource, [])
                : TrustPolicyEvaluator.Evaluate(policy, context);
            if (!decision.IsAllowed)
            {
                var prefix = $"User: {caller.Principal.Arn} is not authorized to perform: {access.Action} on resource: {resource}";
                var message = decision.Decision == Decision.ExplicitDeny
                    ? $"{prefix} with an explicit deny in a VPC endpoint policy"
                    : $"{prefix} because no VPC endpoint policy allows the {access.Action} action";
                return new AuthorizationResult(decision.Decision, decision.Statement, AccessDeniedMessages.Error(caller.Protocol, message));
            }
        }

        return null;
    }
}
