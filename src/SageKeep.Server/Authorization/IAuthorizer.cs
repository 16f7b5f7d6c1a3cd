using Microsoft.AspNetCore.Http;
using SageKeep.Core.Identity;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Authorization;

/// <summary>
/// Decides whether a caller may perform an access request, the AWS way (IAM User Guide, "Policy
/// evaluation logic"). The API endpoint calls it for every operation; handlers call it again for extra
/// checks such as <c>iam:PassRole</c>; the registry calls it for every <c>/v2/</c> request. The HTTP
/// context supplies the transport keys (TLS, source IP, user agent, VPC endpoint); the protocol decides
/// the shape of the AccessDenied error.
/// </summary>
internal interface IAuthorizer
{
    ValueTask<AuthorizationResult> AuthorizeAsync(AwsPrincipal principal, HttpContext http, ProtocolKind protocol, AccessRequest access, CancellationToken ct);
}
