using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Registry;

internal sealed partial class RegistryEndpoint
{
    /// <summary>end-2: HEAD/GET a blob, with single byte ranges (RFC 9110 §14) for resumable pulls.</summary>
    private async Task BlobAsync(HttpContext context, RegistryCall call, RegistryRoute route, CancellationToken ct)
    {
        var digest = route.Reference;
        if (!Digest.IsValid(digest))
        {
            await WriteErrorAsync(context, call, RegistryError.DigestInvalid($"invalid digest: {digest}")).ConfigureAwait(false);
            return;
        }

        var size = await store.FindBlobAsync(route.Name, digest, ct).ConfigureAwait(false);
        if (size is null || blobs.Length(digest) is not { } length)
        {
            await WriteErrorAsync(context, call, RegistryError.BlobUnknown(digest)).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.Headers["Docker-Content-Digest"] = digest;
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = "application/octet-stream";
        long start = 0, end = length - 1;
        var status = 200;
        if (context.Request.Headers.Range.ToString() is { Length: > 0 } range && ReadRange(range, length, out var from, out var to) is { } satisfiable)
        {
            if (!satisfiable)
            {
                response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes */{length}");
                await WriteErrorAsync(context, call, RegistryError.RangeInvalid($"the requested range is not satisfiable: the blob has {length} bytes")).ConfigureAwait(false);
                return;
            }

            (start, end, status) = (from, to, 206);
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{end}/{length}");
        }

        response.StatusCode = status;
        response.ContentLength = length == 0 ? 0 : end - start + 1;
        if (HttpMethods.IsHead(context.Request.Method) || length == 0)
        {
            return;
        }

        var file = blobs.OpenRead(digest);
        await using (file.ConfigureAwait(false))
        {
            file.Seek(start, SeekOrigin.Begin);
            var remaining = end - start + 1;
            var buffer = new byte[81920];
            while (remaining > 0)
            {
                var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await response.Body.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                remaining -= read;
            }
        }
    }

    /// <summary>
    /// One range <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>: true when it is satisfiable, false when it lies
    /// past the blob's end (416), null when the header is not one such range and is ignored (RFC 9110 §14.2: the
    /// whole blob is sent).
    /// </summary>
    internal static bool? ReadRange(string header, long length, out long start, out long end)
    {
        start = 0;
        end = length - 1;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var spec = header.AsSpan(6).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return null;
            }

            start = Math.Max(0, length - suffix);
            return suffix > 0 && length > 0;
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            return null;
        }

        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return null;
            }

            end = Math.Min(end, length - 1);
        }

        return start < length;
    }
}
