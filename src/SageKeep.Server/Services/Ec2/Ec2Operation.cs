using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.Ec2.Store;

namespace SageKeep.Server.Services.Ec2;

/// <summary>
/// The shape every EC2 handler shares: service <c>ec2</c>, the operation named after the class, the action
/// <c>ec2:&lt;Operation&gt;</c> authorised on the resources the call targets (<c>*</c> for Describe calls, as
/// EC2 does), <c>DryRun</c> answered after authorisation, and the host network brought to the new state of
/// every VPC a change touched before the call answers.
/// </summary>
internal abstract class Ec2Operation(Ec2Context ec2) : IOperationHandler
{
    protected Ec2Context Ec2 => ec2;

    public string Service => "ec2";

    public string Operation => GetType().Name;

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(new AccessRequest($"ec2:{Operation}", Resources(context)));

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        if (Ec2Doc.Bool(context.Input, "DryRun"))
        {
            return OperationResult.Fail(Ec2Errors.DryRun());
        }

        var outcome = await RunAsync(context, ct).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            return OperationResult.Fail(error);
        }

        await ec2.Network.FollowAsync(outcome.Vpcs, ct).ConfigureAwait(false);
        return OperationResult.Ok(outcome.Output);
    }

    /// <summary>The ARNs this call acts on; <c>*</c> by default.</summary>
    protected virtual IReadOnlyList<string> Resources(OperationContext context) => ["*"];

    protected abstract Task<Ec2Outcome> RunAsync(OperationContext context, CancellationToken ct);

    protected static string? Text(OperationContext context, string member) => InputValues.GetString(context.Input[member]);

    protected static List<string> List(OperationContext context, string member) => Ec2Doc.Strings(context.Input, member);

    /// <summary>An ARN for a resource the caller names, or the type's wildcard when it names none.</summary>
    protected string ArnOf(string type, string? id) => Ec2.Arn(type, string.IsNullOrEmpty(id) ? "*" : id);

    /// <summary>The resource <paramref name="id"/> of kind <paramref name="prefix"/>, or EC2's Malformed / NotFound error.</summary>
    protected static (JsonObject? Document, AwsError? Error) Lookup(Ec2State state, string? id, string prefix, string parameter)
    {
        if (string.IsNullOrEmpty(id))
        {
            return (null, Ec2Errors.Missing(parameter));
        }

        if (!Ec2Ids.IsWellFormed(id, prefix))
        {
            return (null, Ec2Errors.Malformed(id, prefix));
        }

        return state.Find(prefix, id) is { } document ? (document, null) : (null, Ec2Errors.NotFound(id));
    }

    /// <summary>Describe by ids: every named id must exist; no ids means all.</summary>
    protected static (List<JsonObject> Documents, AwsError? Error) Select(Ec2State state, string prefix, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
        {
            return ([.. state.All(prefix)], null);
        }

        var found = new List<JsonObject>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var (document, error) = Lookup(state, id, prefix, "id");
            if (error is not null)
            {
                return ([], error);
            }

            found.Add(document!);
        }

        return (found, null);
    }

    /// <summary>MaxResults/NextToken over an ordered list (the shared <see cref="PageTokens"/>).</summary>
    protected static (List<JsonObject> Page, string? NextToken, AwsError? Error) Page(OperationContext context, List<JsonObject> all)
    {
        if (!PageTokens.TryRead(Text(context, "NextToken"), out var start) || start > all.Count)
        {
            return ([], null, Ec2Errors.Invalid("The token is invalid."));
        }

        if (Ec2Doc.Int(context.Input, "MaxResults") is not { } max)
        {
            return (all.Skip(start).ToList(), null, null);
        }

        if (max is < 5 or > 1000)
        {
            return ([], null, Ec2Errors.Invalid($"Value ( {max} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000."));
        }

        var page = all.Skip(start).Take(max).ToList();
        var next = start + page.Count < all.Count ? PageTokens.For(start + page.Count) : null;
        return (page, next, null);
    }

    protected static JsonObject Listing(string member, IEnumerable<JsonObject> documents, string? nextToken)
    {
        var output = new JsonObject { [member] = new JsonArray([.. documents.Select(d => (JsonNode)Ec2Doc.Public(d))]) };
        if (nextToken is not null)
        {
            output["NextToken"] = nextToken;
        }

        return output;
    }

    protected static AwsError? Fail(AwsError? error) => error;
}
