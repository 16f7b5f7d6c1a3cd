using CsCheck;
using SageKeep.Security.SigV4.Chunked;

namespace SageKeep.UnitTests.SigV4.Chunked;

/// <summary>
/// Fuzz target for the aws-chunked parser (chunk headers are parsed from raw bytes): the S3
/// documentation's signed bodies with random bytes overwritten, deleted or inserted, mostly in the
/// header lines and trailers, never throw, and never succeed with data other than the original.
/// </summary>
public sealed class AwsChunkedFuzzTests
{
    private const string Alphabet = "0123456789abcdefABCDEF;=:\r\n -chunk-signature=x-amz-trailer-signature\u00ff\u0000";

    [Fact]
    public void Decode_MutatedDocsBodies_FailWithoutThrowingOrYieldTheOriginal()
    {
        var expected = Enumerable.Repeat((byte)'a', 66560).ToArray();
        var bodies = new[] { AwsDocsChunkedExample.Body(trailer: false), AwsDocsChunkedExample.Body(trailer: true) };
        var options = new AwsChunkedOptions { MaxLineLength = 256, BufferSize = 1024 };
        var decoders = new[] { Decoder(trailer: false, options), Decoder(trailer: true, options) };

        // Edits land near chunk boundaries (the start, the second header, the end) more than in data.
        var position = Gen.OneOf(Gen.Int[0, 120], Gen.Int[65600, 65800], Gen.Int[66600, 67200]);
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 2], Gen.Select(position, Gen.Char[Alphabet]).Array[1, 6]).Sample(
            (which, kind, edits) =>
            {
                var body = Mutate(bodies[which], kind, edits);
                using var destination = new MemoryStream();
                var result = decoders[which].DecodeAsync(new MemoryStream(body), destination, CancellationToken.None).GetAwaiter().GetResult();
                if (result.Failure is null)
                {
                    destination.ToArray().ShouldBe(expected);
                }
                else
                {
                    result.Message.ShouldNotBeNullOrWhiteSpace();
                }
            },
            iter: 3000,
            threads: 1);
    }

    private static AwsChunkedDecoder Decoder(bool trailer, AwsChunkedOptions options)
    {
        var request = AwsDocsChunkedExample.Request(trailer);
        var verified = AwsDocsChunkedExample.Verifier().VerifyAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        verified.Authenticated.ShouldNotBeNull(verified.Message);
        return AwsChunkedDecoder.Create(verified.Authenticated, request.Headers, options, out var error).ShouldNotBeNull(error);
    }

    private static byte[] Mutate(byte[] seed, int kind, (int Position, char Char)[] edits)
    {
        var bytes = new List<byte>(seed);
        foreach (var (position, c) in edits)
        {
            var at = position % (bytes.Count + 1);
            switch (kind)
            {
                case 0 when at < bytes.Count:
                    bytes[at] = (byte)c;
                    break;
                case 1 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, (byte)c);
                    break;
            }
        }

        return [.. bytes];
    }
}
