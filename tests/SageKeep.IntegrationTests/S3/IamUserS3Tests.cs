using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.S3;

/// <summary>An IAM user without an S3 permission is refused s3:GetObject in S3's AccessDenied shape.</summary>
public sealed class IamUserS3Tests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    [Fact]
    public async Task UserWithoutPermission_GetObject_AnswersAccessDenied()
    {
        var bucket = S3ServerFixture.NewBucket("iamuser");
        var user = "reader-" + Guid.NewGuid().ToString("N")[..8];
        var file = Path.Combine(fixture.WorkDir, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "private");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        (await fixture.Aws("s3", "cp", file, $"s3://{bucket}/p.txt")).ExitCode.ShouldBe(0);
        (await fixture.Aws("iam", "create-user", "--user-name", user)).ExitCode.ShouldBe(0);
        var created = await fixture.Aws("iam", "create-access-key", "--user-name", user);
        using var key = JsonDocument.Parse(created.StdOut);
        var accessKey = key.RootElement.GetProperty("AccessKey");

        var denied = await AwsCli.RunAsync(fixture.Server.BaseUrl, fixture.Server.CaCertPath, accessKey.GetProperty("AccessKeyId").GetString()!, accessKey.GetProperty("SecretAccessKey").GetString()!,
            ["s3api", "get-object", "--bucket", bucket, "--key", "p.txt", file + ".out"]);

        denied.StdErr.ShouldContain("(AccessDenied) when calling the GetObject operation");
        denied.StdErr.ShouldContain($":user/{user} is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::{bucket}/p.txt\"");
    }
}
