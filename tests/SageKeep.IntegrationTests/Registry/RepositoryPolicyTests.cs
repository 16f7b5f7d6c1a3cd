namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// ECR repository policies with the aws CLI and skopeo: Set/Get/DeleteRepositoryPolicy and their errors, and the
/// policy evaluated as a resource-based policy for ECR API and /v2/ calls: a user whose identity policy only lets
/// it log in pulls once the repository policy names it; an explicit Deny in the repository policy stops a user
/// whose identity policy allows every ECR action from pushing.
/// </summary>
public sealed class RepositoryPolicyTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    private static string Image => Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Images", "trivy-oci", "test.oci");

    [Fact]
    public async Task RepositoryPolicy_AllowsANamedUserToPull_AndItsDenyStopsAPusher()
    {
        var repo = RegistryServerFixture.Unique("policy/app");
        await fixture.CreateRepositoryAsync(repo);
        var seed = await CopyAsync(await fixture.LoginPasswordAsync(), "v1");
        seed.ExitCode.ShouldBe(0, seed.StdErr);

        // The API and its errors.
        var none = await fixture.Aws("ecr", "get-repository-policy", "--repository-name", repo);
        none.ExitCode.ShouldNotBe(0);
        none.StdErr.ShouldContain("RepositoryPolicyNotFoundException");
        var badJson = await fixture.Aws("ecr", "set-repository-policy", "--repository-name", repo, "--policy-text", "{ not json");
        badJson.ExitCode.ShouldNotBe(0);
        badJson.StdErr.ShouldContain("InvalidParameterException");
        var noRepo = await fixture.Aws("ecr", "set-repository-policy", "--repository-name", RegistryServerFixture.Unique("policy/none"), "--policy-text", $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{RegistryServerFixture.AccountId}}:root"},"Action":"ecr:BatchGetImage"}]}""");
        noRepo.ExitCode.ShouldNotBe(0);
        noRepo.StdErr.ShouldContain("RepositoryNotFoundException");

        var (pullerArn, pullerPassword, pullerKey) = await CreateUserAsync("puller", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}]}""");
        var (pusherArn, pusherPassword, _) = await CreateUserAsync("pusher", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*"}]}""");

        // Without a repository policy: the puller is refused, the pusher pushes.
        (await InspectAsync(pullerPassword, "v1")).ExitCode.ShouldNotBe(0);
        var pushed = await CopyAsync(pusherPassword, "v2");
        pushed.ExitCode.ShouldBe(0, pushed.StdErr);

        var policy = $$"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"PullForTheTeam","Effect":"Allow","Principal":{"AWS":"{{pullerArn}}"},
               "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability","ecr:DescribeImages"]},
              {"Sid":"NoPushes","Effect":"Deny","Principal":{"AWS":"{{pusherArn}}"},
               "Action":["ecr:PutImage","ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload"]}
            ]}
            """;
        var set = await fixture.Aws("ecr", "set-repository-policy", "--repository-name", repo, "--policy-text", policy);
        set.ExitCode.ShouldBe(0, set.StdErr);
        RegistryServerFixture.Json(set.StdOut).GetProperty("repositoryName").GetString().ShouldBe(repo);
        var got = await fixture.Aws("ecr", "get-repository-policy", "--repository-name", repo);
        got.ExitCode.ShouldBe(0, got.StdErr);
        RegistryServerFixture.Json(got.StdOut).GetProperty("policyText").GetString()!.ShouldContain("PullForTheTeam");

        // The puller pulls (/v2/) and describes images (ECR API) through the repository policy alone.
        var pull = await InspectAsync(pullerPassword, "v1");
        pull.ExitCode.ShouldBe(0, pull.StdErr);
        var describe = await fixture.AwsAs(pullerKey.Id, pullerKey.Secret, "ecr", "describe-images", "--repository-name", repo);
        describe.ExitCode.ShouldBe(0, describe.StdErr);
        var list = await fixture.AwsAs(pullerKey.Id, pullerKey.Secret, "ecr", "list-images", "--repository-name", repo);
        list.ExitCode.ShouldNotBe(0);
        list.StdErr.ShouldContain("AccessDenied");

        // The explicit Deny wins over the pusher's identity policy.
        var denied = await CopyAsync(pusherPassword, "v3");
        denied.ExitCode.ShouldNotBe(0);
        denied.StdErr.ShouldContain("denied", Case.Insensitive);
        (await fixture.Aws("ecr", "list-images", "--repository-name", repo)).StdOut.ShouldNotContain("\"v3\"");

        // Deleted: the puller is refused again.
        var deleted = await fixture.Aws("ecr", "delete-repository-policy", "--repository-name", repo);
        deleted.ExitCode.ShouldBe(0, deleted.StdErr);
        RegistryServerFixture.Json(deleted.StdOut).GetProperty("policyText").GetString()!.ShouldContain("NoPushes");
        (await InspectAsync(pullerPassword, "v1")).ExitCode.ShouldNotBe(0);
        var again = await fixture.Aws("ecr", "delete-repository-policy", "--repository-name", repo);
        again.StdErr.ShouldContain("RepositoryPolicyNotFoundException");

        Task<(int ExitCode, string StdOut, string StdErr)> CopyAsync(string password, string tag) =>
            Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir, $"oci:{Image}", $"docker://{fixture.Host}/{repo}:{tag}");

        Task<(int ExitCode, string StdOut, string StdErr)> InspectAsync(string password, string tag) =>
            Skopeo.RunAsync("inspect", "--creds", "AWS:" + password, "--cert-dir", fixture.CertDir, $"docker://{fixture.Host}/{repo}:{tag}");
    }

    private async Task<(string Arn, string Password, (string Id, string Secret) Key)> CreateUserAsync(string prefix, string policy)
    {
        var user = RegistryServerFixture.Unique(prefix);
        var created = await fixture.Aws("iam", "create-user", "--user-name", user);
        created.ExitCode.ShouldBe(0, created.StdErr);
        var arn = RegistryServerFixture.Json(created.StdOut).GetProperty("User").GetProperty("Arn").GetString()!;
        (await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "ecr", "--policy-document", policy)).ExitCode.ShouldBe(0);
        var key = await fixture.Aws("iam", "create-access-key", "--user-name", user);
        key.ExitCode.ShouldBe(0, key.StdErr);
        var accessKey = RegistryServerFixture.Json(key.StdOut).GetProperty("AccessKey");
        var id = accessKey.GetProperty("AccessKeyId").GetString()!;
        var secret = accessKey.GetProperty("SecretAccessKey").GetString()!;
        return (arn, await fixture.LoginPasswordAsync(id, secret), (id, secret));
    }
}
