using System.Text.Json;

namespace SageKeep.IntegrationTests.S3;

/// <summary>
/// boto3 against the running server: DeleteObjects decided key by key (an IAM user allowed to delete only under
/// one prefix gets per-key AccessDenied errors for the rest, which stay), Quiet mode, and ListMultipartUploads
/// paged with KeyMarker/UploadIdMarker/MaxUploads and rolled up with Prefix/Delimiter.
/// </summary>
public sealed class S3BatchAndListingTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    private const string Client = """
        import boto3, json, os, sys
        def client(key=None, secret=None):
            extra = {} if key is None else {"aws_access_key_id": key, "aws_secret_access_key": secret}
            return boto3.client("s3", endpoint_url=os.environ["SAGEKEEP_TEST_ENDPOINT"], region_name="us-east-1", verify=os.environ["AWS_CA_BUNDLE"], **extra)
        s3 = client()
        """;

    [Fact]
    public async Task DeleteObjects_AuthorisesEachKey_DeniedKeysAreErrorsAndStay_QuietListsOnlyErrors()
    {
        var bucket = S3ServerFixture.NewBucket("delobj");
        var user = "deleter-" + Guid.NewGuid().ToString("N")[..8];
        (await fixture.Aws("iam", "create-user", "--user-name", user)).ExitCode.ShouldBe(0);
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::{{bucket}}/tmp/*"}]}""";
        var put = await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "delete-tmp", "--policy-document", policy);
        put.ExitCode.ShouldBe(0, put.StdErr);
        var created = await fixture.Aws("iam", "create-access-key", "--user-name", user);
        created.ExitCode.ShouldBe(0, created.StdErr);
        using var key = JsonDocument.Parse(created.StdOut);
        var accessKey = key.RootElement.GetProperty("AccessKey");

        var script = Client + """

            bucket, key, secret = sys.argv[1], sys.argv[2], sys.argv[3]
            s3.create_bucket(Bucket=bucket)
            for name in ("keep/a.txt", "keep/b.txt", "tmp/c.txt", "tmp/d.txt", "tmp/e.txt"):
                s3.put_object(Bucket=bucket, Key=name, Body=name.encode())
            user = client(key, secret)
            loud = user.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in ("keep/a.txt", "tmp/c.txt", "keep/b.txt", "tmp/d.txt")]})
            quiet = user.delete_objects(Bucket=bucket, Delete={"Quiet": True, "Objects": [{"Key": "keep/a.txt"}, {"Key": "tmp/e.txt"}, {"Key": "tmp/never-existed"}]})
            left = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))
            print(json.dumps({
                "loudDeleted": sorted(d["Key"] for d in loud.get("Deleted", [])),
                "loudErrors": sorted((e["Key"], e["Code"]) for e in loud.get("Errors", [])),
                "quietDeleted": quiet.get("Deleted", []),
                "quietErrors": [(e["Key"], e["Code"], e["Message"]) for e in quiet.get("Errors", [])],
                "left": left}))
            """;

        var (code, stdout, stderr) = await fixture.Python(script, bucket, accessKey.GetProperty("AccessKeyId").GetString()!, accessKey.GetProperty("SecretAccessKey").GetString()!);

        code.ShouldBe(0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Strings(root.GetProperty("loudDeleted")).ShouldBe(["tmp/c.txt", "tmp/d.txt"]);
        root.GetProperty("loudErrors").EnumerateArray().Select(e => $"{e[0].GetString()}:{e[1].GetString()}").ShouldBe(["keep/a.txt:AccessDenied", "keep/b.txt:AccessDenied"]);
        root.GetProperty("quietDeleted").GetArrayLength().ShouldBe(0);
        root.GetProperty("quietErrors").EnumerateArray().Select(e => $"{e[0].GetString()}:{e[1].GetString()}:{e[2].GetString()}").ShouldBe(["keep/a.txt:AccessDenied:Access Denied"]);
        Strings(root.GetProperty("left")).ShouldBe(["keep/a.txt", "keep/b.txt"]);
    }

    [Fact]
    public async Task ListMultipartUploads_PagesWithMarkers_AndRollsUpWithPrefixAndDelimiter()
    {
        var bucket = S3ServerFixture.NewBucket("mpulist");
        var script = Client + """

            bucket = sys.argv[1]
            s3.create_bucket(Bucket=bucket)
            created = []
            for name in ("d", "a/1", "b", "a/1", "c/x", "a/2", "c/y"):
                created.append([name, s3.create_multipart_upload(Bucket=bucket, Key=name)["UploadId"]])
            pages, kwargs = [], {}
            while True:
                page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=2, **kwargs)
                pages.append({"uploads": [[u["Key"], u["UploadId"]] for u in page.get("Uploads", [])], "truncated": page["IsTruncated"], "max": page["MaxUploads"]})
                if not page["IsTruncated"]:
                    break
                kwargs = {"KeyMarker": page["NextKeyMarker"], "UploadIdMarker": page["NextUploadIdMarker"]}
            full = s3.list_multipart_uploads(Bucket=bucket)
            rolled = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
            under = s3.list_multipart_uploads(Bucket=bucket, Prefix="a/")
            rolled_pages, kwargs = [], {}
            while True:
                page = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/", MaxUploads=1, **kwargs)
                rolled_pages.append([u["Key"] for u in page.get("Uploads", [])] + [p["Prefix"] for p in page.get("CommonPrefixes", [])])
                if not page["IsTruncated"]:
                    break
                kwargs = {"KeyMarker": page["NextKeyMarker"], "UploadIdMarker": page["NextUploadIdMarker"]}
            first_a1 = [u for u in under["Uploads"] if u["Key"] == "a/1"][0]["UploadId"]
            after_key = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="a/1")
            after_upload = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="a/1", UploadIdMarker=first_a1)
            print(json.dumps({
                "created": created, "pages": pages, "full": [[u["Key"], u["UploadId"]] for u in full["Uploads"]], "fullTruncated": full["IsTruncated"],
                "rolledUploads": [u["Key"] for u in rolled.get("Uploads", [])], "rolledPrefixes": [p["Prefix"] for p in rolled.get("CommonPrefixes", [])],
                "rolledDelimiter": rolled.get("Delimiter"), "rolledPages": rolled_pages,
                "under": [[u["Key"], u["UploadId"]] for u in under["Uploads"]], "underPrefix": under.get("Prefix"),
                "afterKey": [u["Key"] for u in after_key["Uploads"]],
                "afterUpload": [[u["Key"], u["UploadId"]] for u in after_upload["Uploads"]]}))
            """;

        var (code, stdout, stderr) = await fixture.Python(script, bucket);

        code.ShouldBe(0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        var created = root.GetProperty("created").EnumerateArray().Select(p => (Key: p[0].GetString()!, Id: p[1].GetString()!)).ToList();

        // Every upload exactly once, at most two a page, in key order, the pages joined equal to one unpaged listing
        // (uploads of one key follow their initiation time, which has whole-second resolution here).
        var pages = root.GetProperty("pages").EnumerateArray().ToList();
        pages.Count.ShouldBe(4);
        pages.ShouldAllBe(p => p.GetProperty("max").GetInt32() == 2 && p.GetProperty("uploads").GetArrayLength() <= 2);
        pages.Take(3).ShouldAllBe(p => p.GetProperty("truncated").GetBoolean());
        pages[^1].GetProperty("truncated").GetBoolean().ShouldBeFalse();
        var listed = pages.SelectMany(p => p.GetProperty("uploads").EnumerateArray()).Select(u => (Key: u[0].GetString()!, Id: u[1].GetString()!)).ToList();
        var full = root.GetProperty("full").EnumerateArray().Select(u => (Key: u[0].GetString()!, Id: u[1].GetString()!)).ToList();
        root.GetProperty("fullTruncated").GetBoolean().ShouldBeFalse();
        full.OrderBy(u => u.Key, StringComparer.Ordinal).ThenBy(u => u.Id, StringComparer.Ordinal).ShouldBe(created.OrderBy(u => u.Key, StringComparer.Ordinal).ThenBy(u => u.Id, StringComparer.Ordinal));
        full.Select(u => u.Key).ShouldBe(created.Select(u => u.Key).Order(StringComparer.Ordinal));
        listed.ShouldBe(full);

        Strings(root.GetProperty("rolledUploads")).ShouldBe(["b", "d"]);
        Strings(root.GetProperty("rolledPrefixes")).ShouldBe(["a/", "c/"]);
        root.GetProperty("rolledDelimiter").GetString().ShouldBe("/");
        root.GetProperty("rolledPages").EnumerateArray().Select(p => string.Join(",", Strings(p))).ShouldBe(["a/", "b", "c/", "d"]);

        var a1 = full.Where(u => u.Key == "a/1").Select(u => u.Id).ToList();
        root.GetProperty("under").EnumerateArray().Select(u => (u[0].GetString()!, u[1].GetString()!)).ShouldBe([("a/1", a1[0]), ("a/1", a1[1]), ("a/2", created.Single(u => u.Key == "a/2").Id)]);
        root.GetProperty("underPrefix").GetString().ShouldBe("a/");
        Strings(root.GetProperty("afterKey")).ShouldBe(["a/2", "b", "c/x", "c/y", "d"]);
        root.GetProperty("afterUpload").EnumerateArray().Select(u => (u[0].GetString()!, u[1].GetString()!)).First().ShouldBe(("a/1", a1[1]));
        root.GetProperty("afterUpload").GetArrayLength().ShouldBe(6);
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
