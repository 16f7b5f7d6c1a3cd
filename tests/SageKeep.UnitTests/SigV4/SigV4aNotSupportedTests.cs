using SageKeep.Security.SigV4;
using SageKeep.Server.Auth;
using SageKeep.Server.Protocols;

namespace SageKeep.UnitTests.SigV4;

/// <summary>
/// Requests signed with SigV4a (<c>AWS4-ECDSA-P256-SHA256</c>, what the AWS SDKs use for multi-region
/// access points) are refused with an error that says so, in each protocol's shape: header form,
/// presigned form and SigV4a streaming payloads alike.
/// </summary>
public sealed class SigV4aNotSupportedTests
{
    // The form the AWS SDKs send: no region in the scope (X-Amz-Region-Set carries it), a DER signature.
    private const string SigV4aHeader =
        "AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20260101/SERVICE/aws4_request, SignedHeaders=host;x-amz-date;x-amz-region-set, "
        + "Signature=3045022100a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9002203c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b";

    private static BotocoreVector Vector(string name) => BotocoreVector.Committed().Single(v => v.Name == name);

    [Theory]
    [InlineData("sagemaker-json", ProtocolKind.AwsJson, "IncompleteSignatureException")]
    [InlineData("sagemaker-json", ProtocolKind.RestJson, "IncompleteSignatureException")]
    [InlineData("sts-query", ProtocolKind.AwsQuery, "IncompleteSignature")]
    [InlineData("sts-query", ProtocolKind.Ec2Query, "IncompleteSignature")]
    [InlineData("s3-put-signed-body", ProtocolKind.RestXml, "InvalidRequest")]
    public async Task Verify_SigV4aAuthorizationHeader_IsRefusedAsNotSupportedInTheProtocolsShape(string vectorName, ProtocolKind protocol, string code)
    {
        var vector = Vector(vectorName);
        var request = vector.WithHeader("Authorization", SigV4aHeader.Replace("SERVICE", vector.Service, StringComparison.Ordinal));
        request = request with { Headers = request.Headers.With("X-Amz-Region-Set", "*") };

        var result = await vector.Verifier().VerifyAsync(request, CancellationToken.None);
        var error = SigV4ErrorCatalog.ToError(protocol, result);

        result.Failure.ShouldBe(SigV4Failure.SigV4aNotSupported);
        error.Code.ShouldBe(code);
        error.HttpStatus.ShouldBe(400);
        error.Message.ShouldBe("Signature Version 4A (AWS4-ECDSA-P256-SHA256) is not supported by this endpoint; sign requests with AWS4-HMAC-SHA256.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Verify_SigV4aPresignedUrl_IsRefusedAsNotSupported(bool withRegionSet)
    {
        var vector = Vector("presigned-s3-get");
        var target = "/bucket/dir/my%20file.txt?X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20260101%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host" + (withRegionSet ? "&X-Amz-Region-Set=us-east-1" : string.Empty)
            + "&X-Amz-Signature=3045022100a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829";

        var result = await vector.Verifier().VerifyAsync(vector.ToRequest(target), CancellationToken.None);
        var error = SigV4ErrorCatalog.ToError(ProtocolKind.RestXml, result);

        result.Failure.ShouldBe(SigV4Failure.SigV4aNotSupported);
        error.Code.ShouldBe("InvalidRequest");
        error.HttpStatus.ShouldBe(400);
        error.Message.ShouldContain("(AWS4-ECDSA-P256-SHA256) is not supported");
    }

    [Fact]
    public async Task Verify_SigV4aStreamingPayload_IsRefusedAsNotSupportedBeforeTheSignatureCheck()
    {
        var vector = Vector("s3-put-signed-body");
        var request = vector.WithHeader("X-Amz-Content-SHA256", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD");

        var result = await vector.Verifier().VerifyAsync(request with { Payload = SigV4Payload.Deferred }, CancellationToken.None);
        var error = SigV4ErrorCatalog.ToError(ProtocolKind.RestXml, result);

        result.Failure.ShouldBe(SigV4Failure.SigV4aNotSupported);
        error.Code.ShouldBe("InvalidRequest");
        error.HttpStatus.ShouldBe(400);
        error.Message.ShouldBe("Signature Version 4A streaming payloads are not supported; sign with AWS4-HMAC-SHA256.");
    }
}
