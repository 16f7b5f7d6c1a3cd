using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.S3;

/// <summary>
/// Bucket policies are resource-based policies evaluated by the IAM engine: an explicit Deny binds the
/// account's root user too, yet the root user can always read and delete the policy (no lock-out); one naming an
/// IAM user refuses that user although its identity policy allows the read.
/// </summary>
public sealed class BucketPolicyTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    [Fact]
    public async Task PolicyDenyingGetObject_RefusesRoot_AndRootCanStillDeleteThePolicy()
    {
        var bucket = S3ServerFixture.NewBucket("policy");
        var file = Path.Combine(fixture.WorkDir, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "guarded");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        (await fixture.Aws("s3", "cp", file, $"s3://{bucket}/secret.txt")).ExitCode.ShouldBe(0);
        var policy = $$"""
            {"Version":"2012-10-17","Statement":[{"Sid":"NoReads","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::{{S3ServerFixture.AccountId}}:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}
            """;

        var put = await fixture.Aws("s3api", "put-bucket-policy", "--bucket", bucket, "--policy", policy);
        var denied = await fixture.Aws("s3api", "get-object", "--bucket", bucket, "--key", "secret.txt", file + ".denied");
        var listed = await fixture.Aws("s3", "ls", $"s3://{bucket}/");
        var read = await fixture.Aws("s3api", "get-bucket-policy", "--bucket", bucket);
        var deleted = await fixture.Aws("s3api", "delete-bucket-policy", "--bucket", bucket);
        var allowed = await fixture.Aws("s3api", "get-object", "--bucket", bucket, "--key", "secret.txt", file + ".allowed");
        var gone = await fixture.Aws("s3api", "get-bucket-policy", "--bucket", bucket);

        put.ExitCode.ShouldBe(0, put.StdErr);
        denied.StdErr.ShouldContain("(AccessDenied) when calling the GetObject operation");
        denied.StdErr.ShouldContain($"is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::{bucket}/secret.txt\" with an explicit deny in a resource-based policy");
        listed.StdOut.ShouldContain("secret.txt", customMessage: "the Deny names s3:GetObject only");
        read.StdOut.ShouldContain("NoReads");
        deleted.ExitCode.ShouldBe(0, deleted.StdErr);
        allowed.ExitCode.ShouldBe(0, allowed.StdErr);
        gone.StdErr.ShouldContain("(NoSuchBucketPolicy)");
    }

    [Fact]
    public async Task PolicyDenyingAnIamUser_RefusesThatUser_ThoughItsOwnPolicyAllows_AndRootStillReads()
    {
        var bucket = S3ServerFixture.NewBucket("policyuser");
        var user = "denied-" + Guid.NewGuid().ToString("N")[..8];
        var userArn = $"arn:aws:iam::{S3ServerFixture.AccountId}:user/{user}";
        var file = Path.Combine(fixture.WorkDir, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "shared, then not");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        (await fixture.Aws("s3", "cp", file, $"s3://{bucket}/doc.txt")).ExitCode.ShouldBe(0);
        (await fixture.Aws("iam", "create-user", "--user-name", user)).ExitCode.ShouldBe(0);
        var identityPolicy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}""";
        (await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "read-bucket", "--policy-document", identityPolicy)).ExitCode.ShouldBe(0);
        var created = await fixture.Aws("iam", "create-access-key", "--user-name", user);
        created.ExitCode.ShouldBe(0, created.StdErr);
        using var key = JsonDocument.Parse(created.StdOut);
        var keyId = key.RootElement.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!;
        var secret = key.RootElement.GetProperty("AccessKey").GetProperty("SecretAccessKey").GetString()!;
        var bucketPolicy = $$"""
            {"Version":"2012-10-17","Statement":[{"Sid":"NotForThisUser","Effect":"Deny","Principal":{"AWS":"{{userArn}}"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}
            """;

        var before = await AwsCli.RunAsync(fixture.Server.BaseUrl, fixture.Server.CaCertPath, keyId, secret, ["s3api", "get-object", "--bucket", bucket, "--key", "doc.txt", file + ".before"]);
        var put = await fixture.Aws("s3api", "put-bucket-policy", "--bucket", bucket, "--policy", bucketPolicy);
        var after = await AwsCli.RunAsync(fixture.Server.BaseUrl, fixture.Server.CaCertPath, keyId, secret, ["s3api", "get-object", "--bucket", bucket, "--key", "doc.txt", file + ".after"]);
        var root = await fixture.Aws("s3api", "get-object", "--bucket", bucket, "--key", "doc.txt", file + ".root");

        before.ExitCode.ShouldBe(0, before.StdErr);
        put.ExitCode.ShouldBe(0, put.StdErr);
        after.ExitCode.ShouldNotBe(0);
        after.StdErr.ShouldContain("(AccessDenied) when calling the GetObject operation");
        after.StdErr.ShouldContain($"User: {userArn} is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::{bucket}/doc.txt\" with an explicit deny in a resource-based policy");
        File.Exists(file + ".after").ShouldBeFalse();
        root.ExitCode.ShouldBe(0, root.StdErr);
        (await File.ReadAllTextAsync(file + ".root")).ShouldBe("shared, then not");
    }

    [Fact]
    public async Task MalformedPolicy_IsRefusedWithTheParsersReason()
    {
        var bucket = S3ServerFixture.NewBucket("badpolicy");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);

        var noPrincipal = await fixture.Aws("s3api", "put-bucket-policy", "--bucket", bucket, "--policy",
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}""");
        var notJson = await fixture.Aws("s3api", "put-bucket-policy", "--bucket", bucket, "--policy", "not json");

        noPrincipal.StdErr.ShouldContain("(MalformedPolicy)");
        notJson.StdErr.ShouldContain("(MalformedPolicy)");
    }
}
