using System.Text;
using SageKeep.Security.SigV4;
using SageKeep.Security.SigV4.Chunked;

namespace SageKeep.UnitTests.SigV4.Chunked;

/// <summary>aws-chunked decoding against the S3 documentation's published chunk signatures.</summary>
public sealed class AwsChunkedDecoderTests
{
    private static async Task<(AwsChunkedResult Result, byte[] Data)> DecodeDocsExampleAsync(bool trailer, byte[]? body = null, AwsChunkedOptions? options = null)
    {
        var request = AwsDocsChunkedExample.Request(trailer);
        var verified = await AwsDocsChunkedExample.Verifier().VerifyAsync(request, CancellationToken.None);
        verified.Authenticated.ShouldNotBeNull(verified.Message);
        var decoder = AwsChunkedDecoder.Create(verified.Authenticated, request.Headers, options, out var error);
        decoder.ShouldNotBeNull(error);
        using var destination = new MemoryStream();
        var result = await decoder.DecodeAsync(new MemoryStream(body ?? AwsDocsChunkedExample.Body(trailer)), destination, CancellationToken.None);
        return (result, destination.ToArray());
    }

    [Fact]
    public async Task Verify_DocsChunkedPutObject_YieldsTheDocumentedSeedSignature()
    {
        var result = await AwsDocsChunkedExample.Verifier().VerifyAsync(AwsDocsChunkedExample.Request(trailer: false), CancellationToken.None);

        result.Authenticated.ShouldNotBeNull(result.Message);
        result.Authenticated.PayloadMode.ShouldBe(PayloadMode.StreamingSigned);
        result.Authenticated.ChunkSigning!.SeedSignature.ShouldBe(AwsDocsChunkedExample.SeedSignature);
        result.Authenticated.ChunkSigning.Scope.ShouldBe("20130524/us-east-1/s3/aws4_request");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Decode_DocsExample_YieldsTheObject(bool trailer)
    {
        var (result, data) = await DecodeDocsExampleAsync(trailer);

        result.Failure.ShouldBeNull(result.Message);
        result.DecodedLength.ShouldBe(66560);
        data.ShouldBe(Enumerable.Repeat((byte)'a', 66560).ToArray());
        if (trailer)
        {
            result.Checksum.ShouldBe(new AwsTrailingChecksum("x-amz-checksum-crc32c", "crc32c", AwsDocsChunkedExample.TrailerChecksum, Verified: true));
            result.Trailers["x-amz-checksum-crc32c"].ShouldBe(AwsDocsChunkedExample.TrailerChecksum);
        }
        else
        {
            result.Checksum.ShouldBeNull();
        }
    }

    [Theory]
    [InlineData(false, 100)]
    [InlineData(false, 66000)]
    [InlineData(true, 100)]
    [InlineData(true, 66100)]
    public async Task Decode_DocsExampleWithOneDataByteChanged_IsRefusedWithChunkSignatureMismatch(bool trailer, int dataIndex)
    {
        var body = AwsDocsChunkedExample.Body(trailer);
        var offset = Encoding.ASCII.GetString(body).IndexOf("\r\n", StringComparison.Ordinal) + 2;
        body[offset + dataIndex + (dataIndex >= 65536 ? 2 + 87 : 0)] = (byte)'b';

        var (result, _) = await DecodeDocsExampleAsync(trailer, body);

        result.Failure.ShouldBe(AwsChunkedFailure.ChunkSignatureDoesNotMatch, result.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Decode_DocsExampleWithAChunkSignatureChanged_IsRefused(int which)
    {
        var text = Encoding.Latin1.GetString(AwsDocsChunkedExample.Body(false));
        var signature = AwsDocsChunkedExample.ChunkSignatures[which];
        var body = Encoding.Latin1.GetBytes(text.Replace(signature, signature[..^1] + (signature[^1] == '0' ? '1' : '0'), StringComparison.Ordinal));

        var (result, _) = await DecodeDocsExampleAsync(false, body);

        result.Failure.ShouldBe(AwsChunkedFailure.ChunkSignatureDoesNotMatch);
    }

    [Fact]
    public async Task Decode_DocsExampleWithChunksReordered_IsRefused()
    {
        // Same data, but the 1 KiB chunk first: the chain breaks even though each chunk is intact.
        var sigs = AwsDocsChunkedExample.ChunkSignatures;
        var a = new string('a', 1024);
        var body = Encoding.ASCII.GetBytes($"400;chunk-signature={sigs[1]}\r\n{a}\r\n10000;chunk-signature={sigs[0]}\r\n{new string('a', 65536)}\r\n0;chunk-signature={sigs[2]}\r\n\r\n");

        var (result, _) = await DecodeDocsExampleAsync(false, body);

        result.Failure.ShouldBe(AwsChunkedFailure.ChunkSignatureDoesNotMatch);
    }

    [Fact]
    public async Task Decode_DocsTrailerExampleWithChecksumChanged_IsRefusedWithTrailerSignatureMismatch()
    {
        var text = Encoding.Latin1.GetString(AwsDocsChunkedExample.Body(true));
        var body = Encoding.Latin1.GetBytes(text.Replace(AwsDocsChunkedExample.TrailerChecksum, "AAAAAA==", StringComparison.Ordinal));

        var (result, _) = await DecodeDocsExampleAsync(true, body);

        result.Failure.ShouldBe(AwsChunkedFailure.TrailerSignatureDoesNotMatch);
    }

    [Fact]
    public async Task Decode_DocsTrailerExampleWithoutTrailerSignature_IsRefused()
    {
        var text = Encoding.Latin1.GetString(AwsDocsChunkedExample.Body(true));
        var body = Encoding.Latin1.GetBytes(text.Replace($"x-amz-trailer-signature:{AwsDocsChunkedExample.TrailerSignature}\r\n", string.Empty, StringComparison.Ordinal));

        var (result, _) = await DecodeDocsExampleAsync(true, body);

        result.Failure.ShouldBe(AwsChunkedFailure.TrailerSignatureMissing);
    }

    [Fact]
    public async Task Decode_DocsExampleCutBeforeTheFinalChunk_IsRefusedAsIncomplete()
    {
        var body = AwsDocsChunkedExample.Body(false);
        var (result, _) = await DecodeDocsExampleAsync(false, body[..(body.Length - 90)]);

        result.Failure.ShouldBe(AwsChunkedFailure.IncompleteBody);
    }

    [Fact]
    public async Task Decode_DocsExampleWithBytesAfterTheEnd_IsRefused()
    {
        var (result, _) = await DecodeDocsExampleAsync(false, [.. AwsDocsChunkedExample.Body(false), (byte)'x']);

        result.Failure.ShouldBe(AwsChunkedFailure.TrailingData);
    }

    [Fact]
    public async Task Decode_WithChunksLargerThanTheBound_IsRefused()
    {
        var (result, _) = await DecodeDocsExampleAsync(false, options: new AwsChunkedOptions { MaxChunkSize = 4096 });

        result.Failure.ShouldBe(AwsChunkedFailure.ChunkTooLarge);
    }

    [Fact]
    public async Task Decode_WithOverlongChunkHeader_IsRefused()
    {
        var body = Encoding.ASCII.GetBytes("10000;chunk-signature=" + new string('0', 5000) + "\r\n");
        var (result, _) = await DecodeDocsExampleAsync(false, body);

        result.Failure.ShouldBe(AwsChunkedFailure.LineTooLong);
    }

    [Theory]
    [InlineData("zz;chunk-signature=00\r\n")]
    [InlineData("-1\r\n")]
    [InlineData("10000;chunk-signature=abc\r\n")]
    [InlineData("10000;other=1\r\n")]
    [InlineData("10000\n")]
    [InlineData("ffffffffffffffffff\r\n")]
    public async Task Decode_WithMalformedChunkHeader_IsRefused(string header)
    {
        var (result, _) = await DecodeDocsExampleAsync(false, Encoding.ASCII.GetBytes(header));

        result.Failure.ShouldBe(AwsChunkedFailure.MalformedChunk);
    }

    [Fact]
    public async Task Decode_SignedPayloadChunkWithoutSignature_IsRefused()
    {
        var (result, _) = await DecodeDocsExampleAsync(false, Encoding.ASCII.GetBytes("3\r\nabc\r\n0\r\n\r\n"));

        result.Failure.ShouldBe(AwsChunkedFailure.ChunkSignatureMissing);
    }

    [Fact]
    public async Task Create_WithoutDecodedContentLength_IsRefused()
    {
        var request = AwsDocsChunkedExample.Request(false);
        var authenticated = (await AwsDocsChunkedExample.Verifier().VerifyAsync(request, CancellationToken.None)).Authenticated!;

        var decoder = AwsChunkedDecoder.Create(authenticated, request.Headers.With("x-amz-decoded-content-length"), null, out var error);

        decoder.ShouldBeNull();
        error.ShouldContain("x-amz-decoded-content-length");
    }
}
