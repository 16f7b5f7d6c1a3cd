namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// Every /v2/ call is authorised with the caller's IAM policies as its ECR action on the repository ARN:
/// an IAM user allowed to log in and pull, but not to push, is refused the push with DENIED.
/// </summary>
public sealed class RegistryPermissionTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    [Fact]
    public async Task Push_ByAUserWithoutPushPermission_IsDenied_WhilePullWorks()
    {
        var repo = RegistryServerFixture.Unique("perm/app");
        await fixture.CreateRepositoryAsync(repo);
        var rootPassword = await fixture.LoginPasswordAsync();
        var image = Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Images", "trivy-oci", "test.oci");
        var seed = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + rootPassword, "--dest-cert-dir", fixture.CertDir, $"oci:{image}", $"docker://{fixture.Host}/{repo}:v1");
        seed.ExitCode.ShouldBe(0, seed.StdErr);

        var user = RegistryServerFixture.Unique("puller");
        (await fixture.Aws("iam", "create-user", "--user-name", user)).ExitCode.ShouldBe(0);
        var policy = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"],"Resource":"*"}]}
            """;
        var put = await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "pull-only", "--policy-document", policy);
        put.ExitCode.ShouldBe(0, put.StdErr);
        var key = await fixture.Aws("iam", "create-access-key", "--user-name", user);
        key.ExitCode.ShouldBe(0, key.StdErr);
        var accessKey = RegistryServerFixture.Json(key.StdOut).GetProperty("AccessKey");
        var password = await fixture.LoginPasswordAsync(accessKey.GetProperty("AccessKeyId").GetString()!, accessKey.GetProperty("SecretAccessKey").GetString()!);

        var pull = await Skopeo.RunAsync("inspect", "--creds", "AWS:" + password, "--cert-dir", fixture.CertDir, $"docker://{fixture.Host}/{repo}:v1");
        pull.ExitCode.ShouldBe(0, pull.StdErr);

        var push = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir, $"oci:{image}", $"docker://{fixture.Host}/{repo}:v2");
        push.ExitCode.ShouldNotBe(0);
        push.StdErr.ShouldContain("denied", Case.Insensitive);
        fixture.Server.Output.ShouldContain("DENIED");
        (await fixture.Aws("ecr", "list-images", "--repository-name", repo)).StdOut.ShouldNotContain("\"v2\"");
    }
}
