using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary>
/// <c>ecr:BatchDeleteImage</c>: an imageId with a tag removes that tag (the image goes with its last tag,
/// as ECR does); with only a digest it removes the image and all its tags.
/// </summary>
internal sealed class BatchDeleteImage(RegistryStore store, AwsAccount account) : RepositoryOperation(store, account)
{
    public override string Operation => "BatchDeleteImage";

    protected override async ValueTask<OperationResult> HandleAsync(OperationContext context, RepositoryInfo repository, CancellationToken ct)
    {
        var name = repository.Name;
        var deleted = new JsonArray();
        var failures = new JsonArray();
        foreach (var id in (context.Input["imageIds"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var (manifest, code, reason) = await EcrShapes.ResolveForBatchAsync(Store, name, id, ct).ConfigureAwait(false);
            if (manifest is null)
            {
                failures.Add(EcrShapes.Failure(id, code!, reason!));
                continue;
            }

            if (InputValues.GetString(id["imageTag"]) is { } tag)
            {
                if (!await Store.UntagAsync(name, tag, manifest.Digest, ct).ConfigureAwait(false))
                {
                    // The tag was moved or removed after it was resolved: what it named then is not what it names now.
                    failures.Add(EcrShapes.Failure(id, "ImageNotFound", "Requested image not found"));
                    continue;
                }

                deleted.Add(EcrShapes.ImageId(manifest.Digest, tag));
                continue;
            }

            await Store.DeleteManifestAsync(name, manifest.Digest, ct).ConfigureAwait(false);
            deleted.Add(EcrShapes.ImageId(manifest.Digest, null));
        }

        return OperationResult.Ok(new JsonObject { ["imageIds"] = deleted, ["failures"] = failures });
    }
}
