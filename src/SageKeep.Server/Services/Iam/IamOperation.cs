using System.Text.Json.Nodes;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam;

/// <summary>
/// The shape every IAM handler shares: service <c>iam</c>, the operation named after the class, the action
/// <c>iam:&lt;Operation&gt;</c> authorised on the resource the call targets (the user, group, role or policy
/// ARN, path included), and one mapping of store errors to AWS errors.
/// </summary>
internal abstract class IamOperation(IamStore store) : IOperationHandler
{
    protected IamStore Store { get; } = store;

    public string Service => "iam";

    public string Operation => GetType().Name;

    public async ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        var access = AccessRequest.For($"iam:{Operation}", await ResourceAsync(context, ct).ConfigureAwait(false));

        // Calls that set tags expose them as aws:RequestTag/k and aws:TagKeys.
        return context.Input["Tags"] is JsonArray
            ? access with { RequestTags = Tags(context).GroupBy(t => t.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.OrdinalIgnoreCase) }
            : access;
    }

    public abstract ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct);

    /// <summary>The ARN this call acts on; <c>*</c> for account-wide actions.</summary>
    protected abstract ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct);

    protected static string Required(OperationContext context, string member) =>
        InputValues.GetString(context.Input[member]) ?? string.Empty; // The model validator has checked required members.

    protected static string? Optional(OperationContext context, string member) => InputValues.GetString(context.Input[member]);

    protected static int? OptionalInt(OperationContext context, string member) =>
        InputValues.TryGetInt64(context.Input[member], out var value) ? (int)value : null;

    protected static bool OptionalBool(OperationContext context, string member) =>
        context.Input[member] is JsonValue v && v.TryGetValue(out bool flag) && flag;

    protected static List<IamTag> Tags(OperationContext context) =>
        context.Input["Tags"] is JsonArray tags
            ? [.. tags.OfType<JsonObject>().Select(t => new IamTag(InputValues.GetString(t["Key"]) ?? string.Empty, InputValues.GetString(t["Value"]) ?? string.Empty))]
            : [];

    /// <summary>An existing entity's ARN, or the ARN it would have at the root path (so a denial names a plausible resource).</summary>
    protected async ValueTask<string> EntityArnAsync(IamEntityKind kind, string name, CancellationToken ct) =>
        (await Store.FindEntityAsync(kind, name, ct).ConfigureAwait(false))?.Arn
        ?? IamNames.Arn(Store.AccountId, IamStore.TypeName(kind), "/", name);

    /// <summary>
    /// The user an optional UserName names: the given one, else the caller itself (null for the root user,
    /// whose own keys the call then manages). False for other callers without a UserName (role sessions).
    /// </summary>
    protected static bool TryUserOrCaller(OperationContext context, out string? userName)
    {
        userName = Optional(context, "UserName");
        if (userName is not null || PrincipalArns.IsRoot(context.Principal.Arn))
        {
            return true;
        }

        var arn = context.Principal.Arn;
        userName = PrincipalArns.IsUser(arn) ? arn[(arn.LastIndexOf('/') + 1)..] : null;
        return userName is not null;
    }

    /// <summary>The ARN of the user a key call targets (the root ARN for the root user's own keys).</summary>
    protected async ValueTask<string> KeyOwnerArnAsync(OperationContext context, CancellationToken ct) =>
        !TryUserOrCaller(context, out var userName) ? context.Principal.Arn
        : userName is null ? context.Principal.Arn
        : await EntityArnAsync(IamEntityKind.User, userName, ct).ConfigureAwait(false);

    protected static OperationResult NotAUser(OperationContext context) =>
        OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "Must specify userName when calling with non-User credentials"));

    protected static OperationResult Done<T>(IamResult<T> result, Func<T, JsonObject?> output) =>
        result.Error is { } error ? OperationResult.Fail(IamErrors.ToAws(error)) : OperationResult.Ok(output(result.Value!));

    protected static OperationResult Done<T>(IamResult<T> result) => Done(result, _ => null);

    protected static OperationResult BadMarker(OperationContext context) =>
        OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "Invalid Marker."));
}
