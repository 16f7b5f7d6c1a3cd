namespace SageKeep.UnitTests.Server.Protocols;

/// <summary>IAM, STS and EC2 query inputs bound and validated against the botocore models.</summary>
public sealed class QueryValidationTests
{
    private const string Iam = "Action=CreateUser&Version=2010-05-08";
    private const string Sts = "Action=AssumeRole&Version=2011-06-15";
    private const string Ec2 = "Action=CreateVpc&Version=2016-11-15";

    [Theory]
    [InlineData(Iam + "&UserName=bad%20name", "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+")]
    [InlineData(Iam, "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null")]
    [InlineData(Iam + "&UserName=alice&Path=noslash", "1 validation error detected: Value 'noslash' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)")]
    [InlineData(Iam + "&UserName=alice&Tags.member.1.Key=team", "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null")]
    [InlineData(Iam + "&UserName=alice&PermissionsBoundary=arn:short", "1 validation error detected: Value 'arn:short' at 'permissionsBoundary' failed to satisfy constraint: Member must have length greater than or equal to 20")]
    [InlineData(Iam + "&UserName=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "1 validation error detected: Value 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64")]
    public void CreateUser_WithInvalidInput_IsRefusedWithValidationError(string form, string expected)
    {
        var error = ProtocolTestInputs.ValidateQuery("iam", "CreateUser", form).ShouldNotBeNull();

        error.Code.ShouldBe("ValidationError");
        error.HttpStatus.ShouldBe(400);
        error.Fault.ShouldBe(SageKeep.Core.Errors.AwsErrorFault.Sender);
        error.Message.ShouldBe(expected);
    }

    [Theory]
    [InlineData(Iam + "&UserName=alice")]
    [InlineData(Iam + "&UserName=alice%2Bbob%40example.com&Path=%2Fteam%2F")]
    [InlineData(Iam + "&UserName=alice&Tags.member.1.Key=team&Tags.member.1.Value=ml&Unknown.Thing=1")]
    public void CreateUser_WithValidInput_IsAccepted(string form)
    {
        ProtocolTestInputs.ValidateQuery("iam", "CreateUser", form).ShouldBeNull();
    }

    [Theory]
    [InlineData(Sts + "&RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=s1&DurationSeconds=100", "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")]
    [InlineData(Sts + "&RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=s1&DurationSeconds=43201", "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200")]
    [InlineData(Sts + "&RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=a", "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2")]
    [InlineData(Sts, "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null")]
    [InlineData(Sts + "&RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=s1&DurationSeconds=abc", "1 validation error detected: Value 'abc' at 'durationSeconds' failed to satisfy constraint: Member must be a number")]
    [InlineData(Sts + "&RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=bad%20session", "1 validation error detected: Value 'bad session' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")]
    public void AssumeRole_WithInvalidInput_IsRefusedWithValidationError(string form, string expected)
    {
        var error = ProtocolTestInputs.ValidateQuery("sts", "AssumeRole", form).ShouldNotBeNull();

        error.Code.ShouldBe("ValidationError");
        error.Message.ShouldBe(expected);
    }

    [Fact]
    public void AssumeRole_WithTagsAndPolicyArns_BindsListsOfStructures()
    {
        var form = Sts + "&RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=s1&DurationSeconds=900"
            + "&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=b&Tags.member.2.Value=2"
            + "&PolicyArns.member.1.arn=arn:aws:iam::aws:policy/ReadOnlyAccess&TransitiveTagKeys.member.1=a";

        ProtocolTestInputs.BindQuery("sts", "AssumeRole", form, out var input).ShouldBeNull();

        input!.ToJsonString().ShouldBe(
            "{\"RoleArn\":\"arn:aws:iam::123456789012:role/r\",\"RoleSessionName\":\"s1\",\"PolicyArns\":[{\"arn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}]," +
            "\"DurationSeconds\":900,\"Tags\":[{\"Key\":\"a\",\"Value\":\"1\"},{\"Key\":\"b\",\"Value\":\"2\"}],\"TransitiveTagKeys\":[\"a\"]}");
    }

    [Theory]
    [InlineData(Ec2 + "&InstanceTenancy=bogus", "1 validation error detected: Value 'bogus' at 'instanceTenancy' failed to satisfy constraint: Member must satisfy enum value set: [default, dedicated, host]")]
    [InlineData(Ec2 + "&VpcEncryptionControl.InternetGatewayExclusion=enable", "1 validation error detected: Value null at 'vpcEncryptionControl.mode' failed to satisfy constraint: Member must not be null")]
    [InlineData(Ec2 + "&Ipv4NetmaskLength=wide", "1 validation error detected: Value 'wide' at 'ipv4NetmaskLength' failed to satisfy constraint: Member must be a number")]
    public void CreateVpc_WithInvalidInput_IsRefusedWithInvalidParameterValue(string form, string expected)
    {
        var error = ProtocolTestInputs.ValidateQuery("ec2", "CreateVpc", form).ShouldNotBeNull();

        error.Code.ShouldBe("InvalidParameterValue");
        error.Message.ShouldBe(expected);
    }

    [Fact]
    public void CreateVpc_WithEc2FlattenedLists_BindsTagSpecifications()
    {
        var form = Ec2 + "&CidrBlock=10.0.0.0%2F16&InstanceTenancy=default&DryRun=true"
            + "&TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=main";

        ProtocolTestInputs.BindQuery("ec2", "CreateVpc", form, out var input).ShouldBeNull();

        input!.ToJsonString().ShouldBe(
            "{\"CidrBlock\":\"10.0.0.0/16\",\"TagSpecifications\":[{\"ResourceType\":\"vpc\",\"Tags\":[{\"Key\":\"Name\",\"Value\":\"main\"}]}],\"DryRun\":true,\"InstanceTenancy\":\"default\"}");
    }
}
