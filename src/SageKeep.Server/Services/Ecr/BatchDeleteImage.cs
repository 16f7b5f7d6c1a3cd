using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary>
/// <c>ecr:BatchDeleteImage</c>: an imageId with a tag removes that tag (the image goes with its last tag,
/// as ECR does); with only a digest it removes the image and all its tags.
/// </summary>
internal sealed class BatchDeleteImage(RegistryStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "ecr";

    public string Operation => "BatchDeleteImage";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) => EcrShapes.RepositoryAccess(context, account);

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["repositoryName"])!;
        if (await store.GetRepositoryAsync(name, ct).ConfigureAwait(false) is null)
        {
            return OperationResult.Fail(EcrShapes.RepositoryNotFound(name, account));
        }

        var deleted = new JsonArray();
        var failures = new JsonArray();
        foreach (var id in (context.Input["imageIds"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var manifest = await EcrShapes.ResolveAsync(store, name, id, ct).ConfigureAwait(false);
            if (manifest is null)
            {
                failures.Add(new JsonObject { ["imageId"] = id.DeepClone(), ["failureCode"] = "ImageNotFound", ["failureReason"] = "Requested image not found" });
                continue;
            }

            if (InputValues.GetString(id["imageTag"]) is { } tag)
            {
                await store.DeleteTagAsync(name, tag, ct).ConfigureAwait(false);
                var remaining = (await store.ListImagesAsync(name, ct).ConfigureAwait(false)).Find(i => i.Manifest.Digest == manifest.Digest);
                if (remaining is { Tags.Count: 0 })
                {
                    await store.DeleteManifestAsync(name, manifest.Digest, ct).ConfigureAwait(false);
                }

                deleted.Add(EcrShapes.ImageId(manifest.Digest, tag));
                continue;
            }

            await store.DeleteManifestAsync(name, manifest.Digest, ct).ConfigureAwait(false);
            deleted.Add(EcrShapes.ImageId(manifest.Digest, null));
        }

        return OperationResult.Ok(new JsonObject { ["imageIds"] = deleted, ["failures"] = failures });
    }
}
