using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Security.Iam.Model;
using SageKeep.Security.Iam.Parsing;
using SageKeep.Server.Authorization;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry;

/// <summary>
/// ECR repository policies as resource-based policies for every call on a repository ARN (the ECR API and /v2/),
/// compiled once per repository and policy text. A stored text that no longer parses compiles to nothing.
/// </summary>
internal sealed class RepositoryPolicySource(RegistryStore store, AwsAccount account) : IResourcePolicySource
{
    private readonly ConcurrentDictionary<string, (string Text, CompiledPolicy? Policy)> _compiled = new(StringComparer.Ordinal);

    private string Prefix => $"arn:aws:ecr:{account.Region}:{account.AccountId}:repository/";

    public async ValueTask<CompiledPolicy?> GetAsync(string resourceArn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resourceArn);
        if (!resourceArn.StartsWith(Prefix, StringComparison.Ordinal) || resourceArn.Length == Prefix.Length)
        {
            return null;
        }

        var name = resourceArn[Prefix.Length..];
        if (await store.GetRepositoryAsync(name, ct).ConfigureAwait(false) is not { PolicyText: { } text })
        {
            return null;
        }

        if (_compiled.TryGetValue(name, out var cached) && cached.Text == text)
        {
            return cached.Policy;
        }

        var parsed = Parse(text, resourceArn, name);
        var policy = parsed.IsSuccess ? parsed.Policy : null;
        _compiled[name] = (text, policy);
        return policy;
    }

    /// <summary>
    /// Parses a repository policy as a resource policy. ECR's statements name no Resource (the repository is
    /// implied), so each statement without Resource or NotResource is read as applying to <paramref name="repositoryArn"/>;
    /// the stored text stays as the caller wrote it.
    /// </summary>
    public static ParseResult Parse(string text, string repositoryArn, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalised = text;
        try
        {
            if (JsonNode.Parse(text) is JsonObject document)
            {
                var statements = document["Statement"] switch
                {
                    JsonArray array => array.OfType<JsonObject>(),
                    JsonObject single => [single],
                    _ => [],
                };
                foreach (var statement in statements.Where(s => !s.ContainsKey("Resource") && !s.ContainsKey("NotResource")))
                {
                    statement["Resource"] = repositoryArn;
                }

                normalised = document.ToJsonString();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the parser says so in its own words.
        }

        return PolicyParser.Parse(normalised, PolicyKind.Resource, $"repository-policy:{name}");
    }
}
