namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>x-amz-copy-source</c>: <c>[/]bucket/key[?versionId=...]</c>, URL-encoded (CopyObject API reference).
/// Null when it names no bucket and key.
/// </summary>
internal sealed record CopySource(string Bucket, string Key)
{
    public static CopySource? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var text = header.Trim();
        var question = text.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            text = text[..question];
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(text).TrimStart('/');
        }
        catch (UriFormatException)
        {
            return null;
        }

        var slash = decoded.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 || slash == decoded.Length - 1 ? null : new CopySource(decoded[..slash], decoded[(slash + 1)..]);
    }
}
