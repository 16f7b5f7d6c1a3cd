namespace SageKeep.Server.Registry;

/// <summary>
/// A parsed <c>/v2/</c> path. Names may contain slashes, so the endpoint is found from the last marker
/// (<c>/blobs/uploads/</c>, <c>/blobs/</c>, <c>/manifests/</c>, <c>/tags/list</c>, <c>/referrers/</c>).
/// </summary>
internal sealed record RegistryRoute(RegistryRouteKind Kind, string Name, string Reference)
{
    private static readonly RegistryRoute Unknown = new(RegistryRouteKind.Unknown, string.Empty, string.Empty);

    public static RegistryRoute Parse(string path)
    {
        if (path is "/v2" or "/v2/")
        {
            return new(RegistryRouteKind.Base, string.Empty, string.Empty);
        }

        if (!path.StartsWith("/v2/", StringComparison.Ordinal) || path.Length > 2048)
        {
            return Unknown;
        }

        var rest = path[4..];
        if (rest.EndsWith("/tags/list", StringComparison.Ordinal))
        {
            return new(RegistryRouteKind.TagsList, rest[..^"/tags/list".Length], string.Empty);
        }

        if (rest.EndsWith("/blobs/uploads/", StringComparison.Ordinal) || rest.EndsWith("/blobs/uploads", StringComparison.Ordinal))
        {
            return new(RegistryRouteKind.UploadStart, rest[..rest.LastIndexOf("/blobs/uploads", StringComparison.Ordinal)], string.Empty);
        }

        return Split(rest, "/blobs/uploads/", RegistryRouteKind.Upload)
            ?? Split(rest, "/blobs/", RegistryRouteKind.Blob)
            ?? Split(rest, "/manifests/", RegistryRouteKind.Manifest)
            ?? Split(rest, "/referrers/", RegistryRouteKind.Referrers)
            ?? Unknown;
    }

    private static RegistryRoute? Split(string rest, string marker, RegistryRouteKind kind)
    {
        var at = rest.LastIndexOf(marker, StringComparison.Ordinal);
        if (at <= 0)
        {
            return null;
        }

        var reference = rest[(at + marker.Length)..];
        return reference.Length == 0 || reference.Contains('/', StringComparison.Ordinal)
            ? null
            : new(kind, rest[..at], reference);
    }
}
