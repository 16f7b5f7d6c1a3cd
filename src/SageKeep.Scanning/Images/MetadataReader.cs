using System.Text.Json;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Images;

/// <summary>Reads the small JSON documents of an image (index, manifests, config) bounded and, when a digest is known, verified first.</summary>
internal static class MetadataReader
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 32 };

    public static async Task<byte[]> ReadBlobAsync(IImageFiles files, BlobDigest digest, long? size, string what, int maxBytes, CancellationToken cancellationToken)
    {
        var path = digest.LayoutPath;
        if (files.Length(path) is null)
        {
            throw new ScanRefusedException(ScanErrorKind.BlobMissing, $"{what} {digest} is not in the image");
        }

        var stream = new VerifyingStream(files.Open(path), digest, size, what);
        await using (stream.ConfigureAwait(false))
        {
            var bytes = await ReadBoundedAsync(stream, path, maxBytes, cancellationToken).ConfigureAwait(false);
            await stream.VerifyAsync(cancellationToken).ConfigureAwait(false);
            return bytes;
        }
    }

    public static async Task<byte[]> ReadFileAsync(IImageFiles files, string path, int maxBytes, CancellationToken cancellationToken)
    {
        if (files.Length(path) is null)
        {
            throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, $"{path} is missing");
        }

        var stream = files.Open(path);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadBoundedAsync(stream, path, maxBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    public static JsonDocument Parse(byte[] bytes, string what)
    {
        try
        {
            return JsonDocument.Parse(bytes, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, $"{what} is not valid JSON: {ex.Message}");
        }
    }

    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static long? Int64(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            ? n
            : null;

    public static JsonElement? Array(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : null;

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, string path, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, $"{path} is larger than {maxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
