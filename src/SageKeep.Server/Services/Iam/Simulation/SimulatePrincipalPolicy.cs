using SageKeep.Security.Iam.Caching;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Simulation;

/// <summary>
/// <c>iam:SimulatePrincipalPolicy</c>: evaluates what a user (with its groups' policies), group or role
/// holds now, plus any PolicyInputList, with PermissionsBoundaryPolicyInputList replacing its boundary.
/// The same engine and stored documents the server authorises real calls with.
/// </summary>
internal sealed class SimulatePrincipalPolicy(IamStore store, TimeProvider time) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) => ValueTask.FromResult(Required(context, "PolicySourceArn"));

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var sourceArn = Required(context, "PolicySourceArn");
        var kind = sourceArn.Contains(":user/", StringComparison.Ordinal) ? IamEntityKind.User
            : sourceArn.Contains(":group/", StringComparison.Ordinal) ? IamEntityKind.Group
            : sourceArn.Contains(":role/", StringComparison.Ordinal) ? IamEntityKind.Role
            : (IamEntityKind?)null;
        var snapshot = kind is null ? null : await Store.LoadPrincipalAsync(kind.Value, sourceArn, ct).ConfigureAwait(false);
        if (snapshot is null)
        {
            return OperationResult.Fail(IamErrors.ToAws(IamError.NoSuchEntity($"The entity {sourceArn} cannot be found.")));
        }

        var sources = snapshot.Sources.ToDictionary(s => s.PolicyId, s => (s.SourcePolicyId, s.SourcePolicyType), StringComparer.Ordinal);
        var identity = new List<CompiledPolicy>();
        foreach (var document in snapshot.Documents.IdentityPolicies.Append(snapshot.Documents.PermissionsBoundary))
        {
            // Stored documents were validated when written; one that no longer parses is reported, not skipped.
            if (document is not null && !PolicyParser.Parse(document.Json, PolicyKind.Identity, document.PolicyId).IsSuccess)
            {
                return OperationResult.Fail(IamErrors.ToAws(IamError.Malformed($"The stored policy {document.PolicyId} cannot be evaluated.")));
            }
        }

        foreach (var document in snapshot.Documents.IdentityPolicies)
        {
            identity.Add(Compile(document));
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in snapshot.Documents.IdentityPolicies.Append(snapshot.Documents.PermissionsBoundary).OfType<PolicyDocument>())
        {
            texts[document.PolicyId] = document.Json;
        }

        var boundaries = new List<CompiledPolicy>();
        if (!PolicySimulator.TryParseList(context, "PolicyInputList", PolicyKind.Identity, identity, sources, texts, out var error)
            || !PolicySimulator.TryParseList(context, "PermissionsBoundaryPolicyInputList", PolicyKind.Identity, boundaries, sources, texts, out error)
            || !PolicySimulator.TryParseResourcePolicy(context, texts, out var resourcePolicy, out error))
        {
            return OperationResult.Fail(IamErrors.ToAws(error!));
        }

        var boundary = boundaries.Count > 0 ? boundaries[0] : snapshot.Documents.PermissionsBoundary is { } stored ? Compile(stored) : null;
        var tags = snapshot.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.OrdinalIgnoreCase);
        var principal = snapshot.Kind switch
        {
            IamEntityKind.Role => new IamPrincipal(PrincipalKind.AssumedRole, $"arn:aws:sts::{Store.AccountId}:assumed-role/{snapshot.Name}/SimulatedSession", Store.AccountId, $"{snapshot.EntityId}:SimulatedSession", null, snapshot.Arn) { Tags = tags },
            _ => new IamPrincipal(PrincipalKind.User, snapshot.Arn, Store.AccountId, snapshot.EntityId, snapshot.Kind == IamEntityKind.User ? snapshot.Name : null) { Tags = tags },
        };
        return PolicySimulator.Run(context, new SimulationInput(principal, identity, boundary, resourcePolicy, sources, texts), time);
    }

    private static CompiledPolicy Compile(PolicyDocument document) => PolicyParser.Parse(document.Json, PolicyKind.Identity, document.PolicyId).Policy!;
}
