using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:ListImages</c>: one imageId per tag (and one per untagged image), filter by tagStatus, paginated.</summary>
internal sealed class ListImages(RegistryStore store, AwsAccount account) : RepositoryOperation(store, account)
{
    public override string Operation => "ListImages";

    protected override async ValueTask<OperationResult> HandleAsync(OperationContext context, RepositoryInfo repository, CancellationToken ct)
    {
        var name = repository.Name;
        if (!PageTokens.TryRead(context.Input["nextToken"], out var offset))
        {
            return OperationResult.Fail(EcrShapes.InvalidParameter("Invalid parameter at 'nextToken': the token is not valid."));
        }

        var status = InputValues.GetString(context.Input["filter"]?["tagStatus"]) ?? "ANY";
        var ids = new List<JsonObject>();
        foreach (var image in await Store.ListImagesAsync(name, ct).ConfigureAwait(false))
        {
            if (image.Tags.Count == 0 && status is "ANY" or "UNTAGGED")
            {
                ids.Add(EcrShapes.ImageId(image.Manifest.Digest, null));
            }

            if (status is "ANY" or "TAGGED")
            {
                ids.AddRange(image.Tags.Select(t => EcrShapes.ImageId(image.Manifest.Digest, t)));
            }
        }

        var size = PageTokens.Size(context.Input["maxResults"], 100);
        var page = ids.Skip(offset).Take(size).ToList();
        var output = new JsonObject { ["imageIds"] = new JsonArray([.. page]) };
        if (offset + page.Count < ids.Count)
        {
            output["nextToken"] = PageTokens.For(offset + page.Count);
        }

        return OperationResult.Ok(output);
    }
}
