using System.Net;
using System.Text.Json;

namespace SageKeep.IntegrationTests.S3;

/// <summary>
/// boto3 (the installed botocore, default settings) against the running server: transfers with the
/// current default checksum behaviour (aws-chunked bodies with a trailing CRC32), and presigned URLs fetched
/// with an HttpClient that trusts the server's certificate.
/// </summary>
public sealed class Boto3S3Tests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    private const string Client = """
        import boto3, os
        from botocore.config import Config
        s3 = boto3.client("s3", endpoint_url=os.environ["SAGEKEEP_TEST_ENDPOINT"], region_name="us-east-1", verify=os.environ["AWS_CA_BUNDLE"])
        """;

    [Fact]
    public async Task UploadFileobjWithTrailingChecksums_AndDownloadFile_RoundTrip()
    {
        var bucket = S3ServerFixture.NewBucket("boto");
        var dir = Path.Combine(fixture.WorkDir, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var script = Client + """

            import hashlib, json, sys
            bucket, folder = sys.argv[1], sys.argv[2]
            seen = []
            def record(request, **kwargs):
                if request.method == "PUT":
                    seen.append({"encoding": request.headers.get("Content-Encoding", b"").decode() if isinstance(request.headers.get("Content-Encoding"), bytes) else request.headers.get("Content-Encoding"),
                                 "trailer": request.headers.get("x-amz-trailer").decode() if isinstance(request.headers.get("x-amz-trailer"), bytes) else request.headers.get("x-amz-trailer")})
            s3.create_bucket(Bucket=bucket)
            s3.meta.events.register("before-send.s3", record)
            result = {}
            for name, size in (("small.bin", 300 * 1024), ("multi.bin", 20 * 1024 * 1024)):
                data = os.urandom(size)
                path = os.path.join(folder, name)
                with open(path, "wb") as f:
                    f.write(data)
                with open(path, "rb") as f:
                    s3.upload_fileobj(f, bucket, name)
                s3.download_file(bucket, name, path + ".back")
                with open(path + ".back", "rb") as f:
                    back = f.read()
                head = s3.head_object(Bucket=bucket, Key=name, ChecksumMode="ENABLED")
                result[name] = {"same": hashlib.sha256(back).hexdigest() == hashlib.sha256(data).hexdigest(), "crc32": head.get("ChecksumCRC32"), "etag": head["ETag"]}
            result["puts"] = seen
            print(json.dumps(result))
            """;

        var (exitCode, stdout, stderr) = await fixture.Python(script, bucket, dir);

        exitCode.ShouldBe(0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        root.GetProperty("small.bin").GetProperty("same").GetBoolean().ShouldBeTrue();
        root.GetProperty("multi.bin").GetProperty("same").GetBoolean().ShouldBeTrue();
        root.GetProperty("small.bin").GetProperty("crc32").GetString().ShouldNotBeNullOrEmpty();
        root.GetProperty("multi.bin").GetProperty("etag").GetString()!.ShouldEndWith("-3\"");
        var puts = root.GetProperty("puts").EnumerateArray().ToList();
        puts.Count.ShouldBeGreaterThanOrEqualTo(4, stdout);
        puts.ShouldAllBe(p => p.GetProperty("encoding").GetString() == "aws-chunked" && p.GetProperty("trailer").GetString() == "x-amz-checksum-crc32");
    }

    [Fact]
    public async Task PresignedGetAndPut_Work_WhileExpiredAndTamperedUrlsAreRefusedInS3Shape()
    {
        var bucket = S3ServerFixture.NewBucket("presign");
        var script = Client + """

            import json, sys, time
            bucket = sys.argv[1]
            s3.create_bucket(Bucket=bucket)
            s3.put_object(Bucket=bucket, Key="data.txt", Body=b"presigned content")
            signer = boto3.client("s3", endpoint_url=os.environ["SAGEKEEP_TEST_ENDPOINT"], region_name="us-east-1", config=Config(signature_version="s3v4"))
            urls = {
                "get": signer.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "data.txt"}, ExpiresIn=300),
                "put": signer.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "uploaded.txt"}, ExpiresIn=300),
                "expired": signer.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "data.txt"}, ExpiresIn=1),
            }
            time.sleep(2)
            print(json.dumps(urls))
            """;
        var (exitCode, stdout, stderr) = await fixture.Python(script, bucket);
        exitCode.ShouldBe(0, stderr);
        using var urls = JsonDocument.Parse(stdout);
        var get = urls.RootElement.GetProperty("get").GetString()!;
        var put = urls.RootElement.GetProperty("put").GetString()!;
        var expired = urls.RootElement.GetProperty("expired").GetString()!;
        var tampered = get.Replace("data.txt", "data.txv", StringComparison.Ordinal);
        using var http = fixture.Server.CreateClient();

        using var allowed = await http.GetAsync(new Uri(get));
        using var uploaded = await http.PutAsync(new Uri(put), new StringContent("put through a presigned URL"));
        using var readBack = await http.GetAsync(new Uri(get.Replace("data.txt", "uploaded.txt", StringComparison.Ordinal)));
        using var late = await http.GetAsync(new Uri(expired));
        using var forged = await http.GetAsync(new Uri(tampered));

        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await allowed.Content.ReadAsStringAsync()).ShouldBe("presigned content");
        uploaded.StatusCode.ShouldBe(HttpStatusCode.OK);
        readBack.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a URL signed for one key does not open another");
        late.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await late.Content.ReadAsStringAsync()).ShouldContain("<Code>AccessDenied</Code><Message>Request has expired</Message>");
        forged.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var forgedBody = await forged.Content.ReadAsStringAsync();
        forgedBody.ShouldContain("<Code>SignatureDoesNotMatch</Code>");
        forgedBody.ShouldContain("<RequestId>");
        forged.Headers.Contains("x-amz-request-id").ShouldBeTrue();
        var stored = await fixture.Aws("s3", "cp", $"s3://{bucket}/uploaded.txt", "-");
        stored.StdOut.ShouldBe("put through a presigned URL");
    }

    [Fact]
    public async Task AwsCliPresign_SigV4Url_IsServed_AndTheDefaultSigV2Url_GetsInvalidRequest()
    {
        var bucket = S3ServerFixture.NewBucket("cli-presign");
        var file = Path.Combine(fixture.WorkDir, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "shared via presign");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        (await fixture.Aws("s3", "cp", file, $"s3://{bucket}/f.txt")).ExitCode.ShouldBe(0);

        var v4 = await fixture.AwsS3v4("s3", "presign", $"s3://{bucket}/f.txt", "--expires-in", "300");
        var v2 = await fixture.Aws("s3", "presign", $"s3://{bucket}/f.txt");
        using var http = fixture.Server.CreateClient();
        using var v4Response = await http.GetAsync(new Uri(v4.StdOut.Trim()));
        using var v2Response = await http.GetAsync(new Uri(v2.StdOut.Trim()));

        v4.StdOut.ShouldContain("X-Amz-Algorithm=AWS4-HMAC-SHA256");
        v4Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await v4Response.Content.ReadAsStringAsync()).ShouldBe("shared via presign");
        v2.StdOut.ShouldContain("AWSAccessKeyId=");
        v2Response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await v2Response.Content.ReadAsStringAsync()).ShouldContain("<Code>InvalidRequest</Code><Message>The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.</Message>");
    }
}
