using System.Security.Cryptography;
using System.Text.Json;

namespace SageKeep.IntegrationTests.S3;

/// <summary>The installed aws CLI's high-level <c>s3</c> commands and <c>s3api</c> against the running server.</summary>
public sealed class AwsCliS3Tests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    [Fact]
    public async Task MakeBucket_CopySmallFileUpAndBack_ReturnsTheSameBytes()
    {
        var bucket = S3ServerFixture.NewBucket("small");
        var source = Path.Combine(fixture.WorkDir, "small-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(source, "hello from the aws CLI\n");
        var back = source + ".back";

        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        var up = await fixture.Aws("s3", "cp", source, $"s3://{bucket}/docs/hello.txt");
        up.ExitCode.ShouldBe(0, up.StdErr);
        var down = await fixture.Aws("s3", "cp", $"s3://{bucket}/docs/hello.txt", back);
        down.ExitCode.ShouldBe(0, down.StdErr);

        (await File.ReadAllTextAsync(back)).ShouldBe("hello from the aws CLI\n");
    }

    [Fact]
    public async Task Copy100MiBFile_GoesMultipart_AndDownloadsWithTheSameSha256()
    {
        var bucket = S3ServerFixture.NewBucket("large");
        var source = Path.Combine(fixture.WorkDir, "large-" + Guid.NewGuid().ToString("N"));
        await WriteRandomFileAsync(source, 100 * 1024 * 1024);
        var back = source + ".back";

        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        var up = await fixture.Aws("s3", "cp", "--only-show-errors", source, $"s3://{bucket}/large.bin");
        up.ExitCode.ShouldBe(0, up.StdErr);
        var head = await fixture.Aws("s3api", "head-object", "--bucket", bucket, "--key", "large.bin", "--checksum-mode", "ENABLED");
        var down = await fixture.Aws("s3", "cp", "--only-show-errors", $"s3://{bucket}/large.bin", back);
        down.ExitCode.ShouldBe(0, down.StdErr);

        // The CLI splits 100 MiB into 8 MiB parts: the ETag is the multipart form "<md5 of md5s>-13".
        using var headJson = JsonDocument.Parse(head.StdOut);
        headJson.RootElement.GetProperty("ETag").GetString().ShouldEndWith("-13\"");
        headJson.RootElement.GetProperty("ContentLength").GetInt64().ShouldBe(100L * 1024 * 1024);
        (await Sha256Async(back)).ShouldBe(await Sha256Async(source));
        File.Delete(source);
        File.Delete(back);
    }

    [Fact]
    public async Task SyncFolderTree_ListsByPrefix_AndRemoveRecursiveEmptiesIt()
    {
        var bucket = S3ServerFixture.NewBucket("sync");
        var tree = Path.Combine(fixture.WorkDir, "tree-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(tree, "a", "b"));
        await File.WriteAllTextAsync(Path.Combine(tree, "top.txt"), "1");
        await File.WriteAllTextAsync(Path.Combine(tree, "a", "mid.txt"), "2");
        await File.WriteAllTextAsync(Path.Combine(tree, "a", "b", "deep.txt"), "3");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);

        var sync = await fixture.Aws("s3", "sync", "--only-show-errors", tree, $"s3://{bucket}/data");
        var top = await fixture.Aws("s3", "ls", $"s3://{bucket}/data/");
        var nested = await fixture.Aws("s3", "ls", $"s3://{bucket}/data/a/");
        var resync = await fixture.Aws("s3", "sync", tree, $"s3://{bucket}/data");
        var remove = await fixture.Aws("s3", "rm", "--recursive", "--only-show-errors", $"s3://{bucket}/data");
        var after = await fixture.Aws("s3", "ls", "--recursive", $"s3://{bucket}");

        sync.ExitCode.ShouldBe(0, sync.StdErr);
        top.StdOut.ShouldContain("PRE a/");
        top.StdOut.ShouldContain("top.txt");
        top.StdOut.ShouldNotContain("mid.txt");
        nested.StdOut.ShouldContain("PRE b/");
        nested.StdOut.ShouldContain("mid.txt");
        resync.StdOut.ShouldBeEmpty("a second sync finds nothing to upload");
        remove.ExitCode.ShouldBe(0, remove.StdErr);
        after.StdOut.ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateBucket_Twice_AnswersBucketAlreadyOwnedByYou()
    {
        var bucket = S3ServerFixture.NewBucket("twice");
        (await fixture.Aws("s3api", "create-bucket", "--bucket", bucket)).ExitCode.ShouldBe(0);

        var again = await fixture.Aws("s3api", "create-bucket", "--bucket", bucket);

        again.StdErr.ShouldContain("(BucketAlreadyOwnedByYou) when calling the CreateBucket operation");
    }

    [Fact]
    public async Task CreateBucket_WithAnInvalidName_AnswersInvalidBucketName()
    {
        var result = await fixture.Aws("s3api", "create-bucket", "--bucket", "Not_Valid");

        result.StdErr.ShouldContain("(InvalidBucketName)");
    }

    [Fact]
    public async Task DeleteBucket_WithAnObject_AnswersBucketNotEmpty_AndSucceedsOnceEmpty()
    {
        var bucket = S3ServerFixture.NewBucket("notempty");
        var file = Path.Combine(fixture.WorkDir, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "x");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        (await fixture.Aws("s3", "cp", file, $"s3://{bucket}/x")).ExitCode.ShouldBe(0);

        var refused = await fixture.Aws("s3api", "delete-bucket", "--bucket", bucket);
        (await fixture.Aws("s3api", "delete-object", "--bucket", bucket, "--key", "x")).ExitCode.ShouldBe(0);
        var deleted = await fixture.Aws("s3api", "delete-bucket", "--bucket", bucket);
        var head = await fixture.Aws("s3api", "head-bucket", "--bucket", bucket);

        refused.StdErr.ShouldContain("(BucketNotEmpty)");
        deleted.ExitCode.ShouldBe(0, deleted.StdErr);
        head.StdErr.ShouldContain("404");
    }

    [Fact]
    public async Task GetObject_MissingKeyAndBucket_AnswerNoSuchKeyAndNoSuchBucket()
    {
        var bucket = S3ServerFixture.NewBucket("missing");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        var target = Path.Combine(fixture.WorkDir, Guid.NewGuid().ToString("N"));

        var noKey = await fixture.Aws("s3api", "get-object", "--bucket", bucket, "--key", "nothing", target);
        var noBucket = await fixture.Aws("s3api", "get-object", "--bucket", bucket + "-gone", "--key", "nothing", target);

        noKey.StdErr.ShouldContain("(NoSuchKey) when calling the GetObject operation: The specified key does not exist.");
        noBucket.StdErr.ShouldContain("(NoSuchBucket)");
    }

    [Fact]
    public async Task ObjectMetadataAndRange_AreReturnedAsStored()
    {
        var bucket = S3ServerFixture.NewBucket("meta");
        var file = Path.Combine(fixture.WorkDir, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "0123456789");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        var put = await fixture.Aws("s3api", "put-object", "--bucket", bucket, "--key", "m.txt", "--body", file, "--content-type", "text/plain", "--content-disposition", "attachment", "--metadata", "team=ml,stage=raw");
        put.ExitCode.ShouldBe(0, put.StdErr);

        var head = await fixture.Aws("s3api", "head-object", "--bucket", bucket, "--key", "m.txt");
        var range = await fixture.Aws("s3api", "get-object", "--bucket", bucket, "--key", "m.txt", "--range", "bytes=2-5", file + ".part");
        var notModified = await fixture.Aws("s3api", "get-object", "--bucket", bucket, "--key", "m.txt", "--if-none-match", JsonDocument.Parse(head.StdOut).RootElement.GetProperty("ETag").GetString()!, file + ".nm");
        var failed = await fixture.Aws("s3api", "get-object", "--bucket", bucket, "--key", "m.txt", "--if-match", "\"0000\"", file + ".pf");

        using var json = JsonDocument.Parse(head.StdOut);
        json.RootElement.GetProperty("ContentType").GetString().ShouldBe("text/plain");
        json.RootElement.GetProperty("ContentDisposition").GetString().ShouldBe("attachment");
        json.RootElement.GetProperty("Metadata").GetProperty("team").GetString().ShouldBe("ml");
        range.ExitCode.ShouldBe(0, range.StdErr);
        (await File.ReadAllTextAsync(file + ".part")).ShouldBe("2345");
        notModified.StdErr.ShouldContain("304");
        failed.StdErr.ShouldContain("(PreconditionFailed)");
    }

    [Fact]
    public async Task BucketTaggingAndLocation_RoundTrip()
    {
        var bucket = S3ServerFixture.NewBucket("tags");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);

        var none = await fixture.Aws("s3api", "get-bucket-tagging", "--bucket", bucket);
        var put = await fixture.Aws("s3api", "put-bucket-tagging", "--bucket", bucket, "--tagging", "TagSet=[{Key=project,Value=sagekeep}]");
        var get = await fixture.Aws("s3api", "get-bucket-tagging", "--bucket", bucket);
        var location = await fixture.Aws("s3api", "get-bucket-location", "--bucket", bucket);

        none.StdErr.ShouldContain("(NoSuchTagSet)");
        put.ExitCode.ShouldBe(0, put.StdErr);
        get.StdOut.ShouldContain("sagekeep");
        location.ExitCode.ShouldBe(0, location.StdErr);
    }

    private static async Task WriteRandomFileAsync(string path, int size)
    {
        await using var file = File.Create(path);
        var buffer = new byte[1024 * 1024];
        for (var written = 0; written < size; written += buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            await file.WriteAsync(buffer);
        }
    }

    private static async Task<string> Sha256Async(string path)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexString(await SHA256.HashDataAsync(file));
    }
}
