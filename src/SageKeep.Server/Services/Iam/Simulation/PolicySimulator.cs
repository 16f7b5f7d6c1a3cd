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
    public static bool TryParseList(OperationContext context, string member, PolicyKind kind, List<CompiledPolicy> policies, Dictionary<string, (string, string)> sources, out IamError? error)
    {
        error = null;
        if (context.Input[member] is not JsonArray array)
        {
            return true;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var id = $"{member}.{i + 1}";
            var parsed = PolicyParser.Parse(InputValues.GetString(array[i]) ?? string.Empty, kind, id);
            if (!parsed.IsSuccess)
            {
                error = IamError.Malformed($"{id}: {parsed.Error.Message}");
                return false;
            }

            policies.Add(parsed.Policy);
            sources[id] = (id, "IAM Policy");
        }

        return true;
    }

    public static bool TryParseResourcePolicy(OperationContext context, out CompiledPolicy? policy, out IamError? error)
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
        return true;
    }

    /// <summary>Evaluates every (action, resource) pair and pages the results into the output.</summary>
    public static OperationResult Run(OperationContext context, SimulationInput input, TimeProvider time)
    {
        var actions = Strings(context, "ActionNames");
        var resources = Strings(context, "ResourceArns");
        if (resources.Count == 0)
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

        var results = new List<JsonObject>();
        foreach (var action in actions)
        {
            foreach (var resource in resources)
            {
                var request = new EvaluationRequest(builder.Build(action, resource), input.IdentityPolicies, input.PermissionsBoundary, null, input.ResourcePolicy);
                results.Add(Render(action, resource, PolicyEvaluator.Evaluate(request), input));
            }
        }

        var output = new JsonObject();
        return IamPaging.TryPage(context, results, r => r, output, "EvaluationResults")
            ? OperationResult.Ok(output)
            : OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "Invalid Marker."));
    }

    private static JsonObject Render(string action, string resource, PolicyDecision decision, SimulationInput input)
    {
        var matched = new JsonArray();
        if (decision.Statement is { } statement)
        {
            var (id, type) = input.Sources.TryGetValue(statement.PolicyId, out var source)
                ? source
                : (statement.PolicyId, statement.Source == PolicySource.Resource ? "resource" : "none");
            matched.Add(new JsonObject { ["SourcePolicyId"] = id, ["SourcePolicyType"] = type });
        }

        var result = new JsonObject
        {
            ["EvalActionName"] = action,
            ["EvalResourceName"] = resource,
            ["EvalDecision"] = decision.Decision switch
            {
                Decision.Allowed => "allowed",
                Decision.ExplicitDeny => "explicitDeny",
                _ => "implicitDeny",
            },
            ["MatchedStatements"] = matched,
            ["MissingContextValues"] = new JsonArray([.. decision.MissingContextKeys.Select(k => (JsonNode)JsonValue.Create(k))]),
        };
        if (input.PermissionsBoundary is not null)
        {
            result["PermissionsBoundaryDecisionDetail"] = new JsonObject
            {
                ["AllowedByPermissionsBoundary"] = decision.DeniedBy != PolicySource.PermissionsBoundary
                    && decision.Statement?.Source != PolicySource.PermissionsBoundary,
            };
        }

        return result;
    }

    private static List<string> Strings(OperationContext context, string member) =>
        context.Input[member] is JsonArray array ? [.. array.Select(InputValues.GetString).OfType<string>()] : [];
}
