using System.Text;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;

namespace SageKeep.UnitTests.SigV4.Chunked;

/// <summary>
/// The worked examples of the S3 API Reference, "Signature Calculations for the Authorization
/// Header: Transferring Payload in Multiple Chunks" (Example: PUT Object, 65,536 + 1,024 bytes of
/// 'a') and "… Including Trailing Headers" (the same upload with a CRC32C trailer), with the
/// signatures the documentation publishes.
/// </summary>
internal static class AwsDocsChunkedExample
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public static readonly DateTimeOffset Time = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    public const string SeedSignature = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    public static readonly string[] ChunkSignatures =
    [
        "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
        "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
        "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
    ];

    public const string TrailerSeedSignature = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
    public static readonly string[] TrailerChunkSignatures =
    [
        "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
        "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
        "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
    ];

    public const string TrailerChecksum = "sOO8/Q==";
    public const string TrailerSignature = "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";

    public static byte[] Body(bool trailer)
    {
        var signatures = trailer ? TrailerChunkSignatures : ChunkSignatures;
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.ASCII.GetBytes(text));
        Write($"10000;chunk-signature={signatures[0]}\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 65536).ToArray());
        Write($"\r\n400;chunk-signature={signatures[1]}\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 1024).ToArray());
        Write($"\r\n0;chunk-signature={signatures[2]}\r\n");
        if (trailer)
        {
            Write($"x-amz-checksum-crc32c:{TrailerChecksum}\r\nx-amz-trailer-signature:{TrailerSignature}\r\n");
        }

        Write("\r\n");
        return body.ToArray();
    }

    public static SigV4Request Request(bool trailer)
    {
        var headers = new SigV4Headers()
            .Add("Host", "s3.amazonaws.com")
            .Add("x-amz-date", "20130524T000000Z")
            .Add("x-amz-storage-class", "REDUCED_REDUNDANCY")
            .Add("Content-Encoding", "aws-chunked")
            .Add("x-amz-decoded-content-length", "66560");
        if (trailer)
        {
            headers.Add("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")
                .Add("x-amz-trailer", "x-amz-checksum-crc32c")
                .Add("Authorization", $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer,Signature={TrailerSeedSignature}");
        }
        else
        {
            headers.Add("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
                .Add("Content-Length", "66824")
                .Add("Authorization", $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature={SeedSignature}");
        }

        return new SigV4Request("PUT", "/examplebucket/chunkObject.txt", headers, SigV4Payload.Deferred, "s3", IsS3: true);
    }

    public static SigV4Verifier Verifier()
    {
        var store = new InMemoryCredentialSource();
        store.Add(AccessKeyId, Secret, new PrincipalInfo("111122223333", "arn:aws:iam::111122223333:user/docs", "AIDADOCS", PrincipalType.User, AccessKeyId));
        return new SigV4Verifier(new SigV4Options { Region = "us-east-1" }, store, store, new FakeTimeProvider(Time));
    }
}
