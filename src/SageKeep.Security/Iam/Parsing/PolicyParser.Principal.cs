using System.Text.Json;
using System.Text.RegularExpressions;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Parsing;

/// <summary>Principal / NotPrincipal (IAM User Guide, "AWS JSON policy elements: Principal").</summary>
public static partial class PolicyParser
{
    private static PrincipalSet ReadPrincipal(JsonElement element, bool negated)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() == "*"
                ? new PrincipalSet(negated, Everyone: true, [], [], [])
                : throw new PolicyFormatException(PolicyErrors.InvalidPrincipal("", element.GetString()!));
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException(PolicyErrors.Syntax);
        }

        var everyone = false;
        List<string> aws = [], services = [], federated = [];
        foreach (var property in element.EnumerateObject())
        {
            var values = ReadStrings(property.Value, "Principal");
            switch (property.Name)
            {
                case "AWS":
                    foreach (var value in values)
                    {
                        if (value == "*")
                        {
                            everyone = true;
                        }
                        else if (AwsPrincipal().IsMatch(value))
                        {
                            aws.Add(value);
                        }
                        else
                        {
                            throw new PolicyFormatException(PolicyErrors.InvalidPrincipal("AWS", value));
                        }
                    }

                    break;
                case "Service":
                case "Federated":
                    foreach (var value in values)
                    {
                        if (value.Length == 0 || value.Any(char.IsWhiteSpace))
                        {
                            throw new PolicyFormatException(PolicyErrors.InvalidPrincipal(property.Name, value));
                        }
                    }

                    (property.Name == "Service" ? services : federated).AddRange(values);
                    break;
                default:
                    throw new PolicyFormatException(PolicyErrors.InvalidPrincipal(property.Name, string.Join(",", values)));
            }
        }

        if (!everyone && aws.Count + services.Count + federated.Count == 0)
        {
            throw new PolicyFormatException(PolicyErrors.MissingPrincipal);
        }

        return new PrincipalSet(negated, everyone, aws, services, federated);
    }

    /// <summary>An account id, or the ARN of an account root, user, role, assumed-role session or federated user.</summary>
    [GeneratedRegex(@"^(\d{12}|arn:aws:iam::\d{12}:(root|user/[\w+=,.@/-]+|role/[\w+=,.@/-]+)|arn:aws:sts::\d{12}:(assumed-role|federated-user)/[\w+=,.@/-]+)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex AwsPrincipal();
}
