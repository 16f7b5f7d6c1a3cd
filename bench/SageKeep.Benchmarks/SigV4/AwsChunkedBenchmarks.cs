using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SageKeep.Security.SigV4;
using SageKeep.Security.SigV4.Chunked;

namespace SageKeep.Benchmarks.SigV4;

/// <summary>
/// Decoding an 8 MiB aws-chunked upload in 64 KiB chunks. Baseline: SHA-256 of the same 8 MiB,
/// the least work a signed upload needs (target: within 1.3x).
/// </summary>
[MemoryDiagnoser]
public class AwsChunkedBenchmarks
{
    private const int Size = 8 * 1024 * 1024;
    private const string AmzDate = "20260101T000000Z";
    private const string Scope = "20260101/us-east-1/s3/aws4_request";
    private const string Seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private byte[] _data = null!;
    private byte[] _signedBody = null!;
    private byte[] _unsignedBody = null!;
    private AwsChunkedDecoder _signed = null!;
    private AwsChunkedDecoder _unsigned = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
        var key = SigV4Signing.DeriveSigningKey(SignedRequests.Secret, "20260101", "us-east-1", "s3");
        _signedBody = ChunkedBodyEncoder.Signed(_data, 64 * 1024, key, AmzDate, Scope, Seed);
        _unsignedBody = ChunkedBodyEncoder.UnsignedWithCrc32(_data, 64 * 1024);
        _signed = new AwsChunkedDecoder(PayloadMode.StreamingSigned, new SigV4ChunkSigningContext(key, Seed, AmzDate, Scope), Size, []);
        _unsigned = new AwsChunkedDecoder(PayloadMode.StreamingUnsignedTrailer, null, Size, ["x-amz-checksum-crc32"]);
        foreach (var result in new[] { Decode_Signed8MiB(), Decode_UnsignedCrc32Trailer8MiB() })
        {
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Benchmark body does not decode: " + result.Message);
            }
        }
    }

    [Benchmark(Baseline = true)]
    public byte[] Sha256Of8MiB() => SHA256.HashData(_data);

    [Benchmark]
    public AwsChunkedResult Decode_Signed8MiB() =>
        _signed.DecodeAsync(new MemoryStream(_signedBody, writable: false), Stream.Null, CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark]
    public AwsChunkedResult Decode_UnsignedCrc32Trailer8MiB() =>
        _unsigned.DecodeAsync(new MemoryStream(_unsignedBody, writable: false), Stream.Null, CancellationToken.None).GetAwaiter().GetResult();
}
