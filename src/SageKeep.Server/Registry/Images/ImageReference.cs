namespace SageKeep.Server.Registry.Images;

/// <summary>
/// An image reference into this server's registry: <c>host:port/repository[:tag][@sha256:…]</c>, the form
/// <c>repositoryUri</c> gives. <see cref="Tag"/> and <see cref="Digest"/> may both be set; neither means
/// <c>latest</c>.
/// </summary>
internal sealed record ImageReference(string Host, string Repository, string? Tag, string? Digest)
{
    public static ImageReference? TryParse(string? text)
    {
        if (text is null || text.Length > 1024)
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        var host = text[..slash];
        var rest = text[(slash + 1)..];
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!Registry.Digest.IsValid(digest))
            {
                return null;
            }
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!RepositoryNames.IsValidTag(tag))
            {
                return null;
            }
        }

        return RepositoryNames.IsValidName(rest) ? new ImageReference(host, rest, tag ?? (digest is null ? "latest" : null), digest) : null;
    }

    /// <summary>The reference pinned to its digest: <c>host/repository@sha256:…</c>.</summary>
    public string Pinned(string digest) => $"{Host}/{Repository}@{digest}";
}
