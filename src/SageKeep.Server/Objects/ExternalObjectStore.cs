using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace SageKeep.Server.Objects;

/// <summary>
/// <see cref="IObjectStore"/> over an external S3-compatible endpoint with AWSSDK.S3, path-style (which
/// MinIO, Ceph and a custom endpoint need). Uploads stream through the SDK; reads hand out the response stream.
/// </summary>
internal sealed class ExternalObjectStore : IObjectStore, IDisposable
{
    private readonly AmazonS3Client _client;

    public ExternalObjectStore(ExternalObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            ServiceURL = options.EndpointUrl,
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
        };
        if (options.CaCertificatePath is not null)
        {
            config.HttpClientFactory = new PinnedCaHttpClientFactory(options.CaCertificatePath);
        }

        _client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
    }

    public async Task<bool> BucketExistsAsync(string bucket, CancellationToken ct)
    {
        try
        {
            await _client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, ct).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<StoredObjectInfo?> GetInfoAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key, ChecksumMode = ChecksumMode.ENABLED }, ct).ConfigureAwait(false);
            return new StoredObjectInfo(bucket, key, head.ContentLength, head.ETag, LastModified(head.LastModified), head.Headers.ContentType, Checksums(head.ChecksumCRC32, head.ChecksumCRC32C, head.ChecksumSHA256, head.ChecksumCRC64NVME));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<StoredObject?> OpenReadAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, ct).ConfigureAwait(false);
            var info = new StoredObjectInfo(bucket, key, response.ContentLength, response.ETag, LastModified(response.LastModified), response.Headers.ContentType, Checksums(response.ChecksumCRC32, response.ChecksumCRC32C, response.ChecksumSHA256, response.ChecksumCRC64NVME));
            return new StoredObject(info, new ResponseOwningStream(response));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<StoredObjectInfo> PutAsync(string bucket, string key, Stream content, string? contentType, CancellationToken ct)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = contentType,
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        };
        var response = await _client.PutObjectAsync(request, ct).ConfigureAwait(false);
        return await GetInfoAsync(bucket, key, ct).ConfigureAwait(false)
            ?? new StoredObjectInfo(bucket, key, response.Size ?? 0, response.ETag, DateTimeOffset.UtcNow, contentType, Checksums(response.ChecksumCRC32, null, null, null));
    }

    public async IAsyncEnumerable<StoredObjectInfo> ListAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(request, ct).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new StoredObjectInfo(bucket, item.Key, item.Size ?? 0, item.ETag, LastModified(item.LastModified), null, new Dictionary<string, string>());
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public void Dispose() => _client.Dispose();

    private static DateTimeOffset LastModified(DateTime? value) =>
        value is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.UnixEpoch;

    private static Dictionary<string, string> Checksums(string? crc32, string? crc32c, string? sha256, string? crc64nvme)
    {
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        Add("crc32", crc32);
        Add("crc32c", crc32c);
        Add("sha256", sha256);
        Add("crc64nvme", crc64nvme);
        return checksums;

        void Add(string algorithm, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                checksums[algorithm] = value;
            }
        }
    }
}
