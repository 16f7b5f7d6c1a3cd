using System.Text.Json.Nodes;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Simulation;

/// <summary>
/// SimulatePrincipalPolicy and SimulateCustomPolicy (IAM API Reference): the server's own policy engine run
/// for every action and resource asked about, with the context keys the caller supplies (ContextEntries;
/// nothing is taken from the simulating request itself), answered in IAM's EvaluationResult shape.
/// </summary>
internal static class PolicySimulator
{
    /// <summary>Parses the policies of PolicyInputList (or another list member); the error names the failing entry.</summary>
    public static bool TryParseList(
        OperationContext context,
        string member,
        PolicyKind kind,
        List<CompiledPolicy> policies,
        Dictionary<string, (string, string)> sources,
        Dictionary<string, string> texts,
        out IamError? error)
    {
        error = null;
        if (context.Input[member] is not JsonArray array)
        {
            return true;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var id = $"{member}.{i + 1}";
            var text = InputValues.GetString(array[i]) ?? string.Empty;
            var parsed = PolicyParser.Parse(text, kind, id);
            if (!parsed.IsSuccess)
            {
                error = IamError.Malformed($"{id}: {parsed.Error.Message}");
                return false;
            }

            policies.Add(parsed.Policy);
            sources[id] = (id, "IAM Policy");
            texts[id] = text;
        }

        return true;
    }

    public static bool TryParseResourcePolicy(OperationContext context, Dictionary<string, string> texts, out CompiledPolicy? policy, out IamError? error)
    {
        policy = null;
        error = null;
        if (InputValues.GetString(context.Input["ResourcePolicy"]) is not { } text)
        {
            return true;
        }

        var parsed = PolicyParser.Parse(text, PolicyKind.Resource, "ResourcePolicy");
        if (!parsed.IsSuccess)
        {
            error = IamError.Malformed($"ResourcePolicy: {parsed.Error.Message}");
            return false;
        }

        policy = parsed.Policy;
        texts["ResourcePolicy"] = text;
        return true;
    }

    /// <summary>
    /// Evaluates every (action, resource) pair and pages the results into the output. With ResourceArns each
    /// result also carries its ResourceSpecificResults entry (where IAM then reports the missing context keys)
    /// and an empty EvalDecisionDetails, as IAM answers same-account simulations.
    /// </summary>
    public static OperationResult Run(OperationContext context, SimulationInput input, TimeProvider time)
    {
        var actions = Strings(context, "ActionNames");
        var resources = Strings(context, "ResourceArns");
        var perResource = resources.Count > 0;
        if (!perResource)
        {
            resources.Add("*");
        }

        var builder = new RequestContextBuilder(input.Principal, time);
        if (context.Input["ContextEntries"] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                if (InputValues.GetString(entry["ContextKeyName"]) is { } key)
                {
                    builder.Set(key, entry["ContextKeyValues"] is JsonArray values ? [.. values.Select(InputValues.GetString).OfType<string>()] : []);
                }
            }
        }

        var spans = new Dictionary<string, IReadOnlyList<StatementSpan>>(StringComparer.Ordinal);
        var results = new List<JsonObject>();
        foreach (var action in actions)
        {
            foreach (var resource in resources)
            {
                var request = new EvaluationRequest(builder.Build(action, resource), input.IdentityPolicies, input.PermissionsBoundary, null, input.ResourcePolicy);
                results.Add(Render(action, resource, perResource, request, PolicyEvaluator.Evaluate(request), input, spans));
            }
        }

