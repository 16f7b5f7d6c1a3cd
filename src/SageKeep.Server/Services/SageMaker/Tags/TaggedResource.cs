namespace SageKeep.Server.Services.SageMaker.Tags;

/// <summary>Resolves a ResourceArn of the tag operations against every feature's resources.</summary>
internal sealed class TaggedResource(IEnumerable<ITaggableResources> sources)
{
    public async Task<bool> ExistsAsync(string arn, CancellationToken ct)
    {
        foreach (var source in sources)
        {
            if (await source.ExistsAsync(arn, ct).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }
}
