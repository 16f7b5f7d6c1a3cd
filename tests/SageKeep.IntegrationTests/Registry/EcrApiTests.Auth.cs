using System.Net;
using System.Text;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>GetAuthorizationToken: 12 hours, the proxy endpoint, and tokens bound to the identity that asked for them.</summary>
public sealed partial class EcrApiTests
{
    [Fact]
    public async Task GetAuthorizationToken_IsValidTwelveHours_ForTheProxyEndpoint_AndIsTheLoginPassword()
    {
        var asked = DateTimeOffset.UtcNow;
        var (code, stdout, stderr) = await fixture.Aws("ecr", "get-authorization-token");
        code.ShouldBe(0, stderr);
        var data = RegistryServerFixture.Json(stdout).GetProperty("authorizationData").EnumerateArray().Single();
        data.GetProperty("proxyEndpoint").GetString().ShouldBe($"https://{fixture.Host}");
        var expires = DateTimeOffset.FromUnixTimeMilliseconds((long)(data.GetProperty("expiresAt").GetDouble() * 1000));
        expires.ShouldBeInRange(asked.AddHours(12).AddMinutes(-5), asked.AddHours(12).AddMinutes(5));

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(data.GetProperty("authorizationToken").GetString()!));
        decoded.ShouldStartWith("AWS:");
        using var client = fixture.RegistryClient(decoded["AWS:".Length..]);
        (await client.GetAsync("/v2/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RegistryToken_OfADeletedAccessKey_IsRefused_AndATokenActsOnlyWithItsOwnersPermissions()
    {
        var repository = RegistryServerFixture.Unique("ecr/token");
        await fixture.CreateRepositoryAsync(repository);
        var pushPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*"}]}""";
        var pullPolicy = $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"},
              {"Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"],"Resource":"arn:aws:ecr:{{Region}}:{{RegistryServerFixture.AccountId}}:repository/{{repository}}"}]}
            """;
        var pusher = await CreateUserAsync("pusher", pushPolicy);
        var puller = await CreateUserAsync("puller", pullPolicy);

        // B (pusher) pushes; A (puller) reads with its own token but cannot push with it.
        using var pusherClient = fixture.RegistryClient(pusher.Password);
        using var pullerClient = fixture.RegistryClient(puller.Password);
        var image = RawImages.Image("token", RawImages.UniqueLayer("token"));
        (await RawImages.PushAsync(pusherClient, repository, image, "v1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await RawImages.GetManifestAsync(pullerClient, repository, "v1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var denied = await RawImages.PutManifestAsync(pullerClient, repository, image, "v2"))
        {
            denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            var error = RegistryServerFixture.Json(await denied.Content.ReadAsStringAsync()).GetProperty("errors")[0];
            error.GetProperty("code").GetString().ShouldBe("DENIED");
            error.GetProperty("message").GetString()!.ShouldContain(puller.Arn);
            error.GetProperty("message").GetString()!.ShouldContain("ecr:PutImage");
            error.GetProperty("message").GetString()!.ShouldNotContain(pusher.Arn);
        }

        // A's token reaches only the repository A's policy names.
        var other = RegistryServerFixture.Unique("ecr/token-other");
        await fixture.CreateRepositoryAsync(other);
        (await RawImages.PushAsync(pusherClient, other, image, "v1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await RawImages.GetManifestAsync(pullerClient, other, "v1")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // B's access key is deleted: the token it got is refused from the next call on, in the registry's error shape.
        var delete = await fixture.Aws("iam", "delete-access-key", "--user-name", pusher.User, "--access-key-id", pusher.KeyId);
        delete.ExitCode.ShouldBe(0, delete.StdErr);
        using (var refused = await RawImages.GetManifestAsync(pusherClient, repository, "v1"))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            refused.Headers.WwwAuthenticate.ToString().ShouldStartWith("Basic");
            RegistryServerFixture.Json(await refused.Content.ReadAsStringAsync()).GetProperty("errors")[0].GetProperty("code").GetString().ShouldBe("UNAUTHORIZED");
        }

        (await pusherClient.GetAsync("/v2/")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await RawImages.PutManifestAsync(pullerClient, repository, image, "v3")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // A's user is deleted (its key first, as IAM requires): A's token is refused too.
        (await fixture.Aws("iam", "delete-access-key", "--user-name", puller.User, "--access-key-id", puller.KeyId)).ExitCode.ShouldBe(0);
        (await fixture.Aws("iam", "delete-user-policy", "--user-name", puller.User, "--policy-name", "ecr")).ExitCode.ShouldBe(0);
        var deletedUser = await fixture.Aws("iam", "delete-user", "--user-name", puller.User);
        deletedUser.ExitCode.ShouldBe(0, deletedUser.StdErr);
        (await RawImages.GetManifestAsync(pullerClient, repository, "v1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<(string User, string Arn, string KeyId, string Password)> CreateUserAsync(string prefix, string policy)
    {
        var user = RegistryServerFixture.Unique(prefix);
        var created = await fixture.Aws("iam", "create-user", "--user-name", user);
        created.ExitCode.ShouldBe(0, created.StdErr);
        var arn = RegistryServerFixture.Json(created.StdOut).GetProperty("User").GetProperty("Arn").GetString()!;
        var put = await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "ecr", "--policy-document", policy);
        put.ExitCode.ShouldBe(0, put.StdErr);
        var key = await fixture.Aws("iam", "create-access-key", "--user-name", user);
        key.ExitCode.ShouldBe(0, key.StdErr);
        var accessKey = RegistryServerFixture.Json(key.StdOut).GetProperty("AccessKey");
        var id = accessKey.GetProperty("AccessKeyId").GetString()!;
        return (user, arn, id, await fixture.LoginPasswordAsync(id, accessKey.GetProperty("SecretAccessKey").GetString()!));
    }
}
