using SageKeep.Server.Protocols;

namespace SageKeep.Server.Authorization;

/// <summary>Authorising from inside an operation handler.</summary>
internal static class AuthorizerExtensions
{
    public static ValueTask<AuthorizationResult> AuthorizeAsync(this IAuthorizer authorizer, OperationContext context, AccessRequest access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(authorizer);
        ArgumentNullException.ThrowIfNull(context);
        return authorizer.AuthorizeAsync(context.Principal, context.HttpContext, context.Protocol, access, ct);
    }
}
