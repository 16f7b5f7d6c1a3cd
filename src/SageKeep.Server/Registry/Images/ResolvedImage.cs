namespace SageKeep.Server.Registry.Images;

/// <summary>An image found in the registry: the repository, its manifest digest and media type.</summary>
internal sealed record ResolvedImage(ImageReference Reference, string Repository, string Digest, string MediaType)
{
    public string PinnedUri => Reference.Pinned(Digest);
}
