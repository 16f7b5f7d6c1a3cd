using System.Text.Json.Nodes;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;

namespace SageKeep.Server.Authorization;

/// <summary>
/// The decoded form of an encoded authorization failure message, in the shape AWS documents for
/// <c>sts:DecodeAuthorizationMessage</c>: allowed, explicitDeny, matchedStatements, failures and the
/// request context (principal, action, resource, condition keys with their values).
/// </summary>
internal static class AuthorizationFailureMessage
{
    public static string Json(RequestContext request, PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        var statements = new JsonArray();
        if (decision.Statement is { } statement)
        {
            statements.Add(new JsonObject
            {
                ["statementId"] = statement.Sid ?? statement.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["effect"] = statement.Effect.ToString(),
                ["policyId"] = statement.PolicyId,
                ["policyType"] = statement.Source.ToString(),
            });
        }

        var conditions = new JsonArray();
        foreach (var key in request.Keys.Keys.Order(StringComparer.Ordinal))
        {
            request.Keys.TryGetValues(key, out var values);
            var items = new JsonArray();
            foreach (var value in values ?? [])
            {
                items.Add(new JsonObject { ["value"] = value });
            }

            conditions.Add(new JsonObject { ["key"] = key, ["values"] = new JsonObject { ["items"] = items } });
        }

        return new JsonObject
        {
            ["allowed"] = decision.IsAllowed,
            ["explicitDeny"] = decision.Decision == Decision.ExplicitDeny,
            ["matchedStatements"] = new JsonObject { ["items"] = statements },
            ["failures"] = new JsonObject { ["items"] = new JsonArray() },
            ["context"] = new JsonObject
            {
                ["principal"] = new JsonObject { ["id"] = request.Principal.UserId, ["arn"] = request.Principal.Arn },
                ["action"] = request.Action,
                ["resource"] = request.Resource,
                ["conditions"] = new JsonObject { ["items"] = conditions },
            },
        }.ToJsonString();
    }
}
