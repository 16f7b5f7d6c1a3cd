using System.Text;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;
using SageKeep.Security.SigV4.Chunked;

namespace SageKeep.UnitTests.SigV4.Chunked;

/// <summary>aws-chunked bodies from botocore (unsigned trailer) and AWSSDK.Core (signed chunks).</summary>
public sealed class RealClientChunkedTests
{
    [Theory]
    [InlineData("crc32", 0, 65536)]
    [InlineData("crc32", 200_000, 65536)]
    [InlineData("sha256", 70_000, 8192)]
    [InlineData("sha1", 1, 1024)]
    public async Task Decode_BotocoreUnsignedTrailerBody_YieldsTheDataAndAVerifiedChecksum(string algorithm, int length, int chunkSize)
    {
        var data = ChunkedBodies.RandomData(length, length);
        var body = ChunkedBodies.Botocore(data, algorithm, chunkSize);
        var decoder = new AwsChunkedDecoder(PayloadMode.StreamingUnsignedTrailer, null, length, [$"x-amz-checksum-{algorithm}"]);
        using var destination = new MemoryStream();

        var result = await decoder.DecodeAsync(new MemoryStream(body), destination, CancellationToken.None);

        result.Failure.ShouldBeNull(result.Message);
        destination.ToArray().ShouldBe(data);
        result.Checksum!.Verified.ShouldBeTrue();
        result.Checksum.Algorithm.ShouldBe(algorithm);
    }

    [Fact]
    public async Task Decode_BotocoreBodyWithOneDataByteChanged_IsRefusedWithChecksumMismatch()
    {
        var data = ChunkedBodies.RandomData(100_000, 7);
        var body = ChunkedBodies.Botocore(data, "crc32", 65536);
        var index = Encoding.Latin1.GetString(body).IndexOf("\r\n", StringComparison.Ordinal) + 2 + 5000;
        body[index] ^= 0x01;
        var decoder = new AwsChunkedDecoder(PayloadMode.StreamingUnsignedTrailer, null, data.Length, ["x-amz-checksum-crc32"]);

        var result = await decoder.DecodeAsync(new MemoryStream(body), Stream.Null, CancellationToken.None);

        result.Failure.ShouldBe(AwsChunkedFailure.ChecksumMismatch);
        result.Message.ShouldBe("The CRC32 you specified did not match the calculated checksum.");
    }

    [Fact]
    public async Task Decode_BotocoreBodyWithWrongDecodedLength_IsRefused()
    {
        var data = ChunkedBodies.RandomData(1000, 3);
        var decoder = new AwsChunkedDecoder(PayloadMode.StreamingUnsignedTrailer, null, 999, ["x-amz-checksum-crc32"]);

        var result = await decoder.DecodeAsync(new MemoryStream(ChunkedBodies.Botocore(data, "crc32", 512)), Stream.Null, CancellationToken.None);

        result.Failure.ShouldBe(AwsChunkedFailure.DecodedLengthMismatch);
    }

    [Fact]
    public async Task Decode_BotocoreBodyWithUndeclaredTrailer_IsRefused()
    {
        var data = ChunkedBodies.RandomData(10, 3);
        var decoder = new AwsChunkedDecoder(PayloadMode.StreamingUnsignedTrailer, null, data.Length, ["x-amz-checksum-sha256"]);

        var result = await decoder.DecodeAsync(new MemoryStream(ChunkedBodies.Botocore(data, "crc32", 512)), Stream.Null, CancellationToken.None);

        result.Failure.ShouldBe(AwsChunkedFailure.UnexpectedTrailer);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(false, 300_000)]
    [InlineData(true, 150_000)]
    public async Task Decode_AwsSdkChunkedUpload_VerifiesHeadAndEveryChunk(bool trailer, int length)
    {
        var data = ChunkedBodies.RandomData(length, length + 1);
        var (request, body) = ChunkedBodies.AwsSdk(data, trailer);

        var verified = await Verifier().VerifyAsync(request, CancellationToken.None);
        verified.Authenticated.ShouldNotBeNull(verified.Message);
        verified.Authenticated.PayloadMode.ShouldBe(trailer ? PayloadMode.StreamingSignedTrailer : PayloadMode.StreamingSigned);
        var decoder = AwsChunkedDecoder.Create(verified.Authenticated, request.Headers, null, out var error)!;
        decoder.ShouldNotBeNull(error);
        using var destination = new MemoryStream();
        var result = await decoder.DecodeAsync(new MemoryStream(body), destination, CancellationToken.None);

        result.Failure.ShouldBeNull(result.Message);
        destination.ToArray().ShouldBe(data);
        if (trailer)
        {
            result.Checksum!.Verified.ShouldBeTrue();
        }

        // One flipped data byte anywhere breaks the chain.
        if (length > 0)
        {
            var tampered = body.ToArray();
            var firstData = Encoding.Latin1.GetString(tampered).IndexOf("\r\n", StringComparison.Ordinal) + 2;
            tampered[firstData + (length / 3)] ^= 0x80;
            var refused = await decoder.DecodeAsync(new MemoryStream(tampered), Stream.Null, CancellationToken.None);
            refused.Failure.ShouldBe(AwsChunkedFailure.ChunkSignatureDoesNotMatch);
        }
    }

    [Theory]
    [InlineData("crc32", "123456789", "y/Q5Jg==")]
    [InlineData("crc32c", "123456789", "4waSgw==")]
    [InlineData("crc64nvme", "123456789", "rosUhgp5mIg=")]
    [InlineData("sha256", "", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")]
    public void Checksum_OfTheStandardCheckInput_HasTheCatalogueValue(string algorithm, string input, string base64)
    {
        // CRC check values from the CRC catalogue (reveng): CRC-32/ISO-HDLC 0xCBF43926,
        // CRC-32/ISCSI 0xE3069283, CRC-64/NVME 0xAE8B14860A799888.
        using var calculator = TrailingChecksumCalculator.For(algorithm)!;
        calculator.Append(Encoding.ASCII.GetBytes(input));

        calculator.FinishBase64().ShouldBe(base64);
    }

    private static SigV4Verifier Verifier()
    {
        var store = new InMemoryCredentialSource();
        store.Add(SigV4.AwsSdkSigner.AccessKeyId, SigV4.AwsSdkSigner.Secret, new PrincipalInfo("111122223333", "arn:aws:iam::111122223333:user/sdk", "AIDASDK", PrincipalType.User, SigV4.AwsSdkSigner.AccessKeyId));
        return new SigV4Verifier(new SigV4Options { Region = "us-east-1" }, store, store, new FakeTimeProvider(new DateTimeOffset(SigV4.AwsSdkSigner.SignedAt)));
    }
}
