using SageKeep.Security.SigV4;
using SageKeep.Security.SigV4.Chunked;
using SageKeep.Server.Auth;
using SageKeep.Server.Protocols;

namespace SageKeep.UnitTests.SigV4;

/// <summary>Every failure maps to a 4xx AWS error in every protocol.</summary>
public sealed class SigV4ErrorCatalogTests
{
    public static TheoryData<SigV4Failure> Failures() => new(Enum.GetValues<SigV4Failure>());

    public static TheoryData<AwsChunkedFailure> ChunkedFailures() => new(Enum.GetValues<AwsChunkedFailure>());

    [Theory]
    [MemberData(nameof(Failures))]
    public void For_EveryVerifierFailure_HasAClientErrorInEachProtocol(SigV4Failure failure)
    {
        var entry = SigV4ErrorCatalog.For(failure);

        foreach (var error in new[] { entry.Json, entry.Query, entry.S3 })
        {
            error.Code.ShouldNotBeNullOrWhiteSpace();
            error.HttpStatus.ShouldBeInRange(400, 499);
        }
    }

    [Theory]
    [MemberData(nameof(ChunkedFailures))]
    public void For_EveryChunkedFailure_HasAnS3ClientError(AwsChunkedFailure failure) =>
        SigV4ErrorCatalog.For(failure).HttpStatus.ShouldBeInRange(400, 499);

    [Theory]
    [InlineData(SigV4Failure.MissingAuthentication, "MissingAuthenticationTokenException", "MissingAuthenticationToken", "AccessDenied")]
    [InlineData(SigV4Failure.MalformedAuthorization, "IncompleteSignatureException", "IncompleteSignature", "AuthorizationHeaderMalformed")]
    [InlineData(SigV4Failure.MalformedPresignedQuery, "IncompleteSignatureException", "IncompleteSignature", "AuthorizationQueryParametersError")]
    [InlineData(SigV4Failure.UnknownAccessKey, "UnrecognizedClientException", "InvalidClientTokenId", "InvalidAccessKeyId")]
    [InlineData(SigV4Failure.SignatureDoesNotMatch, "InvalidSignatureException", "SignatureDoesNotMatch", "SignatureDoesNotMatch")]
    [InlineData(SigV4Failure.ExpiredSecurityToken, "ExpiredTokenException", "ExpiredToken", "ExpiredToken")]
    [InlineData(SigV4Failure.RequestTimeSkewed, "InvalidSignatureException", "SignatureDoesNotMatch", "RequestTimeTooSkewed")]
    [InlineData(SigV4Failure.PresignedUrlExpired, "InvalidSignatureException", "RequestExpired", "AccessDenied")]
    public void For_ListedFailures_UseTheCodesAwsAnswersWith(SigV4Failure failure, string json, string query, string s3)
    {
        var entry = SigV4ErrorCatalog.For(failure);

        entry.Json.Code.ShouldBe(json);
        entry.Query.Code.ShouldBe(query);
        entry.S3.Code.ShouldBe(s3);
    }

    [Fact]
    public void MessageFor_SignatureMismatch_KeepsTheVerifiersCanonicalRequestForJson()
    {
        var result = SigV4Result.SignatureMismatch("GET\n/\n", "AWS4-HMAC-SHA256\n");
        var entry = SigV4ErrorCatalog.For(result.Failure!.Value);

        entry.Json.MessageFor(result.Message).ShouldContain("The Canonical String for this request should have been\n'GET\n/\n'");
        entry.S3.MessageFor(result.Message).ShouldBe("The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    }

    [Theory]
    [InlineData(SigV4Failure.UnknownAccessKey, ProtocolKind.Ec2Query, "AuthFailure", 401)]
    [InlineData(SigV4Failure.ExpiredSecurityToken, ProtocolKind.Ec2Query, "AuthFailure", 401)]
    [InlineData(SigV4Failure.SignatureDoesNotMatch, ProtocolKind.Ec2Query, "SignatureDoesNotMatch", 403)]
    [InlineData(SigV4Failure.UnknownAccessKey, ProtocolKind.AwsQuery, "InvalidClientTokenId", 403)]
    [InlineData(SigV4Failure.UnknownAccessKey, ProtocolKind.AwsJson, "UnrecognizedClientException", 403)]
    [InlineData(SigV4Failure.UnknownAccessKey, ProtocolKind.RestJson, "UnrecognizedClientException", 403)]
    [InlineData(SigV4Failure.UnknownAccessKey, ProtocolKind.RestXml, "InvalidAccessKeyId", 403)]
    public void ToError_PicksTheProtocolsCode_WithEc2KeyFailuresAsAuthFailure(SigV4Failure failure, ProtocolKind protocol, string code, int status)
    {
        var error = SigV4ErrorCatalog.ToError(protocol, SigV4Result.Fail(failure, "detail"));

        error.Code.ShouldBe(code);
        error.HttpStatus.ShouldBe(status);
    }
}
