using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using SageKeep.Core.Errors;
using SageKeep.Security.SigV4;
using SageKeep.Security.SigV4.Chunked;
using SageKeep.Server.Auth;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// Small request documents (CompleteMultipartUpload, DeleteObjects, bucket policy and tagging): read within a
/// bound, checked against the signed payload hash or decoded from aws-chunked, and Content-MD5 checked.
/// The result is cached on the request, so access description and the handler read the body once.
/// </summary>
internal static class S3Body
{
    private const string ItemKey = "SageKeep.S3.Body";

    public static async Task<(byte[]? Body, AwsError? Error)> ReadAsync(OperationContext context, int maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HttpContext.Items.TryGetValue(ItemKey, out var cached) && cached is ValueTuple<byte[]?, AwsError?> previous)
        {
            return previous;
        }

        var result = await ReadCoreAsync(context, maxBytes, ct).ConfigureAwait(false);
        context.HttpContext.Items[ItemKey] = result;
        return result;
    }

    /// <summary>Parses an XML document with DTDs refused (no entity expansion) or answers MalformedXML.</summary>
    public static XDocument? ParseXml(byte[] body)
    {
        try
        {
            using var stream = new MemoryStream(body);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = body.Length * 2L + 1024 });
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>The children of <paramref name="parent"/> named <paramref name="name"/>, whatever their namespace.</summary>
    public static IEnumerable<XElement> Children(XElement parent, string name) =>
        parent.Elements().Where(e => e.Name.LocalName == name);

    public static string? Child(XElement parent, string name) => Children(parent, name).FirstOrDefault()?.Value;

    private static async Task<(byte[]? Body, AwsError? Error)> ReadCoreAsync(OperationContext context, int maxBytes, CancellationToken ct)
    {
        var request = context.HttpContext.Request;
        var signature = context.Signature;
        var mode = signature?.PayloadMode ?? PayloadMode.UnsignedPayload;
        if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // This reader's own bound applies (an aws-chunked body is larger than its data).
            limit.MaxRequestBodySize = null;
        }

        using var buffer = new MemoryStream();
        try
        {
            if (mode is PayloadMode.StreamingSigned or PayloadMode.StreamingSignedTrailer or PayloadMode.StreamingUnsignedTrailer)
            {
                var headers = new SigV4Headers();
                foreach (var (name, values) in request.Headers)
                {
                    headers.Add(name, values.ToString());
                }

                var decoder = AwsChunkedDecoder.Create(signature!, headers, new AwsChunkedOptions { MaxChunkSize = maxBytes }, out var headerError);
                if (decoder is null)
                {
                    return (null, S3Errors.InvalidRequest(headerError));
                }

                var result = await decoder.DecodeAsync(request.Body, new BoundedWriteStream(buffer, maxBytes), ct).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    var error = SigV4ErrorCatalog.For(result.Failure!.Value);
                    return (null, AwsError.Sender(error.Code, error.MessageFor(result.Message), error.HttpStatus));
                }
            }
            else
            {
                if (request.ContentLength > maxBytes)
                {
                    return (null, S3Errors.MalformedXml);
                }

                await request.Body.CopyToAsync(new BoundedWriteStream(buffer, maxBytes), ct).ConfigureAwait(false);
            }
        }
        catch (IOException e) when (e is Objects.ObjectTooLargeException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            return (null, e is Objects.ObjectTooLargeException ? S3Errors.MalformedXml : S3Errors.IncompleteBody);
        }

        var body = buffer.ToArray();
        if (mode == PayloadMode.SignedPayload && signature?.ExpectedPayloadSha256 is { } expected
            && !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(body)))))
        {
            return (null, S3Errors.ContentSha256Mismatch);
        }

        if (context.Header("Content-MD5") is { } md5Text)
        {
            var md5 = new byte[16];
            if (!Convert.TryFromBase64String(md5Text, md5, out var length) || length != 16)
            {
                return (null, S3Errors.InvalidDigest);
            }

#pragma warning disable CA5351 // Content-MD5 is S3's integrity header (RFC 1864); MD5 is what the client sent.
            if (!CryptographicOperations.FixedTimeEquals(md5, MD5.HashData(body)))
#pragma warning restore CA5351
            {
                return (null, S3Errors.BadDigest);
            }
        }

        return (body, null);
    }
}
