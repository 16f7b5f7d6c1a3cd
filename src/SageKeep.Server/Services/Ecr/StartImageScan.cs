using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Manifests;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:StartImageScan</c>: queues a basic scan of one image and answers IN_PROGRESS at once.</summary>
internal sealed class StartImageScan(RegistryStore store, ScanQueue queue, AwsAccount account) : RepositoryOperation(store, account)
{
    public override string Operation => "StartImageScan";

    protected override async ValueTask<OperationResult> HandleAsync(OperationContext context, RepositoryInfo repository, CancellationToken ct)
    {
        var name = repository.Name;
        var id = context.Input["imageId"] as JsonObject;
        var manifest = await EcrShapes.ResolveAsync(Store, name, id, ct).ConfigureAwait(false);
        if (manifest is null)
        {
            return OperationResult.Fail(EcrShapes.ImageNotFound(name, Account, EcrShapes.Describe(id)));
        }

        if (!ManifestMediaTypes.IsImage(manifest.MediaType) || manifest.ArtifactType is not null)
        {
            return OperationResult.Fail(AwsError.Sender("UnsupportedImageTypeException", "The image is of a type that cannot be scanned."));
        }

        await queue.EnqueueAsync(name, manifest.Digest, ct).ConfigureAwait(false);
        return OperationResult.Ok(new JsonObject
        {
            ["registryId"] = Account.AccountId,
            ["repositoryName"] = name,
            ["imageId"] = EcrShapes.ImageId(manifest.Digest, InputValues.GetString(id?["imageTag"])),
            ["imageScanStatus"] = new JsonObject { ["status"] = ScanStatuses.InProgress, ["description"] = "The scan is in progress." },
        });
    }
}
