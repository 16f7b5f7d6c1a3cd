using System.Diagnostics;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace SageKeep.UnitTests.SigV4.Chunked;

/// <summary>aws-chunked bodies produced by real client code: botocore and AWSSDK.Core.</summary>
internal static class ChunkedBodies
{
    /// <summary>
    /// botocore's AwsChunkedWrapper, as aws CLI / boto3 uploads send it
    /// (STREAMING-UNSIGNED-PAYLOAD-TRAILER), run with python3 now.
    /// </summary>
    public static byte[] Botocore(byte[] data, string algorithm, int chunkSize)
    {
        var script = $$"""
            import io, sys
            from botocore import httpchecksum as h
            data = sys.stdin.buffer.read()
            cls = {"crc32": h.Crc32Checksum, "sha1": h.Sha1Checksum, "sha256": h.Sha256Checksum}["{{algorithm}}"]
            w = h.AwsChunkedWrapper(io.BytesIO(data), checksum_cls=cls, checksum_name="x-amz-checksum-{{algorithm}}", chunk_size={{chunkSize}})
            sys.stdout.buffer.write(w.read())
            """;
        var start = new ProcessStartInfo(BotocorePython.Executable) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(data);
        process.StandardInput.Close();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, stderr.Result);
        return output.ToArray();
    }

    /// <summary>
    /// AWSSDK.Core's ChunkedUploadWrapperStream chained from the seed signature its AWS4Signer computed
    /// for the request head (what AmazonS3Client does for streaming uploads).
    /// </summary>
    public static (SageKeep.Security.SigV4.SigV4Request Request, byte[] Body) AwsSdk(byte[] data, bool trailer)
    {
        var config = new SdkConfig();
        var request = new DefaultRequest(new SdkRequest(), "s3")
        {
            HttpMethod = "PUT",
            Endpoint = new Uri("https://s3.us-east-1.amazonaws.com"),
            ResourcePath = "/bucket/object.bin",
            AuthenticationRegion = "us-east-1",
            OverrideSigningServiceName = "s3",
            UseDoubleEncoding = false,
            UseChunkEncoding = true,
        };
        request.Headers["Content-Encoding"] = "aws-chunked";
        request.Headers["X-Amz-Decoded-Content-Length"] = data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.ContentStream = new MemoryStream(data);
        if (trailer)
        {
            request.SelectedChecksum = CoreChecksumAlgorithm.CRC32C;
            request.TrailingHeaders["x-amz-checksum-crc32c"] = string.Empty;
        }

        var signing = new AWS4Signer().SignRequest(request, config, null, SageKeep.UnitTests.SigV4.AwsSdkSigner.AccessKeyId, SageKeep.UnitTests.SigV4.AwsSdkSigner.Secret, SageKeep.UnitTests.SigV4.AwsSdkSigner.SignedAt);
        request.Headers["Authorization"] = signing.ForAuthorizationHeader;
        // Without trailers AmazonS3Client uses the SDK's internal three-argument constructor.
        using var wrapper = trailer
            ? new ChunkedUploadWrapperStream(new MemoryStream(data), 81920, signing, CoreChecksumAlgorithm.CRC32C, request.TrailingHeaders, new CachedChecksum { OnComplete = _ => { } })
            : (ChunkedUploadWrapperStream)Activator.CreateInstance(
                typeof(ChunkedUploadWrapperStream),
                System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public,
                null,
                [new MemoryStream(data), 81920, signing],
                null)!;
        using var body = new MemoryStream();
        wrapper.CopyTo(body);

        var headers = new SageKeep.Security.SigV4.SigV4Headers();
        foreach (var (name, value) in request.Headers)
        {
            headers.Add(name, value);
        }

        var sigv4 = new SageKeep.Security.SigV4.SigV4Request("PUT", "/bucket/object.bin", headers, SageKeep.Security.SigV4.SigV4Payload.Deferred, "s3", IsS3: true);
        return (sigv4, body.ToArray());
    }

    public static byte[] RandomData(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private sealed class SdkRequest : AmazonWebServiceRequest;

    private sealed class SdkConfig : ClientConfig
    {
        public SdkConfig()
            : base(new Defaults())
        {
        }

        public override string RegionEndpointServiceName => "s3";

        public override string ServiceVersion => "2006-03-01";

        public override string UserAgent => "sagekeep-tests";

        public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters parameters) =>
            new("https://s3.us-east-1.amazonaws.com");
    }

    private sealed class Defaults : IDefaultConfigurationProvider
    {
        public IDefaultConfiguration GetDefaultConfiguration(Amazon.RegionEndpoint clientRegion, DefaultConfigurationMode? requestedConfigurationMode = null) =>
            new DefaultConfiguration();
    }
}
