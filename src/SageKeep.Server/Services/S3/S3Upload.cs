using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SageKeep.Core.Errors;
using SageKeep.Security.SigV4;
using SageKeep.Security.SigV4.Chunked;
using SageKeep.Server.Auth;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// Receives an upload body into a temporary blob, streaming, and checks it on the way: the signed payload
/// hash (<c>x-amz-content-sha256</c>: XAmzContentSHA256Mismatch), aws-chunked chunk signatures and trailing
/// checksums (through <see cref="AwsChunkedDecoder"/>), Content-MD5 (BadDigest) and
/// <c>x-amz-checksum-*</c> headers. Nothing is kept unless every check passed.
/// </summary>
internal static class S3Upload
{
    private static readonly string[] Algorithms = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"];

    public static async Task<(PendingBlob? Blob, AwsError? Error)> ReceiveAsync(OperationContext context, EmbeddedObjectStore store, long maxBytes, string? uploadChecksumAlgorithm, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.HttpContext.Request;
        var signature = context.Signature;
        var mode = signature?.PayloadMode ?? PayloadMode.UnsignedPayload;
        var streaming = mode is PayloadMode.StreamingSigned or PayloadMode.StreamingSignedTrailer or PayloadMode.StreamingUnsignedTrailer;

        // Step 1: the size, before a byte is read. Kestrel's server-wide body limit is for API calls;
        // S3 bounds uploads itself (5 GiB per PUT or part).
        long? declared = streaming
            ? long.TryParse(context.Header("x-amz-decoded-content-length"), NumberStyles.None, CultureInfo.InvariantCulture, out var decoded) ? decoded : null
            : request.ContentLength;
        if (declared is null)
        {
            return (null, streaming ? S3Errors.InvalidRequest("Missing or invalid required header for this request: x-amz-decoded-content-length") : S3Errors.MissingContentLength);
        }

        if (declared > maxBytes)
        {
            return (null, S3Errors.EntityTooLarge(maxBytes));
        }

        if (context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        byte[]? contentMd5 = null;
        if (context.Header("Content-MD5") is { } md5Text)
        {
            contentMd5 = new byte[16];
            if (!Convert.TryFromBase64String(md5Text, contentMd5, out var length) || length != 16)
            {
                return (null, S3Errors.InvalidDigest);
            }
        }

        // Step 2: the checksums to compute: those sent as headers, announced as trailers or chosen for the upload.
        var algorithms = new List<string>();
        foreach (var algorithm in Algorithms)
        {
            if (context.Header("x-amz-checksum-" + algorithm) is not null)
            {
                algorithms.Add(algorithm);
            }
        }

        var trailer = context.Header("x-amz-trailer")?.Trim().ToLowerInvariant();
        if (trailer is not null && trailer.StartsWith("x-amz-checksum-", StringComparison.Ordinal))
        {
            algorithms.Add(trailer["x-amz-checksum-".Length..]);
        }

        if (context.Header("x-amz-sdk-checksum-algorithm") is { } sdkAlgorithm)
        {
            algorithms.Add(sdkAlgorithm.ToLowerInvariant());
        }

        if (uploadChecksumAlgorithm is not null)
        {
            algorithms.Add(uploadChecksumAlgorithm);
        }

        // Step 3: stream into the blob.
        var checkSha256 = mode == PayloadMode.SignedPayload && signature?.ExpectedPayloadSha256 is not null;
        var sink = store.CreateSink(algorithms.Distinct(StringComparer.Ordinal), checkSha256, maxBytes);
        PendingBlob blob;
        AwsTrailingChecksum? trailing = null;
        await using (sink.ConfigureAwait(false))
        {
            try
            {
                if (streaming)
                {
                    var headers = new SigV4Headers();
                    foreach (var (name, values) in request.Headers)
                    {
                        headers.Add(name, values.ToString());
                    }

                    var decoder = AwsChunkedDecoder.Create(signature!, headers, null, out var headerError);
                    if (decoder is null)
                    {
                        return (null, S3Errors.InvalidRequest(headerError));
                    }

                    var result = await decoder.DecodeAsync(request.Body, sink, ct).ConfigureAwait(false);
                    if (!result.Succeeded)
                    {
                        var error = SigV4ErrorCatalog.For(result.Failure!.Value);
                        return (null, AwsError.Sender(error.Code, error.MessageFor(result.Message), error.HttpStatus));
                    }

                    trailing = result.Checksum;
                }
                else
                {
                    await request.Body.CopyToAsync(sink, 1024 * 1024, ct).ConfigureAwait(false);
                    if (sink.Length != declared)
                    {
                        return (null, S3Errors.IncompleteBody);
                    }
                }
            }
            catch (ObjectTooLargeException)
            {
                return (null, S3Errors.EntityTooLarge(maxBytes));
            }
            catch (BadHttpRequestException)
            {
                return (null, S3Errors.IncompleteBody);
            }

            blob = await sink.CompleteAsync(ct).ConfigureAwait(false);
        }

        // Step 4: every check over the received bytes; any failure discards the blob.
        var failure = Verify(context, blob, checkSha256 ? signature!.ExpectedPayloadSha256 : null, contentMd5, trailing);
        if (failure is not null)
        {
            blob.Dispose();
            return (null, failure);
        }

        return (blob, null);
    }

    /// <summary>The checksums to keep with the object: those computed, in the order S3 prefers.</summary>
    public static Dictionary<string, string> Kept(PendingBlob blob) => new(blob.Checksums, StringComparer.Ordinal);

    private static AwsError? Verify(OperationContext context, PendingBlob blob, string? expectedSha256, byte[]? contentMd5, AwsTrailingChecksum? trailing)
    {
        if (expectedSha256 is not null && !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expectedSha256), Encoding.ASCII.GetBytes(blob.Sha256Hex ?? string.Empty)))
        {
            return S3Errors.ContentSha256Mismatch;
        }

        if (contentMd5 is not null && !CryptographicOperations.FixedTimeEquals(contentMd5, blob.Md5))
        {
            return S3Errors.BadDigest;
        }

        foreach (var (algorithm, computed) in blob.Checksums)
        {
            var sent = context.Header("x-amz-checksum-" + algorithm)
                ?? (trailing is not null && trailing.Algorithm == algorithm ? trailing.Value : null);
            if (sent is not null && !string.Equals(sent.Trim(), computed, StringComparison.Ordinal))
            {
                return S3Errors.ChecksumMismatch(algorithm);
            }
        }

        return null;
    }
}
