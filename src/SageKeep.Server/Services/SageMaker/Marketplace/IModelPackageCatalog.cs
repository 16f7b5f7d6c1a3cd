namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>
/// Model packages as the code that creates models and endpoints sees them: resolve a ModelPackageName (a name,
/// an unversioned ARN or a versioned <c>model-package/group/N</c> ARN) to its pinned containers and its standing.
/// </summary>
internal interface IModelPackageCatalog
{
    /// <summary>The model package, or null when there is none by that name or ARN.</summary>
    Task<ModelPackageEntry?> FindAsync(string nameOrArn, CancellationToken ct);
}

/// <summary>
/// One model package: its ARN, status (<c>Pending</c>, <c>InProgress</c>, <c>Completed</c>, <c>Failed</c>), approval,
/// the containers pinned to registry digests, and whether it is certified for the marketplace (certified packages
/// must only run with network isolation). <see cref="RefusalReason"/> says why a new model must not use it now
/// (not validated, failed the gate, possibly after a database update, or rejected), or is null when it may be used.
/// </summary>
internal sealed record ModelPackageEntry(
    string Arn,
    string Name,
    string? GroupName,
    int? Version,
    string Status,
    string? ApprovalStatus,
    bool CertifiedForMarketplace,
    IReadOnlyList<ModelPackageContainer> Containers,
    string? RefusalReason)
{
    public bool RequiresNetworkIsolation => CertifiedForMarketplace;
}

/// <summary>A container of a model package's InferenceSpecification: the image pinned to its digest and the model data.</summary>
internal sealed record ModelPackageContainer(string Image, string ImageDigest, string PinnedImage, string? ModelDataUrl, IReadOnlyDictionary<string, string> Environment);