        var output = new JsonObject();
        return IamPaging.TryPage(context, results, r => r, output, "EvaluationResults")
            ? OperationResult.Ok(output)
            : OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "Invalid Marker."));
    }

    private static JsonObject Render(
        string action,
        string resource,
        bool perResource,
        EvaluationRequest request,
        PolicyDecision decision,
        SimulationInput input,
        Dictionary<string, IReadOnlyList<StatementSpan>> spans)
    {
        var evalDecision = decision.Decision switch
        {
            Decision.Allowed => "allowed",
            Decision.ExplicitDeny => "explicitDeny",
            _ => "implicitDeny",
        };
        var matched = Statements(MatchedFor(request, decision), input, spans);
        var missing = new JsonArray([.. decision.MissingContextKeys.Select(k => (JsonNode)JsonValue.Create(k))]);
        var boundary = input.PermissionsBoundary is { } b
            ? new JsonObject { ["AllowedByPermissionsBoundary"] = PolicyExplainer.BoundaryAllows(b, request.Context) }
            : null;
        var result = new JsonObject
        {
            ["EvalActionName"] = action,
            ["EvalResourceName"] = resource,
            ["EvalDecision"] = evalDecision,
            ["MatchedStatements"] = matched,
            ["MissingContextValues"] = perResource ? new JsonArray() : missing,
        };
        if (perResource)
        {
            result["EvalDecisionDetails"] = new JsonObject();
            var specific = new JsonObject
            {
                ["EvalResourceName"] = resource,
                ["EvalResourceDecision"] = evalDecision,
                ["MatchedStatements"] = matched.DeepClone(),
                ["MissingContextValues"] = missing,
                ["EvalDecisionDetails"] = new JsonObject(),
            };
            if (boundary is not null)
            {
                specific["PermissionsBoundaryDecisionDetail"] = boundary.DeepClone();
            }

            result["ResourceSpecificResults"] = new JsonArray(specific);
        }

        if (boundary is not null)
        {
            result["PermissionsBoundaryDecisionDetail"] = boundary;
        }

        return result;
    }

    /// <summary>
    /// The statements that determine the result: for an explicit deny the denying statements only; for an
    /// allow every allowing statement of the identity policies (or the resource policy that granted);
    /// none for an implicit deny.
    /// </summary>
    private static List<MatchedStatement> MatchedFor(EvaluationRequest request, PolicyDecision decision)
    {
        var matched = new List<MatchedStatement>();
        var effect = decision.Decision switch
        {
            Decision.Allowed => PolicyEffect.Allow,
            Decision.ExplicitDeny => PolicyEffect.Deny,
            _ => (PolicyEffect?)null,
        };
        if (effect is not { } wanted)
        {
            return matched;
        }

        if (request.ResourcePolicy is { } resourcePolicy && (wanted == PolicyEffect.Deny || decision.Statement?.Source == PolicySource.Resource))
        {
            matched.AddRange(PolicyExplainer.Matching(resourcePolicy, PolicySource.Resource, request.Context, wanted));
        }

        if (wanted == PolicyEffect.Deny || decision.Statement?.Source != PolicySource.Resource)
        {
            foreach (var policy in request.IdentityPolicies)
            {
                matched.AddRange(PolicyExplainer.Matching(policy, PolicySource.Identity, request.Context, wanted));
            }
        }

        if (wanted == PolicyEffect.Deny && request.PermissionsBoundary is { } boundary)
        {
            matched.AddRange(PolicyExplainer.Matching(boundary, PolicySource.PermissionsBoundary, request.Context, wanted));
        }

        // The deciding statement is always listed, whichever policy it came from.
        if (decision.Statement is { } deciding && !matched.Contains(deciding))
        {
            matched.Insert(0, deciding);
        }

        return matched;
    }

    private static JsonArray Statements(List<MatchedStatement> statements, SimulationInput input, Dictionary<string, IReadOnlyList<StatementSpan>> spans)
    {
        var array = new JsonArray();
        foreach (var statement in statements)
        {
            var (id, type) = input.Sources.TryGetValue(statement.PolicyId, out var source)
                ? source
                : (statement.PolicyId, statement.Source == PolicySource.Resource ? "resource" : "none");
            var item = new JsonObject { ["SourcePolicyId"] = id, ["SourcePolicyType"] = type };
            if (!spans.TryGetValue(statement.PolicyId, out var policySpans))
            {
                policySpans = input.Texts.TryGetValue(statement.PolicyId, out var text) ? StatementPositions.Find(text) : [];
                spans[statement.PolicyId] = policySpans;
            }

            if (statement.Index < policySpans.Count)
            {
                var span = policySpans[statement.Index];
                item["StartPosition"] = new JsonObject { ["Line"] = span.Start.Line, ["Column"] = span.Start.Column };
                item["EndPosition"] = new JsonObject { ["Line"] = span.End.Line, ["Column"] = span.End.Column };
            }

            array.Add(item);
        }

        return array;
    }

    private static List<string> Strings(OperationContext context, string member) =>
        context.Input[member] is JsonArray array ? [.. array.Select(InputValues.GetString).OfType<string>()] : [];
}
