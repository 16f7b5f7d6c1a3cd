using Microsoft.AspNetCore.Http;
using SageKeep.Core.Identity;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.UnitTests.Server.Protocols;

/// <summary>Allows every call: for protocol tests whose subject is routing, binding and response shapes, not IAM.</summary>
internal sealed class AllowingAuthorizer : IAuthorizer
{
    public ValueTask<AuthorizationResult> AuthorizeAsync(AwsPrincipal principal, HttpContext http, ProtocolKind protocol, AccessRequest access, CancellationToken ct) =>
        ValueTask.FromResult(AuthorizationResult.NotRequired);
}
