using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:ListImages</c>: one imageId per tag (and one per untagged image), filter by tagStatus, paginated.</summary>
internal sealed class ListImages(RegistryStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "ecr";

    public string Operation => "ListImages";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) => EcrShapes.RepositoryAccess(context, account);

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["repositoryName"])!;
        if (await store.GetRepositoryAsync(name, ct).ConfigureAwait(false) is null)
        {
            return OperationResult.Fail(EcrShapes.RepositoryNotFound(name, account));
        }

        if (!EcrShapes.TryReadPageToken(context.Input["nextToken"], out var offset))
        {
            return OperationResult.Fail(EcrShapes.InvalidParameter("Invalid parameter at 'nextToken': the token is not valid."));
        }

        var status = InputValues.GetString(context.Input["filter"]?["tagStatus"]) ?? "ANY";
        var ids = new List<JsonObject>();
        foreach (var image in await store.ListImagesAsync(name, ct).ConfigureAwait(false))
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

        var size = EcrShapes.PageSize(context.Input["maxResults"], 100);
        var page = ids.Skip(offset).Take(size).ToList();
        var output = new JsonObject { ["imageIds"] = new JsonArray([.. page]) };
        if (offset + page.Count < ids.Count)
        {
            output["nextToken"] = EcrShapes.PageToken(offset + page.Count);
        }

        return OperationResult.Ok(output);
    }
}
