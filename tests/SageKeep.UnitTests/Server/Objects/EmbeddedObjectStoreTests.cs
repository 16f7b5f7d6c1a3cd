using System.Security.Cryptography;
using System.Text;
using SageKeep.Server.Objects;

namespace SageKeep.UnitTests.Server.Objects;

public sealed class EmbeddedObjectStoreTests
{
    [Fact]
    public async Task Put_ThenOpenRead_ReturnsTheBytesWithMd5ETagAndCrc32()
    {
        await using var scope = await EmbeddedStoreScope.CreateAsync();
        await scope.Store.CreateBucketAsync("data", "us-east-1", CancellationToken.None);
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5);

        var info = await scope.Store.PutAsync("data", "a/b.bin", new MemoryStream(content), "application/octet-stream", CancellationToken.None);
        await using var opened = await scope.Store.OpenReadAsync("data", "a/b.bin", CancellationToken.None);
        using var copy = new MemoryStream();
        await opened!.Content.CopyToAsync(copy);

        copy.ToArray().ShouldBe(content);
#pragma warning disable CA5351 // S3's ETag is an MD5.
        info.ETag.ShouldBe($"\"{Convert.ToHexStringLower(MD5.HashData(content))}\"");
#pragma warning restore CA5351
        info.Size.ShouldBe(content.Length);
        info.Checksums.ShouldContainKey("crc32");
        (await scope.Store.BucketExistsAsync("data", CancellationToken.None)).ShouldBeTrue();
        (await scope.Store.GetInfoAsync("data", "missing", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Put_IntoMissingBucket_Throws_AndLeavesNoFile()
    {
        await using var scope = await EmbeddedStoreScope.CreateAsync();

        await Should.ThrowAsync<InvalidOperationException>(() => scope.PutAsync("nobucket", "k", "x"));

        Directory.EnumerateFiles(scope.ObjectsDirectory, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task Replacing_AnObject_DeletesTheOldBlob_AndTheLastWriteWins()
    {
        await using var scope = await EmbeddedStoreScope.CreateAsync();
        await scope.Store.CreateBucketAsync("data", "us-east-1", CancellationToken.None);

        await scope.PutAsync("data", "k", "first");
        await scope.PutAsync("data", "k", "second");

        var blobs = Directory.EnumerateFiles(Path.Combine(scope.ObjectsDirectory, "blobs"), "*", SearchOption.AllDirectories).ToList();
        blobs.Count.ShouldBe(1);
        await using var opened = await scope.Store.OpenReadAsync("data", "k", CancellationToken.None);
        using var reader = new StreamReader(opened!.Content);
        (await reader.ReadToEndAsync()).ShouldBe("second");
    }

    [Fact]
    public async Task ConcurrentWritersOfOneKey_LeaveOneCompleteObject_AndOneBlob()
    {
        await using var scope = await EmbeddedStoreScope.CreateAsync();
        await scope.Store.CreateBucketAsync("data", "us-east-1", CancellationToken.None);
        var bodies = Enumerable.Range(0, 8).Select(i => new string((char)('a' + i), 256 * 1024)).ToList();

        await Task.WhenAll(bodies.Select(body => Task.Run(() => scope.PutAsync("data", "same", body))));

        await using var opened = await scope.Store.OpenReadAsync("data", "same", CancellationToken.None);
        using var reader = new StreamReader(opened!.Content);
        bodies.ShouldContain(await reader.ReadToEndAsync());
        Directory.EnumerateFiles(Path.Combine(scope.ObjectsDirectory, "blobs"), "*", SearchOption.AllDirectories).Count().ShouldBe(1);
    }

    [Fact]
    public async Task CollectOrphans_AtRestart_RemovesTempFilesAndUnreferencedBlobs_ButKeepsObjects()
    {
        await using var scope = await EmbeddedStoreScope.CreateAsync();
        await scope.Store.CreateBucketAsync("data", "us-east-1", CancellationToken.None);
        await scope.PutAsync("data", "kept", "kept");
        var orphanTemp = Path.Combine(scope.ObjectsDirectory, "tmp", "crashed.tmp");
        var orphanBlob = Path.Combine(scope.ObjectsDirectory, "blobs", "ff", "ff" + new string('0', 30));
        Directory.CreateDirectory(Path.GetDirectoryName(orphanBlob)!);
        await File.WriteAllTextAsync(orphanTemp, "partial");
        await File.WriteAllTextAsync(orphanBlob, "renamed but never committed");
        File.SetLastWriteTimeUtc(orphanTemp, DateTime.UtcNow.AddMinutes(-1));
        File.SetLastWriteTimeUtc(orphanBlob, DateTime.UtcNow.AddMinutes(-1));

        var removed = await scope.Reopen().CollectOrphansAsync(CancellationToken.None);

        removed.ShouldBe(2);
        File.Exists(orphanTemp).ShouldBeFalse();
        File.Exists(orphanBlob).ShouldBeFalse();
        (await scope.Store.GetInfoAsync("data", "kept", CancellationToken.None)).ShouldNotBeNull();
        await using var opened = await scope.Store.OpenReadAsync("data", "kept", CancellationToken.None);
        opened.ShouldNotBeNull();
    }

    [Fact]
    public async Task DeleteBucket_RefusesWhileObjectsExist()
    {
        await using var scope = await EmbeddedStoreScope.CreateAsync();
        await scope.Store.CreateBucketAsync("data", "us-east-1", CancellationToken.None);
        await scope.PutAsync("data", "k", "x");

        (await scope.Store.DeleteBucketAsync("data", CancellationToken.None)).ShouldBe(BucketDeletion.NotEmpty);
        (await scope.Store.DeleteObjectAsync("data", "k", CancellationToken.None)).ShouldBeTrue();
        (await scope.Store.DeleteBucketAsync("data", CancellationToken.None)).ShouldBe(BucketDeletion.Deleted);
        (await scope.Store.DeleteBucketAsync("data", CancellationToken.None)).ShouldBe(BucketDeletion.NoSuchBucket);
    }

    [Fact]
    public async Task List_ReturnsKeysUnderThePrefix_InUtf8ByteOrder_AcrossPages()
    {
        await using var scope = await EmbeddedStoreScope.CreateAsync();
        await scope.Store.CreateBucketAsync("data", "us-east-1", CancellationToken.None);
        var keys = Enumerable.Range(0, 1005).Select(i => $"p/{i:D4}").Append("p/\u00e9").Append("p/Z").Append("q/0").ToList();
        foreach (var key in keys)
        {
            await scope.PutAsync("data", key, key);
        }

        var listed = new List<string>();
        await foreach (var item in scope.Store.ListAsync("data", "p/", CancellationToken.None))
        {
            listed.Add(item.Key);
        }

        var expected = keys.Where(k => k.StartsWith("p/", StringComparison.Ordinal)).OrderBy(k => Encoding.UTF8.GetBytes(k), ByteOrder.Instance).ToList();
        listed.ShouldBe(expected);
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
