using System.Text.Json;
using SageKeep.IntegrationTests.Registry;

namespace SageKeep.IntegrationTests.Iam;

/// <summary>
/// iam:PassRole on CreateTrainingJob, with the aws CLI as an IAM user: being allowed sagemaker:CreateTrainingJob is
/// not enough to hand a role to SageMaker. The user gets AWS's AccessDeniedException text for iam:PassRole on the
/// role, a PassRole grant for another role or for another service (iam:PassedToService) does not help, an explicit
/// deny is named as such, and no job is left behind. No container is started: the check comes before any launch.
/// </summary>
public sealed class PassRoleTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    private const string Account = RegistryServerFixture.AccountId;

    [Fact]
    public async Task CreateTrainingJob_WithoutPassRoleOnTheRole_AnswersAccessDeniedForIamPassRole()
    {
        var image = await PushImageAsync();
        var roleName = RegistryServerFixture.Unique("sm-role");
        var roleArn = $"arn:aws:iam::{Account}:role/{roleName}";
        await RootAsync("iam", "create-role", "--role-name", roleName, "--assume-role-policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");
        var user = RegistryServerFixture.Unique("trainer");
        var userArn = $"arn:aws:iam::{Account}:user/{user}";
        await RootAsync("iam", "create-user", "--user-name", user);
        var key = (await RootAsync("iam", "create-access-key", "--user-name", user)).GetProperty("AccessKey");
        var (keyId, secret) = (key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!);

        // CreateTrainingJob on anything; PassRole only for another role, or for this role to another service.
        await RootAsync("iam", "put-user-policy", "--user-name", user, "--policy-name", "train", "--policy-document", $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"sagemaker:CreateTrainingJob","Resource":"*"},
              {"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::{{Account}}:role/{{roleName}}-other"},
              {"Effect":"Allow","Action":"iam:PassRole","Resource":"{{roleArn}}","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"} } }]}
            """);
        var job = RegistryServerFixture.Unique("passrole");

        var denied = await fixture.AwsAs(keyId, secret, Create(job, roleArn, image));

        denied.ExitCode.ShouldNotBe(0);
        denied.StdErr.ShouldContain(
            "An error occurred (AccessDeniedException) when calling the CreateTrainingJob operation: "
            + $"User: {userArn} is not authorized to perform: iam:PassRole on resource: {roleArn} because no identity-based policy allows the iam:PassRole action");
        (await fixture.Aws("sagemaker", "describe-training-job", "--training-job-name", job)).ExitCode.ShouldNotBe(0);

        // The PassRole check comes before the image lookup: an image that does not exist gets the same answer, so a
        // caller without PassRole cannot probe the registry.
        var probe = await fixture.AwsAs(keyId, secret, Create(job, roleArn, $"{fixture.Host}/{RegistryServerFixture.Unique("absent")}:v1"));
        probe.ExitCode.ShouldNotBe(0);
        probe.StdErr.ShouldContain($"User: {userArn} is not authorized to perform: iam:PassRole on resource: {roleArn}");
        probe.StdErr.ShouldNotContain("registry");

        // Without sagemaker:CreateTrainingJob the first check is the one that fails, naming the job.
        await RootAsync("iam", "put-user-policy", "--user-name", user, "--policy-name", "train", "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}""");
        var noCreate = await fixture.AwsAs(keyId, secret, Create(job, roleArn, image));
        noCreate.StdErr.ShouldContain(
            $"User: {userArn} is not authorized to perform: sagemaker:CreateTrainingJob on resource: arn:aws:sagemaker:us-east-1:{Account}:training-job/{job} because no identity-based policy allows the sagemaker:CreateTrainingJob action");

        // An explicit deny of PassRole beats an allow of everything.
        await RootAsync("iam", "put-user-policy", "--user-name", user, "--policy-name", "train", "--policy-document", $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["sagemaker:CreateTrainingJob","iam:PassRole"],"Resource":"*"},
              {"Effect":"Deny","Action":"iam:PassRole","Resource":"{{roleArn}}"}]}
            """);
        var explicitDeny = await fixture.AwsAs(keyId, secret, Create(job, roleArn, image));
        explicitDeny.StdErr.ShouldContain(
            $"User: {userArn} is not authorized to perform: iam:PassRole on resource: {roleArn} with an explicit deny in an identity-based policy");
        (await fixture.Aws("sagemaker", "describe-training-job", "--training-job-name", job)).ExitCode.ShouldNotBe(0);
    }

    private async Task<JsonElement> RootAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await fixture.Aws(arguments);
        exitCode.ShouldBe(0, $"aws {string.Join(' ', arguments)}: {stderr}");
        return stdout.Length == 0 ? default : RegistryServerFixture.Json(stdout);
    }

    /// <summary>A small image in this server's registry (CreateTrainingJob accepts no other), pushed with skopeo.</summary>
    private async Task<string> PushImageAsync()
    {
        var repo = RegistryServerFixture.Unique("passrole/busybox");
        await fixture.CreateRepositoryAsync(repo);
        var image = $"{fixture.Host}/{repo}:v1";
        var password = await fixture.LoginPasswordAsync();
        var layout = await ScanImages.BusyboxLayoutAsync(fixture.WorkDir);
        var push = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir, $"oci:{layout}:v1", "docker://" + image);
        push.ExitCode.ShouldBe(0, push.StdErr);
        return image;
    }

    private static string[] Create(string job, string roleArn, string image) =>
    [
        "sagemaker", "create-training-job",
        "--training-job-name", job,
        "--role-arn", roleArn,
        "--algorithm-specification", $"TrainingImage={image},TrainingInputMode=File",
        "--input-data-config", JsonSerializer.Serialize(new[] { new { ChannelName = "train", DataSource = new { S3DataSource = new { S3DataType = "S3Prefix", S3Uri = $"s3://{job}-data/train/" } } } }),
        "--output-data-config", $"S3OutputPath=s3://{job}-data/out",
        "--resource-config", "InstanceType=ml.m5.large,InstanceCount=1,VolumeSizeInGB=1",
        "--stopping-condition", "MaxRuntimeInSeconds=60",
    ];
}
