using System.Security.Cryptography;
using SageKeep.Server.Objects;

namespace SageKeep.IntegrationTests.S3;

/// <summary>
/// The external object store (AWSSDK.S3) pointed at this server's own S3 endpoint: the platform contract
/// works against an S3-compatible service, and the SDK's signed aws-chunked uploads verify.
/// </summary>
public sealed class ExternalObjectStoreTests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>
{
    [Fact]
    public async Task ExternalStore_PutsListsAndReadsBack_ThroughTheS3Endpoint()
    {
        var bucket = S3ServerFixture.NewBucket("external");
        (await fixture.Aws("s3", "mb", $"s3://{bucket}")).ExitCode.ShouldBe(0);
        using var store = new ExternalObjectStore(new ExternalObjectStoreOptions(fixture.Server.BaseUrl, S3ServerFixture.AccessKeyId, S3ServerFixture.SecretAccessKey, "us-east-1")
        {
            CaCertificatePath = fixture.Server.CaCertPath,
        });
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

        var exists = await store.BucketExistsAsync(bucket, CancellationToken.None);
        var missingBucket = await store.BucketExistsAsync(bucket + "-none", CancellationToken.None);
        var info = await store.PutAsync(bucket, "artifacts/model.tar.gz", new MemoryStream(content), "application/gzip", CancellationToken.None);
        await store.PutAsync(bucket, "data/train.csv", new MemoryStream("a,b\n"u8.ToArray()), "text/csv", CancellationToken.None);
        var listed = new List<StoredObjectInfo>();
        await foreach (var item in store.ListAsync(bucket, "artifacts/", CancellationToken.None))
        {
            listed.Add(item);
        }

        var head = await store.GetInfoAsync(bucket, "artifacts/model.tar.gz", CancellationToken.None);
        var missing = await store.GetInfoAsync(bucket, "artifacts/none", CancellationToken.None);
        byte[] read;
        await using (var opened = await store.OpenReadAsync(bucket, "artifacts/model.tar.gz", CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await opened!.Content.CopyToAsync(copy);
            read = copy.ToArray();
        }

        exists.ShouldBeTrue();
        missingBucket.ShouldBeFalse();
        info.Size.ShouldBe(content.Length);
        listed.Select(o => o.Key).ShouldBe(["artifacts/model.tar.gz"]);
        head!.ContentType.ShouldBe("application/gzip");
        head.ETag.ShouldBe(info.ETag);
        head.Checksums.ShouldContainKey("crc32");
        missing.ShouldBeNull();
        read.ShouldBe(content);
    }
}
