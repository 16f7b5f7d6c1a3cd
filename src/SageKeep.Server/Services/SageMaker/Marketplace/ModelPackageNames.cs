using System.Text.Json.Nodes;
using SageKeep.Core;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>
/// Model package and group ARNs as SageMaker forms them (names lower-cased): <c>model-package-group/NAME</c>,
/// <c>model-package/NAME</c> for unversioned packages and <c>model-package/GROUP/VERSION</c> for versioned ones.
/// </summary>
internal static class ModelPackageNames
{
    public static string GroupArn(AwsAccount account, string group) =>
        $"arn:aws:sagemaker:{account.Region}:{account.AccountId}:model-package-group/{group.ToLowerInvariant()}";

    public static string PackageArn(AwsAccount account, string name) =>
        $"arn:aws:sagemaker:{account.Region}:{account.AccountId}:model-package/{name.ToLowerInvariant()}";

    public static string VersionedArn(AwsAccount account, string group, int version) =>
        PackageArn(account, MarketplaceStore.VersionedName(group, version));

    /// <summary>A group given by name or ARN, as its name.</summary>
    public static string GroupName(string nameOrArn) =>
        nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..] : nameOrArn;

    /// <summary>The ARN an IAM policy sees for a model package named by name or ARN.</summary>
    public static string ResourceArn(AwsAccount account, string nameOrArn) =>
        nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn : PackageArn(account, nameOrArn);

    /// <summary>A model package by unversioned name, unversioned ARN or versioned ARN (ARNs compared as SageMaker lower-cases them).</summary>
    public static Task<JsonObject?> FindAsync(MarketplaceStore store, string nameOrArn, CancellationToken ct) =>
        store.GetAsync(MarketplaceStore.ModelPackage, nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn.ToLowerInvariant() : nameOrArn, ct);

    /// <summary>A group by name or ARN.</summary>
    public static Task<JsonObject?> FindGroupAsync(MarketplaceStore store, string nameOrArn, CancellationToken ct) =>
        store.GetAsync(MarketplaceStore.ModelPackageGroup, nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn.ToLowerInvariant() : nameOrArn, ct);
}
