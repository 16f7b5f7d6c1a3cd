using Microsoft.AspNetCore.Http;
using SageKeep.Core;
using SageKeep.Core.Identity;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Authorization;

/// <summary>
/// Authorises calls with the IAM policy engine: builds the request context (global keys from the caller,
/// the clock and the transport; the operation's own keys), evaluates every resource and answers the first
/// denial with AWS's AccessDenied text. Policies are read at request time, so a changed or deleted policy,
/// user or role takes effect on the next request, also for existing sessions.
/// </summary>
internal sealed class PolicyAuthorizer(IPrincipalPolicyStore store, AwsAccount account, TimeProvider time) : IAuthorizer
{
    public async ValueTask<AuthorizationResult> AuthorizeAsync(AwsPrincipal principal, HttpContext http, ProtocolKind protocol, AccessRequest access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(access);
        if (!access.RequiresAuthorization)
        {
            return AuthorizationResult.NotRequired;
        }

        var caller = new Caller(principal, http, protocol);
        var policies = await store.GetAsync(principal, ct).ConfigureAwait(false);
        if (policies is null && !access.AllowedUnlessDenied)
        {
            // The user or role behind the credentials is gone: nothing can allow the call.
            var gone = new PolicyDecision(Decision.ImplicitDeny, null, PolicySource.Identity, []);
            var resource = access.Resources.Count > 0 ? access.Resources[0] : "*";
            return Denied(caller, access.Action, resource, gone);
        }

        if (policies is null)
        {
            return new AuthorizationResult(Decision.Allowed, null, null);
        }

        var builder = ContextFor(caller, policies, access);
        PolicyDecision? last = null;
        foreach (var resource in access.Resources)
        {
            var request = policies.Policies.ToRequest(builder.Build(access.Action, resource), policies.SessionPolicies, access.ResourcePolicy);
            var decision = PolicyEvaluator.Evaluate(request);
            if (access.AllowedUnlessDenied && decision.Decision == Decision.ImplicitDeny)
            {
                decision = decision with { Decision = Decision.Allowed };
            }

            if (!decision.IsAllowed)
            {
                return Denied(caller, access.Action, resource, decision);
            }

            last = decision;
        }

        return last is null
            ? Denied(caller, access.Action, "*", new PolicyDecision(Decision.ImplicitDeny, null, PolicySource.Identity, []))
            : new AuthorizationResult(Decision.Allowed, last.Statement, null);
    }

    private RequestContextBuilder ContextFor(Caller caller, PrincipalPolicies policies, AccessRequest access)
    {
        var http = caller.Http;
        var builder = new RequestContextBuilder(policies.Principal, time)
            .WithTransport(http.Request.IsHttps, http.Connection.RemoteIpAddress, http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null)
            .WithRegion(account.Region);
        if (caller.Principal.IsTemporary && caller.Principal.SessionIssuedAt is { } issued)
        {
            builder.WithSession(caller.Principal.MultiFactorAuthPresent, issued);
        }

        foreach (var (key, value) in RequestTransportKeys.From(http))
        {
            builder.Set(key, value);
        }

        if (access.RequestTags is { } requestTags)
        {
            builder.WithRequestTags(requestTags);
        }

        if (access.ResourceTags is { } resourceTags)
        {
            builder.WithResourceTags(resourceTags);
        }

        foreach (var (key, values) in access.ContextKeys)
        {
            builder.Set(key, values);
        }

        return builder;
    }

    private static AuthorizationResult Denied(Caller caller, string action, string resource, PolicyDecision decision)
    {
        // S3 quotes the resource in its AccessDenied message; the other services do not.
        var message = AccessDeniedMessages.Text(caller.Principal.Arn, action, resource, decision, quoteResource: caller.Protocol == ProtocolKind.RestXml);
        return new AuthorizationResult(decision.Decision, decision.Statement, AccessDeniedMessages.Error(caller.Protocol, message));
    }

    private sealed record Caller(AwsPrincipal Principal, HttpContext Http, ProtocolKind Protocol);
}
