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
        if (context.Request.Headers.Range.ToString() is { Length: > 0 } range)
        {
            if (!TryParseRange(range, length, out start, out end))
            {
                response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes */{length}");
                await WriteErrorAsync(context, call, RegistryError.RangeInvalid($"the requested range is not satisfiable: the blob has {length} bytes")).ConfigureAwait(false);
                return;
            }

            status = 206;
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

    /// <summary><c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c> (one range only).</summary>
    internal static bool TryParseRange(string header, long length, out long start, out long end)
    {
        start = 0;
        end = length - 1;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal) || length == 0)
        {
            return false;
        }

        var spec = header.AsSpan(6).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return false;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix) || suffix == 0)
            {
                return false;
            }

            start = Math.Max(0, length - suffix);
            return true;
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start >= length)
        {
            return false;
        }

        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return false;
            }

            end = Math.Min(end, length - 1);
        }

        return true;
    }
}
