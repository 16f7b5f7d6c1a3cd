namespace SageKeep.Server.Authorization;

/// <summary>
/// The tags on a resource, for <c>aws:ResourceTag/k</c> when the operation did not supply them itself
/// (<see cref="AccessRequest.ResourceTags"/>). Null when the ARN is not one this source knows.
/// </summary>
internal interface IResourceTagSource
{
    ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string resourceArn, CancellationToken ct);
}
