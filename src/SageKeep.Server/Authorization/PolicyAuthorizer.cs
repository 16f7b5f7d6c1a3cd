using Microsoft.AspNetCore.Http;
using SageKeep.Core;
using SageKeep.Core.Identity;
using SageKeep.Security.Iam.Caching;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Security.Sts;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Authorization;

/// <summary>
/// Authorises calls with the IAM policy engine: builds the request context (global keys from the caller,
/// the clock and the transport; the operation's own keys), evaluates every resource and answers the first
/// denial with AWS's AccessDenied text. Policies are read at request time, so a changed or deleted policy,
/// user or role takes effect on the next request, also for existing sessions.
/// </summary>
internal sealed partial class PolicyAuthorizer(
    IPrincipalPolicyStore store,
    SessionPolicyCompiler sessionPolicies,
    AwsAccount account,
    TimeProvider time,
    AuthorizationMessageCodec? messages = null,
    IEndpointPolicySource? endpoints = null,
    IResourceTagSource? resourceTags = null,
    IResourcePolicySource? resourcePolicies = null) : IAuthorizer
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
        if (policies is null)
        {
            // The user or role behind the credentials is gone (or unknown): nothing can allow the call,
            // except that actions allowed unless denied stay allowed (no policy can deny them either).
            if (access.AllowedUnlessDenied)
            {
                return new AuthorizationResult(Decision.Allowed, null, null);
            }

            var gone = new PolicyDecision(Decision.ImplicitDeny, null, PolicySource.Identity, []);
            var resource = access.Resources.Count > 0 ? access.Resources[0] : "*";
            var unknown = new PrincipalPolicies(new IamPrincipal(PrincipalKind.User, principal.Arn, principal.AccountId, principal.UserId), NoPolicies);
            return Denied(caller, access.Action, resource, gone, ContextFor(caller, unknown, access).Build(access.Action, resource));
        }

        var builder = ContextFor(caller, policies, access);
        var session = policies.SessionPolicies ?? await sessionPolicies.CompileAsync(principal.Role, ct).ConfigureAwait(false);
        PolicyDecision? last = null;
        foreach (var resource in access.Resources)
        {
            var context = await ResourceTagsAsync(access, resource, ct).ConfigureAwait(false) is { Count: > 0 } tags
                ? ContextFor(caller, policies, access with { ResourceTags = tags }).Build(access.Action, resource)
                : builder.Build(access.Action, resource);
            var resourcePolicy = access.ResourcePolicy ?? (resourcePolicies is not null && resource != "*" ? await resourcePolicies.GetAsync(resource, ct).ConfigureAwait(false) : null);
            var decision = PolicyEvaluator.Evaluate(policies.Policies.ToRequest(context, session, resourcePolicy));
            if (access.AllowedUnlessDenied && decision.Decision == Decision.ImplicitDeny)
            {
                decision = decision with { Decision = Decision.Allowed };
            }

            if (decision.IsAllowed && access.TrustPolicy is { } trust)
            {
                // The role's trust policy must name the caller too, whatever the identity policies say.
                var trusted = TrustPolicyEvaluator.Evaluate(trust, context);
                decision = trusted.IsAllowed ? decision : trusted;
            }

            if (!decision.IsAllowed)
            {
                return Denied(caller, access.Action, resource, decision, context);
            }

            last = decision;
        }

        if (last is not null && await CheckEndpointPolicyAsync(caller, builder, access, ct).ConfigureAwait(false) is { } endpointDenial)
        {
            return endpointDenial;
        }

        return last is null
            ? Denied(caller, access.Action, "*", new PolicyDecision(Decision.ImplicitDeny, null, PolicySource.Identity, []))
            : new AuthorizationResult(Decision.Allowed, last.Statement, null);
    }

    /// <summary>The target's tags from the resource tag source, unless the operation gave them (or there is no single target).</summary>
    private async ValueTask<IReadOnlyDictionary<string, string>?> ResourceTagsAsync(AccessRequest access, string resource, CancellationToken ct) =>
        access.ResourceTags is null && resourceTags is not null && resource != "*"
            ? await resourceTags.GetAsync(resource, ct).ConfigureAwait(false)
            : null;

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

        // Session tags override the role's tags of the same key (IAM User Guide, "Passing session tags in STS").
        if (caller.Principal.Role is { } role)
        {
            foreach (var (key, value) in role.Tags)
            {
                builder.Set(ContextKeys.PrincipalTagPrefix + key, value);
            }

            if (role.SourceIdentity is { } sourceIdentity)
            {
                builder.Set("aws:SourceIdentity", sourceIdentity);
            }
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

    private AuthorizationResult Denied(Caller caller, string action, string resource, PolicyDecision decision, RequestContext? context = null)
    {
        // S3 quotes the resource in its AccessDenied message; the other services do not. EC2 adds the
        // encoded authorization failure message that sts:DecodeAuthorizationMessage opens.
        var message = AccessDeniedMessages.Text(caller.Principal.Arn, action, resource, decision, quoteResource: caller.Protocol == ProtocolKind.RestXml);
        var encoded = caller.Protocol == ProtocolKind.Ec2Query && messages is not null && context is not null
            ? messages.Seal(AuthorizationFailureMessage.Json(context, decision))
            : null;
        return new AuthorizationResult(decision.Decision, decision.Statement, AccessDeniedMessages.Error(caller.Protocol, message, encoded));
    }

    private static readonly CompiledPolicySet NoPolicies = new(0, [], null, null);

    private sealed record Caller(AwsPrincipal Principal, HttpContext Http, ProtocolKind Protocol);
}
