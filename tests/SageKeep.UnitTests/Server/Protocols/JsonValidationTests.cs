namespace SageKeep.UnitTests.Server.Protocols;

/// <summary>SageMaker inputs validated against the botocore model, with AWS's exact messages.</summary>
public sealed class JsonValidationTests
{
    private const string NamePattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    public static TheoryData<string, string?, string> InvalidTrainingJobs => new()
    {
        { "TrainingJobName", "\"my_job\"", $"1 validation error detected: Value 'my_job' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: {NamePattern}" },
        {
            "TrainingJobName", $"\"{new string('a', 64)}\"",
            $"2 validation errors detected: Value '{new string('a', 64)}' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: {NamePattern}; " +
            $"Value '{new string('a', 64)}' at 'trainingJobName' failed to satisfy constraint: Member must have length less than or equal to 63"
        },
        { "RoleArn", null, "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null" },
        { "RoleArn", "\"arn:aws:iam::123:role/x\"", "1 validation error detected: Value 'arn:aws:iam::123:role/x' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+" },
        { "AlgorithmSpecification.TrainingInputMode", "\"Stream\"", "1 validation error detected: Value 'Stream' at 'algorithmSpecification.trainingInputMode' failed to satisfy constraint: Member must satisfy enum value set: [Pipe, File, FastFile]" },
        { "AlgorithmSpecification.TrainingInputMode", null, "1 validation error detected: Value null at 'algorithmSpecification.trainingInputMode' failed to satisfy constraint: Member must not be null" },
        { "ResourceConfig.InstanceCount", "-1", "1 validation error detected: Value '-1' at 'resourceConfig.instanceCount' failed to satisfy constraint: Member must have value greater than or equal to 0" },
        { "StoppingCondition.MaxRuntimeInSeconds", "0", "1 validation error detected: Value '0' at 'stoppingCondition.maxRuntimeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1" },
        { "InputDataConfig", "[]", "1 validation error detected: Value '[]' at 'inputDataConfig' failed to satisfy constraint: Member must have length greater than or equal to 1" },
        { "InputDataConfig.0.ChannelName", "\"bad name\"", "1 validation error detected: Value 'bad name' at 'inputDataConfig.1.member.channelName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[A-Za-z0-9\\.\\-_]+" },
        { "InputDataConfig.0.DataSource.S3DataSource.S3Uri", null, "1 validation error detected: Value null at 'inputDataConfig.1.member.dataSource.s3DataSource.s3Uri' failed to satisfy constraint: Member must not be null" },
        { "Tags.0.Value", null, "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null" },
        { "OutputDataConfig.S3OutputPath", "\"ftp://bucket/out\"", "1 validation error detected: Value 'ftp://bucket/out' at 'outputDataConfig.s3OutputPath' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)" },
        {
            "HyperParameters", $"{{\"k\": \"{new string('v', 2501)}\"}}",
            $"1 validation error detected: Value '{{k={new string('v', 2501)}}}' at 'hyperParameters' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 2500]"
        },
        { "ResourceConfig.InstanceType", "\"ml.nope\"", "1 validation error detected: Value 'ml.nope' at 'resourceConfig.instanceType' failed to satisfy constraint: Member must satisfy enum value set: [" },
    };

    public static TheoryData<string, string?> ValidTrainingJobs => new()
    {
        { "TrainingJobName", "\"job-1\"" },
        { "TrainingJobName", $"\"{new string('a', 63)}\"" },
        { "UnknownMember", "{\"ignored\": [1, 2, 3]}" },
        { "HyperParameters", "{}" },
        { "Tags", null },
        { "StoppingCondition.MaxRuntimeInSeconds", "null" },
    };

    [Theory]
    [MemberData(nameof(InvalidTrainingJobs))]
    public void CreateTrainingJob_WithInvalidMember_IsRefusedWithValidationException(string path, string? json, string expected)
    {
        var error = ProtocolTestInputs.ValidateJson("sagemaker", "CreateTrainingJob", ProtocolTestInputs.PatchTrainingJob(path, json)).ShouldNotBeNull();

        error.Code.ShouldBe("ValidationException");
        error.HttpStatus.ShouldBe(400);
        error.Message.ShouldStartWith(expected);
    }

    [Theory]
    [MemberData(nameof(ValidTrainingJobs))]
    public void CreateTrainingJob_WithValidMember_IsAccepted(string path, string? json)
    {
        ProtocolTestInputs.ValidateJson("sagemaker", "CreateTrainingJob", ProtocolTestInputs.PatchTrainingJob(path, json)).ShouldBeNull();
    }

    [Fact]
    public void CreateTrainingJob_WithTwoMissingMembers_ListsBothInModelOrder()
    {
        var body = ProtocolTestInputs.PatchTrainingJob("RoleArn", null).Replace("\"TrainingJobName\":\"job-1\",", string.Empty, StringComparison.Ordinal);

        var error = ProtocolTestInputs.ValidateJson("sagemaker", "CreateTrainingJob", body).ShouldNotBeNull();

        error.Message.ShouldBe(
            "2 validation errors detected: Value null at 'trainingJobName' failed to satisfy constraint: Member must not be null; " +
            "Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    }

    [Theory]
    [InlineData("StoppingCondition.MaxRuntimeInSeconds", "\"3600\"", "STRING_VALUE can not be converted to an Integer")]
    [InlineData("TrainingJobName", "42", "NUMBER_VALUE can not be converted to a String")]
    [InlineData("Tags", "{\"Key\": \"a\"}", "START_OBJECT can not be converted to a List")]
    [InlineData("ResourceConfig.InstanceCount", "1.5", "NUMBER_VALUE can not be converted to an Integer")]
    [InlineData("ResourceConfig.InstanceCount", "4294967296", "NUMBER_VALUE can not be converted to an Integer")]
    public void CreateTrainingJob_WithWrongJsonType_IsRefusedWithSerializationException(string path, string json, string expected)
    {
        var error = ProtocolTestInputs.ValidateJson("sagemaker", "CreateTrainingJob", ProtocolTestInputs.PatchTrainingJob(path, json)).ShouldNotBeNull();

        error.Code.ShouldBe("SerializationException");
        error.Message.ShouldBe(expected);
    }

    [Theory]
    [InlineData("{}", "1 validation error detected: Value null at 'trainingJobName' failed to satisfy constraint: Member must not be null")]
    [InlineData("{\"TrainingJobName\": \"\"}", "2 validation errors detected: Value '' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}; Value '' at 'trainingJobName' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    [InlineData("{\"TrainingJobName\": \"-job\"}", "1 validation error detected: Value '-job' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")]
    public void DescribeTrainingJob_WithInvalidName_IsRefused(string body, string expected)
    {
        var error = ProtocolTestInputs.ValidateJson("sagemaker", "DescribeTrainingJob", body).ShouldNotBeNull();

        error.Code.ShouldBe("ValidationException");
        error.Message.ShouldBe(expected);
    }

    [Theory]
    [InlineData("{\"TrainingJobName\": \"job-1\"}")]
    [InlineData("{\"TrainingJobName\": \"a--b\", \"Other\": 1}")]
    public void DescribeTrainingJob_WithValidName_IsAccepted(string body)
    {
        ProtocolTestInputs.ValidateJson("sagemaker", "DescribeTrainingJob", body).ShouldBeNull();
    }
}
