using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary>
/// <c>ecr:DescribeImageScanFindings</c> in the basic-scan shape: status, then (when complete) the findings
/// page, severity counts and scan times. maxResults defaults to 100, as in ECR.
/// </summary>
internal sealed class DescribeImageScanFindings(RegistryStore store, AwsAccount account) : RepositoryOperation(store, account)
{
    public override string Operation => "DescribeImageScanFindings";

    protected override async ValueTask<OperationResult> HandleAsync(OperationContext context, RepositoryInfo repository, CancellationToken ct)
    {
        var name = repository.Name;
        var id = context.Input["imageId"] as JsonObject;
        var manifest = await EcrShapes.ResolveAsync(Store, name, id, ct).ConfigureAwait(false);
        if (manifest is null)
        {
            return OperationResult.Fail(EcrShapes.ImageNotFound(name, Account, EcrShapes.Describe(id)));
        }

        var scan = await Store.GetScanAsync(name, manifest.Digest, ct).ConfigureAwait(false);
        if (scan is null)
        {
            return OperationResult.Fail(AwsError.Sender("ScanNotFoundException", $"Image scan does not exist for image with '{EcrShapes.Describe(id)}' in repository with name '{name}' in registry with id '{Account.AccountId}'"));
        }

        if (!PageTokens.TryRead(context.Input["nextToken"], out var offset))
        {
            return OperationResult.Fail(EcrShapes.InvalidParameter("Invalid parameter at 'nextToken': the token is not valid."));
        }

        var output = new JsonObject
        {
            ["registryId"] = Account.AccountId,
            ["repositoryName"] = name,
            ["imageId"] = EcrShapes.ImageId(manifest.Digest, InputValues.GetString(id?["imageTag"])),
            ["imageScanStatus"] = ImageScanShapes.Status(scan),
        };
        if (scan.Status != ScanStatuses.Complete || scan.FindingsJson is null || ScanDocument.Parse(scan.FindingsJson) is not { } document)
        {
            return OperationResult.Ok(output);
        }

        var size = PageTokens.Size(context.Input["maxResults"], 100);
        var page = document.Findings.Skip(offset).Take(size).Select(f => f?.DeepClone()).ToList();
        var findings = new JsonObject
        {
            ["imageScanCompletedAt"] = JsonValue.Create(scan.CompletedAt ?? scan.RequestedAt),
            ["findingSeverityCounts"] = document.Counts.DeepClone(),
            ["findings"] = new JsonArray([.. page]),
        };
        if (document.SourceUpdatedAt is { } updated)
        {
            findings["vulnerabilitySourceUpdatedAt"] = JsonValue.Create(updated);
        }

        output["imageScanFindings"] = findings;
        if (offset + page.Count < document.Findings.Count)
        {
            output["nextToken"] = PageTokens.For(offset + page.Count);
        }

        return OperationResult.Ok(output);
    }
}
