namespace SageKeep.IntegrationTests.Aws;

/// <summary>
/// The aws CLI signs each protocol differently (JSON target header, query form, EC2 query, REST path,
/// S3's x-amz-content-sha256): a correct signature gets past authentication to the operation (here the
/// "not supported by this server" answer, since no handler exists yet), a wrong one is refused with the
/// protocol's signature error.
/// </summary>
public sealed class EveryProtocolSignedTests(SignedServerFixture fixture) : IClassFixture<SignedServerFixture>
{
    public static TheoryData<string, string, string, string[]> Calls => new()
    {
        { "awsQuery (iam)", "ListSAMLProviders", "SignatureDoesNotMatch", ["iam", "list-saml-providers"] },
        { "ec2 query", "DescribeInstances", "SignatureDoesNotMatch", ["ec2", "describe-instances"] },
        { "awsJson1_1 (sagemaker)", "ListNotebookInstances", "InvalidSignatureException", ["sagemaker", "list-notebook-instances"] },
        { "restJson (sagemaker-runtime)", "InvokeEndpointAsync", "InvalidSignatureException", ["sagemaker-runtime", "invoke-endpoint-async", "--endpoint-name", "e1", "--input-location", "s3://any-bucket/input.csv"] },
        { "restXml (s3)", "GetBucketVersioning", "SignatureDoesNotMatch", ["s3api", "get-bucket-versioning", "--bucket", "any-bucket"] },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task CorrectlySignedCall_PassesAuthentication(string protocol, string operation, string mismatchCode, string[] arguments)
    {
        _ = mismatchCode;
        var (exitCode, _, stderr) = await fixture.Aws(arguments);

        exitCode.ShouldBe(255, protocol);
        stderr.ShouldContain($"when calling the {operation} operation: The operation {operation} of ", Case.Sensitive, protocol);
        stderr.ShouldContain("is not supported by this server", Case.Sensitive, protocol);
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task CallSignedWithTheWrongSecret_IsRefusedWithTheProtocolsSignatureError(string protocol, string operation, string mismatchCode, string[] arguments)
    {
        var (exitCode, _, stderr) = await fixture.AwsAs(SignedServerFixture.AccessKeyId, new string('w', 40), arguments);

        exitCode.ShouldBe(255, protocol);
        stderr.ShouldContain($"({mismatchCode}) when calling the {operation} operation", Case.Sensitive, protocol);
    }
}
