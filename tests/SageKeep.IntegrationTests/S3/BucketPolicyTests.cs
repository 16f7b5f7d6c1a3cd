namespace SageKeep.IntegrationTests.S3;

/// <summary>
/// Bucket policies are resource-based policies evaluated by the IAM engine: an explicit Deny binds the
/// account's root user too, yet the root user can always read and delete the policy (no lock-out).
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
