using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>Every /v2/ call is authorised as its ECR action with the caller's IAM policies and audited once.</summary>
public sealed partial class DistributionApiTests
{
    [Fact]
    public async Task PullOnlyUser_IsDeniedUploadsAndManifestPuts_GetsPulls_AndEveryCallIsAuditedOnce()
    {
        var (root, repository) = await NewRepositoryAsync("dist/guarded");
        using var _ = root;
        var (manifest, digest) = await ImageManifestAsync(root, repository);
        using (var put = await PutManifestAsync(root, repository, "v1", OciManifest, manifest))
        {
            put.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var layer = RegistryServerFixture.Json(Encoding.UTF8.GetString(manifest)).GetProperty("layers")[0].GetProperty("digest").GetString()!;
        var (userArn, password) = await UserAsync(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"*"}]}""");
        using var client = fixture.RegistryClient(password);
        var calls = new List<(string RequestId, string Action, HttpStatusCode Status, string? ErrorCode)>();
        void Record(HttpResponseMessage response, string action, string? errorCode) =>
            calls.Add((Header(response, "x-amzn-RequestId").ShouldNotBeNull(), action, response.StatusCode, errorCode));

        using (var pull = await client.GetAsync($"/v2/{repository}/manifests/v1"))
        {
            pull.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await pull.Content.ReadAsByteArrayAsync()).ShouldBe(manifest);
            Record(pull, "ecr:BatchGetImage", null);
        }

        using (var blob = await client.GetAsync($"/v2/{repository}/blobs/{layer}"))
        {
            blob.StatusCode.ShouldBe(HttpStatusCode.OK);
            Record(blob, "ecr:GetDownloadUrlForLayer", null);
        }

        using (var upload = await client.PostAsync($"/v2/{repository}/blobs/uploads/", null))
        {
            await ExpectErrorAsync(upload, HttpStatusCode.Forbidden, "DENIED");
            Record(upload, "ecr:InitiateLayerUpload", "DENIED");
        }

        using (var monolithic = await client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={Sha256([1, 2, 3])}", Octets([1, 2, 3])))
        {
            await ExpectErrorAsync(monolithic, HttpStatusCode.Forbidden, "DENIED");
            Record(monolithic, "ecr:InitiateLayerUpload", "DENIED");
        }

        using (var putManifest = await PutManifestAsync(client, repository, "v2", OciManifest, manifest))
        {
            await ExpectErrorAsync(putManifest, HttpStatusCode.Forbidden, "DENIED");
            Record(putManifest, "ecr:PutImage", "DENIED");
        }

        using (var delete = await client.DeleteAsync($"/v2/{repository}/manifests/{digest}"))
        {
            await ExpectErrorAsync(delete, HttpStatusCode.Forbidden, "DENIED");
            Record(delete, "ecr:BatchDeleteImage", "DENIED");
        }

        using (var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{layer}")))
        {
            head.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            Record(head, "ecr:BatchCheckLayerAvailability", "DENIED");
        }

        // Nothing the denied calls tried is there.
        using (var missing = await root.GetAsync($"/v2/{repository}/manifests/v2"))
        {
            await ExpectErrorAsync(missing, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        }

        var records = await AuditQuery.WaitForAsync(fixture.Server.DataDir, calls.Count, ["--principal", userArn], 
            r => r["eventSource"]?.GetValue<string>() == "ecr" && r["eventName"]?.GetValue<string>() != "GetAuthorizationToken");
        foreach (var (requestId, action, status, errorCode) in calls)
        {
            var record = records.Where(r => r["requestId"]!.GetValue<string>() == requestId).ShouldHaveSingleItem(requestId);
            record["action"]!.GetValue<string>().ShouldBe(action);
            record["userIdentity"]!["arn"]!.GetValue<string>().ShouldBe(userArn);
            record["httpStatus"]!.GetValue<int>().ShouldBe((int)status);
            record["decision"]!.GetValue<string>().ShouldBe(errorCode is null ? "Allowed" : "ImplicitDeny");
            (record["errorCode"]?.GetValue<string>()).ShouldBe(errorCode);
            record["resources"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldContain($"arn:aws:ecr:us-east-1:{RegistryServerFixture.AccountId}:repository/{repository}");
            record["requestParameters"]!["repositoryName"]!.GetValue<string>().ShouldBe(repository);
        }

        records.Count.ShouldBe(calls.Count);

        // The token (and its Basic form) is nowhere in the trail.
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + password));
        foreach (var file in Directory.GetFiles(Path.Combine(fixture.Server.DataDir, "audit")))
        {
            var text = await File.ReadAllTextAsync(file);
            text.ShouldNotContain(password);
            text.ShouldNotContain(basic);
            text.ShouldNotContain(password[..40]);
        }
    }

    [Fact]
    public async Task Mount_WithoutReadPermissionOnTheSource_FallsBackToAnUploadSession()
    {
        var (root, source) = await NewRepositoryAsync("dist/secret");
        using var _ = root;
        var target = RegistryServerFixture.Unique("dist/open");
        await fixture.CreateRepositoryAsync(target);
        var digest = await PushBlobAsync(root, source, RandomBytes(2000));
        var targetArn = $"arn:aws:ecr:us-east-1:{RegistryServerFixture.AccountId}:repository/{target}";
        var (_, password) = await UserAsync($$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"},
              {"Effect":"Allow","Action":["ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload","ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer"],"Resource":"{{targetArn}}"}]}
            """);
        using var client = fixture.RegistryClient(password);

        using var mount = await client.PostAsync($"/v2/{target}/blobs/uploads/?mount={digest}&from={source}", null);

        mount.StatusCode.ShouldBe(HttpStatusCode.Accepted, await mount.Content.ReadAsStringAsync());
        Header(mount, "Docker-Upload-UUID").ShouldNotBeNullOrEmpty();
        using (var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{target}/blobs/{digest}")))
        {
            head.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using (var cancel = await client.DeleteAsync(mount.Headers.Location))
        {
            cancel.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        // With read access on the source (root) the same mount succeeds.
        using var allowed = await root.PostAsync($"/v2/{target}/blobs/uploads/?mount={digest}&from={source}", null);
        allowed.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>An IAM user with one inline policy, its ARN and its registry password (aws ecr get-login-password).</summary>
    private async Task<(string Arn, string Password)> UserAsync(string policy)
    {
        var user = RegistryServerFixture.Unique("dist-user");
        var created = await fixture.Aws("iam", "create-user", "--user-name", user);
        created.ExitCode.ShouldBe(0, created.StdErr);
        var arn = JsonNode.Parse(created.StdOut)!["User"]!["Arn"]!.GetValue<string>();
        var put = await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "registry", "--policy-document", policy);
        put.ExitCode.ShouldBe(0, put.StdErr);
        var key = await fixture.Aws("iam", "create-access-key", "--user-name", user);
        key.ExitCode.ShouldBe(0, key.StdErr);
        var accessKey = RegistryServerFixture.Json(key.StdOut).GetProperty("AccessKey");
        return (arn, await fixture.LoginPasswordAsync(accessKey.GetProperty("AccessKeyId").GetString()!, accessKey.GetProperty("SecretAccessKey").GetString()!));
    }
}
