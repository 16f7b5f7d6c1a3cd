using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary>
/// What the ECR operations share: repository ARNs and URIs, the output shapes, ECR's error codes and
/// messages (ECR API Reference, "Errors" of each action), and page tokens.
/// </summary>
internal static class EcrShapes
{
    public static string RepositoryArn(AwsAccount account, string name) => $"arn:aws:ecr:{account.Region}:{account.AccountId}:repository/{name}";

    /// <summary>The access an operation on the input's <c>repositoryName</c> needs.</summary>
    public static ValueTask<AccessRequest> RepositoryAccess(OperationContext context, AwsAccount account) =>
        ValueTask.FromResult(AccessRequest.For(
            $"ecr:{context.Operation.Name}",
            InputValues.GetString(context.Input["repositoryName"]) is { } name ? RepositoryArn(account, name) : "*"));

    /// <summary>The URI clients push to: <c>host:port/name</c>, the host as this request reached the server.</summary>
    public static string RepositoryUri(OperationContext context, string name) => $"{context.HttpContext.Request.Host}/{name}";

    public static JsonObject Repository(OperationContext context, AwsAccount account, RepositoryInfo repository) => new()
    {
        ["repositoryArn"] = RepositoryArn(account, repository.Name),
        ["registryId"] = account.AccountId,
        ["repositoryName"] = repository.Name,
        ["repositoryUri"] = RepositoryUri(context, repository.Name),
        ["createdAt"] = JsonValue.Create(repository.CreatedAt),
        ["imageTagMutability"] = repository.ImmutableTags ? "IMMUTABLE" : "MUTABLE",
        ["imageScanningConfiguration"] = new JsonObject { ["scanOnPush"] = repository.ScanOnPush },
        ["encryptionConfiguration"] = new JsonObject { ["encryptionType"] = "AES256" },
    };

    public static AwsError RepositoryNotFound(string name, AwsAccount account) =>
        AwsError.Sender("RepositoryNotFoundException", $"The repository with name '{name}' does not exist in the registry with id '{account.AccountId}'");

    public static AwsError ImageNotFound(string name, AwsAccount account, string id) =>
        AwsError.Sender("ImageNotFoundException", $"The image with imageId {id} does not exist within the repository with name '{name}' in the registry with id '{account.AccountId}'");

    public static AwsError InvalidParameter(string message) => AwsError.Sender("InvalidParameterException", message);

    public static string Describe(JsonObject? imageId) =>
        $"{{imageDigest:'{InputValues.GetString(imageId?["imageDigest"]) ?? "null"}', imageTag:'{InputValues.GetString(imageId?["imageTag"]) ?? "null"}'}}";

    public static JsonObject ImageId(string digest, string? tag)
    {
        var id = new JsonObject { ["imageDigest"] = digest };
        if (tag is not null)
        {
            id["imageTag"] = tag;
        }

        return id;
    }

    /// <summary>Resolves an imageId (digest and/or tag); a tag and digest that disagree do not resolve.</summary>
    public static async Task<ManifestRecord?> ResolveAsync(RegistryStore store, string repository, JsonObject? imageId, CancellationToken ct)
    {
        var digest = InputValues.GetString(imageId?["imageDigest"]);
        var tag = InputValues.GetString(imageId?["imageTag"]);
        if (tag is not null)
        {
            var tagged = await store.ResolveTagAsync(repository, tag, ct).ConfigureAwait(false);
            if (tagged is null || (digest is not null && digest != tagged))
            {
                return null;
            }

            digest = tagged;
        }

        return digest is null ? null : await store.GetManifestAsync(repository, digest, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Resolves one imageId of a batch call (BatchGetImage, BatchDeleteImage): the manifest, or ECR's ImageFailure code
    /// and reason (ECR API Reference, "ImageFailure"): MissingDigestAndTag, InvalidImageDigest, InvalidImageTag,
    /// ImageTagDoesNotMatchDigest, ImageNotFound.
    /// </summary>
    public static async Task<(ManifestRecord? Manifest, string? FailureCode, string? FailureReason)> ResolveForBatchAsync(RegistryStore store, string repository, JsonObject imageId, CancellationToken ct)
    {
        var digest = InputValues.GetString(imageId["imageDigest"]);
        var tag = InputValues.GetString(imageId["imageTag"]);
        if (digest is null && tag is null)
        {
            return (null, "MissingDigestAndTag", "Invalid request parameters: both tag and digest cannot be null");
        }

        if (digest is not null && !Registry.Digest.IsValid(digest))
        {
            return (null, "InvalidImageDigest", $"Invalid request parameters: image digest '{digest}' is not a valid sha256 digest");
        }

        if (tag is not null && !Registry.RepositoryNames.IsValidTag(tag))
        {
            return (null, "InvalidImageTag", "Invalid request parameters: image tag should satisfy the regex '[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}'");
        }

        if (tag is not null && digest is not null)
        {
            var tagged = await store.ResolveTagAsync(repository, tag, ct).ConfigureAwait(false);
            if (tagged is not null && tagged != digest)
            {
                return (null, "ImageTagDoesNotMatchDigest", $"Invalid request parameters: image tag '{tag}' does not match digest '{digest}'");
            }
        }

        var manifest = await ResolveAsync(store, repository, imageId, ct).ConfigureAwait(false);
        return manifest is null ? (null, "ImageNotFound", "Requested image not found") : (manifest, null, null);
    }

    public static JsonObject Failure(JsonObject imageId, string code, string reason) =>
        new() { ["imageId"] = imageId.DeepClone(), ["failureCode"] = code, ["failureReason"] = reason };
}
