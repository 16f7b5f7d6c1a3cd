using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Protocols;

/// <summary>
/// Buffers a request body up to a bound. A declared Content-Length over the bound is refused before
/// reading; a chunked body is refused as soon as it passes the bound; Kestrel's own 413
/// (<see cref="BadHttpRequestException"/> from MaxRequestBodySize) maps to the same outcome.
/// </summary>
internal static class BodyReader
{
    public static async Task<(BodyReadOutcome Outcome, ReadOnlyMemory<byte> Body)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            return (BodyReadOutcome.TooLarge, ReadOnlyMemory<byte>.Empty);
        }

        try
        {
            var initial = (int)Math.Min(request.ContentLength ?? 4096, maxBytes);
            using var buffer = new MemoryStream(initial);
            var chunk = new byte[Math.Clamp(initial, 1, 81920)];
            while (true)
            {
                var read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (buffer.Length + read > maxBytes)
                {
                    return (BodyReadOutcome.TooLarge, ReadOnlyMemory<byte>.Empty);
                }

                buffer.Write(chunk, 0, read);
            }

            return (BodyReadOutcome.Ok, buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (BodyReadOutcome.TooLarge, ReadOnlyMemory<byte>.Empty);
        }
        catch (BadHttpRequestException)
        {
            // Truncated body, bad chunk framing: the client's fault, answered as a 400.
            return (BodyReadOutcome.Incomplete, ReadOnlyMemory<byte>.Empty);
        }
    }
}
