using System.Globalization;
using Microsoft.AspNetCore.Http;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// GetObject and HeadObject: existence, preconditions, range, then the headers S3 sends (ETag,
/// Last-Modified, stored metadata, <c>response-*</c> overrides, checksums when <c>x-amz-checksum-mode:
/// ENABLED</c> asks for them and the whole object is sent) and, for GET, the bytes streamed from the blob.
/// </summary>
internal static class ObjectReader
{
    /// <summary>How much of the blob is read and handed to the response at a time.</summary>
    private const int ChunkBytes = 256 * 1024;

    private static readonly (string Query, string Header)[] Overrides =
    [
        ("response-content-type", "Content-Type"),
        ("response-content-disposition", "Content-Disposition"),
        ("response-content-encoding", "Content-Encoding"),
        ("response-content-language", "Content-Language"),
        ("response-cache-control", "Cache-Control"),
        ("response-expires", "Expires"),
    ];

    public static async ValueTask<OperationResult> ReadAsync(S3Services s3, OperationContext context, bool withBody, CancellationToken ct)
    {
        var bucket = context.Bucket();
        var opened = await s3.Store.OpenObjectAsync(bucket, context.Key(), ct).ConfigureAwait(false);
        if (opened is not { } found)
        {
            return OperationResult.Fail(await s3.Store.GetBucketAsync(bucket, ct).ConfigureAwait(false) is null ? S3Errors.NoSuchBucket : S3Errors.NoSuchKey);
        }

        var (record, content) = found;
        var info = record.Info;
        var keep = false;
        try
        {
            var outcome = Preconditions.Evaluate(context.Header("If-Match"), context.Header("If-None-Match"), context.Header("If-Modified-Since"), context.Header("If-Unmodified-Since"), info.ETag, info.LastModified);
            if (outcome == PreconditionOutcome.PreconditionFailed)
            {
                return OperationResult.Fail(S3Errors.PreconditionFailed);
            }

            if (outcome == PreconditionOutcome.NotModified)
            {
                return S3Xml.Empty(304, KeyValuePair.Create("ETag", info.ETag), KeyValuePair.Create("Last-Modified", S3Xml.HttpDate(info.LastModified)));
            }

            var range = ByteRange.Parse(context.Header("Range"), info.Size);
            if (range.Kind == RangeKind.Unsatisfiable)
            {
                context.HttpContext.Response.Headers["Content-Range"] = string.Create(CultureInfo.InvariantCulture, $"bytes */{info.Size}");
                return OperationResult.Fail(S3Errors.InvalidRange);
            }

            var checksums = context.Header("x-amz-checksum-mode")?.Equals("ENABLED", StringComparison.OrdinalIgnoreCase) == true && range.Kind == RangeKind.Whole
                ? info.Checksums
                : null;
            keep = true;
            return OperationResult.Stream((response, token) => WriteAsync(context, record, content, range, checksums, withBody, response, token));
        }
        finally
        {
            if (!keep)
            {
                await content.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteAsync(OperationContext context, ObjectRecord record, FileStream content, RangeResult range, IReadOnlyDictionary<string, string>? checksums, bool withBody, HttpResponse response, CancellationToken ct)
    {
        await using (content.ConfigureAwait(false))
        {
            var info = record.Info;
            var headers = response.Headers;
            S3Metadata.Apply(record.Metadata, headers);
            headers.ContentType = info.ContentType ?? S3Metadata.DefaultContentType;
            headers.ETag = info.ETag;
            headers.LastModified = S3Xml.HttpDate(info.LastModified);
            headers.AcceptRanges = "bytes";
            foreach (var (algorithm, value) in checksums ?? new Dictionary<string, string>())
            {
                headers["x-amz-checksum-" + algorithm] = value;
            }

            if (checksums is { Count: > 0 })
            {
                headers["x-amz-checksum-type"] = CompleteMultipartUpload.ChecksumType(checksums);
            }

            foreach (var (query, header) in Overrides)
            {
                if (context.Query(query) is { } value)
                {
                    headers[header] = value;
                }
            }

            var start = 0L;
            var length = info.Size;
            if (range.Kind == RangeKind.Partial)
            {
                start = range.Range.Start;
                length = range.Range.Length;
                response.StatusCode = 206;
                headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{range.Range.End}/{info.Size}");
            }
            else
            {
                response.StatusCode = 200;
            }

            response.ContentLength = length;
            if (!withBody || length == 0)
            {
                return;
            }

            content.Seek(start, SeekOrigin.Begin);
            await StreamBodyAsync(context, content, length, response, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the blob straight into the response's own buffers (no copy through an intermediate array) in
    /// large pieces, so TLS gets large writes and makes full-size records rather than one per pool block.
    /// </summary>
    private static async Task StreamBodyAsync(OperationContext context, FileStream content, long length, HttpResponse response, CancellationToken ct)
    {
        // Headers first: until the response has started, the writer copies into buffers of its own.
        await response.StartAsync(ct).ConfigureAwait(false);
        var writer = response.BodyWriter;
        var remaining = length;
        while (remaining > 0)
        {
            var memory = writer.GetMemory(ChunkBytes);
            var want = (int)Math.Min(Math.Min(memory.Length, ChunkBytes), remaining);
            var read = await content.ReadAsync(memory[..want], ct).ConfigureAwait(false);
            if (read == 0)
            {
                // The blob is shorter than its row says: abort rather than send a torn object.
                context.HttpContext.Abort();
                return;
            }

            writer.Advance(read);
            remaining -= read;
            var flushed = await writer.FlushAsync(ct).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return;
            }
        }
    }
}
