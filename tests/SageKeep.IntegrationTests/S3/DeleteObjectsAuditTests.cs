using System.Text.Json;
using System.Text.Json.Nodes;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.S3;

/// <summary>
/// DeleteObjects decides key by key, and each key's decision is in the audit trail: an IAM user allowed to delete
/// under one prefix, denied by a statement under another and not allowed anywhere else runs
/// <c>aws s3api delete-objects</c>; <c>sagekeep audit</c> then shows the request's record and one record per key
/// with the key, the decision and the statement that decided.
/// </summary>
public sealed class DeleteObjectsAuditTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    [Fact]
    public async Task DeleteObjects_EachKeysDecision_IsAnAuditRecordWithItsDecidingStatement()
    {
        var bucket = S3ServerFixture.NewBucket("delaudit");
        var user = "auditdel-" + Guid.NewGuid().ToString("N")[..8];
        var userArn = $"arn:aws:iam::{S3ServerFixture.AccountId}:user/{user}";
        var file = Path.Combine(fixture.WorkDir, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "audited");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        foreach (var key in new[] { "tmp/a.txt", "keep/b.txt", "locked/c.txt" })
        {
            (await fixture.Aws("s3", "cp", file, $"s3://{bucket}/{key}")).ExitCode.ShouldBe(0);
        }

        (await fixture.Aws("iam", "create-user", "--user-name", user)).ExitCode.ShouldBe(0);
        var policy = $$"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"DeleteTmp","Effect":"Allow","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::{{bucket}}/tmp/*"},
              {"Sid":"DeleteLocked","Effect":"Allow","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::{{bucket}}/locked/*"},
              {"Sid":"NeverLocked","Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::{{bucket}}/locked/*"}]}
            """;
        var put = await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "delete-tmp", "--policy-document", policy);
        put.ExitCode.ShouldBe(0, put.StdErr);
        var created = await fixture.Aws("iam", "create-access-key", "--user-name", user);
        created.ExitCode.ShouldBe(0, created.StdErr);
        using var accessKey = JsonDocument.Parse(created.StdOut);
        var keyId = accessKey.RootElement.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!;
        var secret = accessKey.RootElement.GetProperty("AccessKey").GetProperty("SecretAccessKey").GetString()!;

        var deleted = await AwsCli.RunAsync(fixture.Server.BaseUrl, fixture.Server.CaCertPath, keyId, secret,
            ["s3api", "delete-objects", "--bucket", bucket, "--delete", """{"Objects":[{"Key":"tmp/a.txt"},{"Key":"keep/b.txt"},{"Key":"locked/c.txt"}]}"""]);
        var left = await fixture.Aws("s3api", "list-objects-v2", "--bucket", bucket, "--query", "Contents[].Key");

        deleted.ExitCode.ShouldBe(0, deleted.StdErr);
        var answer = JsonNode.Parse(deleted.StdOut)!;
        answer["Deleted"]!.AsArray().Select(d => (string?)d!["Key"]).ShouldBe(["tmp/a.txt"]);
        answer["Errors"]!.AsArray().Select(e => $"{e!["Key"]}:{e["Code"]}").ShouldBe(["keep/b.txt:AccessDenied", "locked/c.txt:AccessDenied"]);
        JsonNode.Parse(left.StdOut)!.AsArray().Select(k => (string?)k).Order().ShouldBe(["keep/b.txt", "locked/c.txt"]);

        var records = await DeleteObjectsRecordsAsync(userArn, expected: 4);
        records.Select(r => (string?)r["requestId"]).Distinct().Count().ShouldBe(1, "the request and its keys share one request id");
        var request = records.Single(r => r["itemDecision"] is null);
        request["decision"]!.GetValue<string>().ShouldBe("NotRequired");
        request["resources"]!.AsArray().Select(r => (string?)r).ShouldBe([$"arn:aws:s3:::{bucket}"]);

        var perKey = records.Where(r => r["itemDecision"] is not null).ToDictionary(r => (string)r["requestParameters"]!["Key"]!);
        perKey.Keys.Order().ShouldBe(["keep/b.txt", "locked/c.txt", "tmp/a.txt"]);
        foreach (var (key, record) in perKey)
        {
            record["itemDecision"]!.GetValue<bool>().ShouldBeTrue();
            record["action"]!.GetValue<string>().ShouldBe("s3:DeleteObject");
            record["resources"]!.AsArray().Select(r => (string?)r).ShouldBe([$"arn:aws:s3:::{bucket}/{key}"]);
            record["requestParameters"]!["Bucket"]!.GetValue<string>().ShouldBe(bucket);
            record["userIdentity"]!["arn"]!.GetValue<string>().ShouldBe(userArn);
            record["userIdentity"]!["accessKeyId"]!.GetValue<string>().ShouldBe(keyId);
        }

        perKey["tmp/a.txt"]["decision"]!.GetValue<string>().ShouldBe("Allowed");
        perKey["tmp/a.txt"]["decidingStatement"]!.GetValue<string>().ShouldEndWith("#DeleteTmp");
        perKey["tmp/a.txt"]["errorCode"].ShouldBeNull();
        perKey["keep/b.txt"]["decision"]!.GetValue<string>().ShouldBe("ImplicitDeny");
        perKey["keep/b.txt"]["decidingStatement"].ShouldBeNull("no statement speaks about keep/");
        perKey["keep/b.txt"]["errorCode"]!.GetValue<string>().ShouldBe("AccessDenied");
        perKey["locked/c.txt"]["decision"]!.GetValue<string>().ShouldBe("ExplicitDeny");
        perKey["locked/c.txt"]["decidingStatement"]!.GetValue<string>().ShouldEndWith("#NeverLocked");
        perKey["locked/c.txt"]["errorCode"]!.GetValue<string>().ShouldBe("AccessDenied");

        // The per-key denials are found by the trail's index like any other denial.
        var explicitDenials = await ServerProcess.RunCliAsync(["audit", "--data-dir", fixture.Server.DataDir, "--format", "json", "--principal", userArn, "--decision", "ExplicitDeny"]);
        explicitDenials.ExitCode.ShouldBe(0, explicitDenials.StdErr);
        explicitDenials.StdOut.Trim().Split('\n').Single().ShouldContain($"\"arn:aws:s3:::{bucket}/locked/c.txt\"");
    }

    /// <summary>
    /// The user's DeleteObjects records from <c>sagekeep audit</c>. A record is written after its answer is sent,
    /// so the query is repeated (bounded) until the expected number is there.
    /// </summary>
    private async Task<List<JsonObject>> DeleteObjectsRecordsAsync(string userArn, int expected)
    {
        var records = await AuditQuery.WaitForAsync(fixture.Server.DataDir, expected, ["--principal", userArn], r => (string?)r["eventName"] == "DeleteObjects");
        records.Count.ShouldBe(expected, string.Join('\n', records.Select(r => r.ToJsonString())));
        return records;
    }
}
