using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:DescribeRepositories</c>: named repositories (each must exist) or all, paginated.</summary>
internal sealed class DescribeRepositories(RegistryStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "ecr";

    public string Operation => "DescribeRepositories";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var names = context.Input["repositoryNames"] as JsonArray;
        return ValueTask.FromResult(names is { Count: > 0 }
            ? new AccessRequest("ecr:DescribeRepositories", [.. names.Select(n => EcrShapes.RepositoryArn(account, InputValues.GetString(n) ?? "*"))])
            : AccessRequest.For("ecr:DescribeRepositories", "*"));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var all = await store.ListRepositoriesAsync(ct).ConfigureAwait(false);
        if (context.Input["repositoryNames"] is JsonArray { Count: > 0 } names)
        {
            var selected = new List<RepositoryInfo>();
            foreach (var name in names.Select(InputValues.GetString))
            {
                if (all.Find(r => r.Name == name) is not { } found)
                {
                    return OperationResult.Fail(EcrShapes.RepositoryNotFound(name ?? string.Empty, account));
                }

                selected.Add(found);
            }

            all = selected;
        }

        if (!PageTokens.TryRead(context.Input["nextToken"], out var offset))
        {
            return OperationResult.Fail(EcrShapes.InvalidParameter("Invalid parameter at 'nextToken': the token is not valid."));
        }

        var size = PageTokens.Size(context.Input["maxResults"], 100);
        var page = all.Skip(offset).Take(size).ToList();
        var output = new JsonObject { ["repositories"] = new JsonArray([.. page.Select(r => (JsonNode)EcrShapes.Repository(context, account, r))]) };
        if (offset + page.Count < all.Count)
        {
            output["nextToken"] = PageTokens.For(offset + page.Count);
        }

        return OperationResult.Ok(output);
    }
}
