namespace SageKeep.Server.Services.SageMaker.Tags;

/// <summary>
/// One SageMaker feature's resources as the tag operations see them: whether an ARN names one of them. Each
/// feature (marketplace, training jobs, inference) registers its own.
/// </summary>
internal interface ITaggableResources
{
    Task<bool> ExistsAsync(string arn, CancellationToken ct);
}
