using System.Text.Json;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Parsing;

/// <summary>Statement elements: Sid, Effect, Principal, Action, Resource (and their Not forms).</summary>
public static partial class PolicyParser
{
    private static CompiledStatement ReadStatement(JsonElement element, int index, PolicyKind kind, PolicyVersion version)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException(PolicyErrors.Syntax);
        }

        string? sid = null;
        string? effect = null;
        JsonElement? principal = null, notPrincipal = null, action = null, notAction = null, resource = null, notResource = null, condition = null;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Sid":
                    sid = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()
                        : throw new PolicyFormatException(PolicyErrors.Syntax);
                    break;
                case "Effect":
                    effect = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()
                        : throw new PolicyFormatException(PolicyErrors.InvalidEffect(property.Value.GetRawText()));
                    break;
                case "Principal": principal = property.Value; break;
                case "NotPrincipal": notPrincipal = property.Value; break;
                case "Action": action = property.Value; break;
                case "NotAction": notAction = property.Value; break;
                case "Resource": resource = property.Value; break;
                case "NotResource": notResource = property.Value; break;
                case "Condition": condition = property.Value; break;
                default: throw new PolicyFormatException(PolicyErrors.UnknownField(property.Name));
            }
        }

        // Step 1: Sid. Identity policies restrict it to letters and digits; resource policies allow more.
        if (kind == PolicyKind.Identity && sid is not null && !sid.All(char.IsAsciiLetterOrDigit))
        {
            throw new PolicyFormatException(PolicyErrors.SidNotAlphanumeric);
        }

        // Step 2: Effect.
        var parsedEffect = effect switch
        {
            null => throw new PolicyFormatException(PolicyErrors.MissingEffect),
            "Allow" => PolicyEffect.Allow,
            "Deny" => PolicyEffect.Deny,
            _ => throw new PolicyFormatException(PolicyErrors.InvalidEffect(effect)),
        };

        // Step 3: Principal. Only resource-based and trust policies name one, and they must.
        PrincipalSet? principals = null;
        if (principal is not null || notPrincipal is not null)
        {
            if (kind == PolicyKind.Identity)
            {
                throw new PolicyFormatException(PolicyErrors.PrincipalInIdentityPolicy);
            }

            if (principal is not null && notPrincipal is not null)
            {
                throw new PolicyFormatException(PolicyErrors.Both("Principal"));
            }

            principals = ReadPrincipal((principal ?? notPrincipal)!.Value, negated: notPrincipal is not null);
        }
        else if (kind != PolicyKind.Identity)
        {
            throw new PolicyFormatException(PolicyErrors.MissingPrincipal);
        }

        // Step 4: Action / NotAction.
        if (action is not null && notAction is not null)
        {
            throw new PolicyFormatException(PolicyErrors.Both("Action"));
        }

        var actionValues = action is null && notAction is null
            ? throw new PolicyFormatException(PolicyErrors.MissingActions)
            : ReadStrings((action ?? notAction)!.Value, action is null ? "NotAction" : "Action");
        if (actionValues.Count == 0)
        {
            throw new PolicyFormatException(PolicyErrors.MissingActions);
        }

        var actions = new ActionSet([.. actionValues.Select(CompileAction)], negated: action is null);

        // Step 5: Resource / NotResource. Trust policies have none; the others must.
        if (resource is not null && notResource is not null)
        {
            throw new PolicyFormatException(PolicyErrors.Both("Resource"));
        }

        ResourceSet? resources = null;
        if (resource is not null || notResource is not null)
        {
            if (kind == PolicyKind.Trust)
            {
                throw new PolicyFormatException(PolicyErrors.ResourceInTrustPolicy);
            }

            var values = ReadStrings((resource ?? notResource)!.Value, resource is null ? "NotResource" : "Resource");
            if (values.Count == 0)
            {
                throw new PolicyFormatException(PolicyErrors.MissingResources);
            }

            resources = new ResourceSet([.. values.Select(v => CompileResource(v, version))], negated: resource is null);
        }
        else if (kind != PolicyKind.Trust)
        {
            throw new PolicyFormatException(PolicyErrors.MissingResources);
        }

        // Step 6: Condition.
        var conditions = condition is { } block ? ReadConditions(block, version) : [];
        return new CompiledStatement(index, sid, parsedEffect, principals, actions, resources, conditions);
    }

    /// <summary>"*" or "vendor:action" where the vendor is letters, digits and '-' and the action has no spaces.</summary>
    private static WildcardPattern CompileAction(string action)
    {
        if (action == "*")
        {
            return WildcardPattern.Glob(action, ignoreCase: true);
        }

        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new PolicyFormatException(PolicyErrors.VendorPrefix);
        }

        var vendor = action.AsSpan(0, colon);
        var name = action.AsSpan(colon + 1);
        if (vendor.Length == 0 || name.Length == 0 || name.Contains(':')
            || vendor.ContainsAnyExcept(VendorChars) || name.ContainsAnyExcept(ActionChars))
        {
            throw new PolicyFormatException(PolicyErrors.InvalidAction);
        }

        return WildcardPattern.Glob(action, ignoreCase: true);
    }

    private static PolicyTemplate CompileResource(string resource, PolicyVersion version)
    {
        // An ARN has six colon-separated components; a trailing '*' may stand for the rest ("arn:aws:s3:*").
        var colons = resource.Count(c => c == ':');
        if (resource != "*"
            && !(resource.StartsWith("arn:", StringComparison.Ordinal) && (colons >= 5 || (colons >= 2 && resource.EndsWith('*')))))
        {
            throw new PolicyFormatException(PolicyErrors.InvalidResource(resource));
        }

        return PolicyTemplate.Parse(resource, version, ignoreCase: false);
    }

    private static readonly System.Buffers.SearchValues<char> VendorChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-*?");

    private static readonly System.Buffers.SearchValues<char> ActionChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.*?");

    /// <summary>A string or an array of strings (Action, Resource, principal values).</summary>
    private static List<string> ReadStrings(JsonElement element, string name)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return [element.GetString()!];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new PolicyFormatException(PolicyErrors.NotStringOrArray(name));
        }

        if (element.GetArrayLength() > MaxEntries)
        {
            throw new PolicyFormatException(PolicyErrors.TooMany(name, MaxEntries));
        }

        var values = new List<string>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            values.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new PolicyFormatException(PolicyErrors.NotStringOrArray(name)));
        }

        return values;
    }
}
