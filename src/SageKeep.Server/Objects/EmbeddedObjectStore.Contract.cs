using System.Runtime.CompilerServices;

namespace SageKeep.Server.Objects;

/// <summary>The platform's <see cref="IObjectStore"/> view of the embedded store.</summary>
internal sealed partial class EmbeddedObjectStore
{
    public async Task<bool> BucketExistsAsync(string bucket, CancellationToken ct) =>
        await GetBucketAsync(bucket, ct).ConfigureAwait(false) is not null;

    public async Task<StoredObjectInfo?> GetInfoAsync(string bucket, string key, CancellationToken ct) =>
        (await GetObjectAsync(bucket, key, ct).ConfigureAwait(false))?.Info;

    public async Task<StoredObject?> OpenReadAsync(string bucket, string key, CancellationToken ct) =>
        await OpenObjectAsync(bucket, key, ct).ConfigureAwait(false) is { } opened ? new StoredObject(opened.Record.Info, opened.Content) : null;

    public async Task<StoredObjectInfo> PutAsync(string bucket, string key, Stream content, string? contentType, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var sink = CreateSink(["crc32"], computeSha256: false, MaxPutBytes);
        PendingBlob blob;
        await using (sink.ConfigureAwait(false))
        {
            await content.CopyToAsync(sink, 1024 * 1024, ct).ConfigureAwait(false);
            blob = await sink.CompleteAsync(ct).ConfigureAwait(false);
        }

        using (blob)
        {
            var record = await CommitObjectAsync(bucket, key, blob, blob.ETag, contentType, new Dictionary<string, string>(), blob.Checksums, ct).ConfigureAwait(false);
            return record?.Info ?? throw new InvalidOperationException($"The bucket '{bucket}' does not exist.");
        }
    }

    public async IAsyncEnumerable<StoredObjectInfo> ListAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string? after = null;
        while (true)
        {
            var page = await ListObjectsAsync(bucket, prefix, after, 1000, ct).ConfigureAwait(false);
            foreach (var record in page)
            {
                yield return record.Info;
            }

            if (page.Count < 1000)
            {
                yield break;
            }

            after = page[^1].Info.Key;
        }
    }
}
