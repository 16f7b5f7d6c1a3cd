using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:DescribeImages</c>: details of all or the named images, with scan status and findings summary.</summary>
internal sealed class DescribeImages(RegistryStore store, AwsAccount account) : RepositoryOperation(store, account)
{
    public override string Operation => "DescribeImages";

    protected override async ValueTask<OperationResult> HandleAsync(OperationContext context, RepositoryInfo repository, CancellationToken ct)
    {
        var name = repository.Name;
        var images = await Store.ListImagesAsync(name, ct).ConfigureAwait(false);
        if (context.Input["imageIds"] is JsonArray { Count: > 0 } ids)
        {
            var selected = new List<ImageRecord>();
            foreach (var id in ids.OfType<JsonObject>())
            {
                var manifest = await EcrShapes.ResolveAsync(Store, name, id, ct).ConfigureAwait(false);
                if (manifest is null)
                {
                    return OperationResult.Fail(EcrShapes.ImageNotFound(name, Account, EcrShapes.Describe(id)));
                }

                if (images.Find(i => i.Manifest.Digest == manifest.Digest) is { } image && !selected.Contains(image))
                {
                    selected.Add(image);
                }
            }

            images = selected;
        }
        else if (InputValues.GetString(context.Input["filter"]?["tagStatus"]) is { } status && status != "ANY")
        {
            images = [.. images.Where(i => status == "TAGGED" ? i.Tags.Count > 0 : i.Tags.Count == 0)];
        }

        if (!PageTokens.TryRead(context.Input["nextToken"], out var offset))
        {
            return OperationResult.Fail(EcrShapes.InvalidParameter("Invalid parameter at 'nextToken': the token is not valid."));
        }

        var size = PageTokens.Size(context.Input["maxResults"], 100);
        var page = images.Skip(offset).Take(size).ToList();
        var details = new JsonArray();
        foreach (var image in page)
        {
            details.Add(await DetailAsync(name, image, ct).ConfigureAwait(false));
        }

        var output = new JsonObject { ["imageDetails"] = details };
        if (offset + page.Count < images.Count)
        {
            output["nextToken"] = PageTokens.For(offset + page.Count);
        }

        return OperationResult.Ok(output);
    }

    private async Task<JsonObject> DetailAsync(string name, ImageRecord image, CancellationToken ct)
    {
        var manifest = image.Manifest;
        var detail = new JsonObject
        {
            ["registryId"] = Account.AccountId,
            ["repositoryName"] = name,
            ["imageDigest"] = manifest.Digest,
            ["imageSizeInBytes"] = manifest.ImageSize,
            ["imagePushedAt"] = JsonValue.Create(manifest.PushedAt),
            ["imageManifestMediaType"] = manifest.MediaType,
            ["imageStatus"] = "ACTIVE",
        };
        if (image.Tags.Count > 0)
        {
            detail["imageTags"] = new JsonArray([.. image.Tags.Select(t => (JsonNode)t)]);
        }

        if (manifest.ArtifactType is { } artifact)
        {
            detail["artifactMediaType"] = artifact;
        }

        if (manifest.SubjectDigest is { } subject)
        {
            detail["subjectManifestDigest"] = subject;
        }

        if (await Store.GetScanAsync(name, manifest.Digest, ct).ConfigureAwait(false) is { } scan)
        {
            detail["imageScanStatus"] = ImageScanShapes.Status(scan);
            if (ImageScanShapes.Summary(scan) is { } summary)
            {
                detail["imageScanFindingsSummary"] = summary;
            }
        }

        return detail;
    }
}
