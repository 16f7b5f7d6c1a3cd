using SageKeep.Server.Authorization;

namespace SageKeep.Server.Services.SageMaker.Tags;

/// <summary>The tags of SageMaker resources for <c>aws:ResourceTag/k</c> on every operation that names one.</summary>
internal sealed class SageMakerTagSource(SageMakerTagStore tags) : IResourceTagSource
{
    public async ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string resourceArn, CancellationToken ct) =>
        resourceArn.StartsWith("arn:aws:sagemaker:", StringComparison.Ordinal)
            ? await tags.GetAsync(resourceArn, ct).ConfigureAwait(false)
            : null;
}
