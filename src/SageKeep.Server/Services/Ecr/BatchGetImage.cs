using System.Text;
using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:BatchGetImage</c>: the manifests of the named images; unknown ones come back as failures.</summary>
internal sealed class BatchGetImage(RegistryStore store, BlobStore blobs, AwsAccount account) : RepositoryOperation(store, account)
{
    public override string Operation => "BatchGetImage";

    protected override async ValueTask<OperationResult> HandleAsync(OperationContext context, RepositoryInfo repository, CancellationToken ct)
    {
        var name = repository.Name;
        var images = new JsonArray();
        var failures = new JsonArray();
        foreach (var id in (context.Input["imageIds"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var (manifest, code, reason) = await EcrShapes.ResolveForBatchAsync(Store, name, id, ct).ConfigureAwait(false);
            if (manifest is null || blobs.Length(manifest.Digest) is null)
            {
                failures.Add(EcrShapes.Failure(id, code ?? "ImageNotFound", reason ?? "Requested image not found"));
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(blobs.PathOf(manifest.Digest), ct).ConfigureAwait(false);
            images.Add(new JsonObject
            {
                ["registryId"] = Account.AccountId,
                ["repositoryName"] = name,
                ["imageId"] = EcrShapes.ImageId(manifest.Digest, InputValues.GetString(id["imageTag"])),
                ["imageManifest"] = Encoding.UTF8.GetString(bytes),
                ["imageManifestMediaType"] = manifest.MediaType,
            });
        }

        return OperationResult.Ok(new JsonObject { ["images"] = images, ["failures"] = failures });
    }
}
