using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;

namespace SageKeep.UnitTests.Server.Protocols;

/// <summary>The error factory other parts call (SigV4, IAM): AWS's codes per protocol, read back by botocore.</summary>
public sealed class ProtocolErrorsTests
{
    [Theory]
    [InlineData(ProtocolKind.AwsJson, AuthenticationFailure.MissingAuthentication, "MissingAuthenticationTokenException", 403)]
    [InlineData(ProtocolKind.AwsJson, AuthenticationFailure.UnknownAccessKey, "UnrecognizedClientException", 400)]
    [InlineData(ProtocolKind.AwsJson, AuthenticationFailure.SignatureMismatch, "InvalidSignatureException", 400)]
    [InlineData(ProtocolKind.AwsJson, AuthenticationFailure.SignatureExpired, "InvalidSignatureException", 400)]
    [InlineData(ProtocolKind.AwsJson, AuthenticationFailure.IncompleteSignature, "IncompleteSignatureException", 400)]
    [InlineData(ProtocolKind.AwsJson, AuthenticationFailure.ExpiredToken, "ExpiredTokenException", 400)]
    [InlineData(ProtocolKind.AwsJson, AuthenticationFailure.AccessDenied, "AccessDeniedException", 400)]
    [InlineData(ProtocolKind.RestJson, AuthenticationFailure.SignatureMismatch, "InvalidSignatureException", 400)]
    [InlineData(ProtocolKind.AwsQuery, AuthenticationFailure.MissingAuthentication, "MissingAuthenticationToken", 403)]
    [InlineData(ProtocolKind.AwsQuery, AuthenticationFailure.UnknownAccessKey, "InvalidClientTokenId", 403)]
    [InlineData(ProtocolKind.AwsQuery, AuthenticationFailure.SignatureMismatch, "SignatureDoesNotMatch", 403)]
    [InlineData(ProtocolKind.AwsQuery, AuthenticationFailure.SignatureExpired, "SignatureDoesNotMatch", 403)]
    [InlineData(ProtocolKind.AwsQuery, AuthenticationFailure.ExpiredToken, "ExpiredToken", 403)]
    [InlineData(ProtocolKind.AwsQuery, AuthenticationFailure.AccessDenied, "AccessDenied", 403)]
    [InlineData(ProtocolKind.Ec2Query, AuthenticationFailure.UnknownAccessKey, "AuthFailure", 401)]
    [InlineData(ProtocolKind.Ec2Query, AuthenticationFailure.SignatureMismatch, "SignatureDoesNotMatch", 403)]
    [InlineData(ProtocolKind.Ec2Query, AuthenticationFailure.AccessDenied, "UnauthorizedOperation", 403)]
    [InlineData(ProtocolKind.RestXml, AuthenticationFailure.MissingAuthentication, "AccessDenied", 403)]
    [InlineData(ProtocolKind.RestXml, AuthenticationFailure.UnknownAccessKey, "InvalidAccessKeyId", 403)]
    [InlineData(ProtocolKind.RestXml, AuthenticationFailure.SignatureMismatch, "SignatureDoesNotMatch", 403)]
    [InlineData(ProtocolKind.RestXml, AuthenticationFailure.SignatureExpired, "RequestTimeTooSkewed", 403)]
    [InlineData(ProtocolKind.RestXml, AuthenticationFailure.ExpiredToken, "ExpiredToken", 400)]
    public void Authentication_MapsEachFailureToTheProtocolsCode(ProtocolKind protocol, AuthenticationFailure failure, string code, int status)
    {
        var error = ProtocolErrors.Authentication(protocol, failure);

        error.Code.ShouldBe(code);
        error.HttpStatus.ShouldBe(status);
        error.Fault.ShouldBe(AwsErrorFault.Sender);
    }

    [Fact]
    public void Authentication_WithDetail_UsesItAsTheMessage()
    {
        var error = ProtocolErrors.Authentication(ProtocolKind.AwsJson, AuthenticationFailure.SignatureExpired, "Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)");

        error.Message.ShouldStartWith("Signature expired: 20260101T000000Z");
    }

    /// <summary>Every (protocol, failure) error, written and parsed back by botocore, keeps its code and message.</summary>
    [Fact]
    public void EveryAuthenticationError_IsReadByBotocoreWithItsCodeAndMessage()
    {
        var protocols = new (ProtocolKind Kind, string Service)[]
        {
            (ProtocolKind.AwsJson, "sagemaker"), (ProtocolKind.RestJson, "sagemaker-runtime"), (ProtocolKind.AwsQuery, "sts"),
            (ProtocolKind.Ec2Query, "ec2"), (ProtocolKind.RestXml, "s3"),
        };
        var cases = (from p in protocols from f in Enum.GetValues<AuthenticationFailure>() select (p.Kind, p.Service, Error: ProtocolErrors.Authentication(p.Kind, f))).ToList();

        var parsed = BotocoreOracle.ParseMany(cases.Select(c =>
        {
            var response = ErrorResponseWriter.Write(c.Kind, c.Error, "req-1", "https://sts.amazonaws.com/doc/2011-06-15/", "/b/k");
            var headers = response.Headers.Append(KeyValuePair.Create(c.Kind == ProtocolKind.RestXml ? "x-amz-request-id" : "x-amzn-requestid", "req-1"));
            return (c.Service, response.Status, headers, response.Body);
        }));

        for (var i = 0; i < cases.Count; i++)
        {
            var error = parsed[i]!["Error"]!;
            error["Code"]!.GetValue<string>().ShouldBe(cases[i].Error.Code, $"{cases[i].Kind}");
            error["Message"]!.GetValue<string>().ShouldBe(cases[i].Error.Message, $"{cases[i].Kind}");
            parsed[i]!["ResponseMetadata"]!["RequestId"]!.GetValue<string>().ShouldBe("req-1", $"{cases[i].Kind}");
        }
    }

    [Fact]
    public void QueryError_WithControlCharactersInTheMessage_StaysWellFormedXml()
    {
        var response = ErrorResponseWriter.Write(ProtocolKind.AwsQuery, AwsError.Sender("ValidationError", "Value 'a\u0001b' is bad"), "req-1", "urn:x");

        var document = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(response.Body.Span));
        document.Root!.Value.ShouldContain("a\uFFFDb");
    }
}
