using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using SageKeep.Runtime.Vpc;
using SageKeep.Server.Objects;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>Where a <see cref="GatewayObjectStore"/> connects from and to, and whom it trusts and signs as.</summary>
/// <param name="NamespacePath">The agent interface's namespace: every socket is created there.</param>
/// <param name="Gateway">The VPC's S3 gateway address (its router address) and the server's port.</param>
/// <param name="VpceId">The gateway endpoint, for error texts.</param>
/// <param name="VpcId">The VPC, for error texts.</param>
/// <param name="Region">The signing region.</param>
/// <param name="Credentials">The execution role's session credentials.</param>
/// <param name="TrustedCertificatePath">The server's own certificate (PEM): the only certificate the connection accepts.</param>
internal sealed record GatewayTarget(string NamespacePath, IPEndPoint Gateway, string VpceId, string VpcId, string Region, AWSCredentials Credentials, string TrustedCertificatePath);

/// <summary>
/// S3 as a training job's data agent sees it from inside the VPC: AWSSDK.S3 (path style, SigV4 with the execution
/// role's session credentials) whose every connection is a socket created in the agent interface's namespace and
/// connected to the VPC's S3 gateway address, whatever host a request names. So each call leaves through the agent
/// ENI under the job's security groups, arrives through the gateway endpoint (its policy and aws:SourceVpce apply,
/// the audit trail names it) and is authorised as the role. TLS is end to end and accepts only the server's own
/// certificate. Service and transport failures become <see cref="InvalidDataException"/>s whose text names the call,
/// the object, the gateway and the S3 error code and message (the training job's FailureReason).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class GatewayObjectStore : IObjectStore, IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly GatewayTarget _target;
    private readonly HttpClient _http;
    private readonly AmazonS3Client _client;

    public GatewayObjectStore(GatewayTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = ConnectAsync,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => IsServerCertificate(certificate);
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var config = new AmazonS3Config
        {
            ServiceURL = $"https://{target.Gateway}",
            ForcePathStyle = true,
            AuthenticationRegion = target.Region,
            HttpClientFactory = new OneClientFactory(_http),
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromHours(1),
        };
        _client = new AmazonS3Client(target.Credentials, config);
    }

    public Task<bool> BucketExistsAsync(string bucket, CancellationToken ct) =>
        CallAsync("HeadBucket", bucket, null, async () =>
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
        }, ct);

    public Task<StoredObjectInfo?> GetInfoAsync(string bucket, string key, CancellationToken ct) =>
        CallAsync("HeadObject", bucket, key, async () =>
        {
            try
            {
                var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, ct).ConfigureAwait(false);
                return (StoredObjectInfo?)new StoredObjectInfo(bucket, key, head.ContentLength, head.ETag, Time(head.LastModified), head.Headers.ContentType, new Dictionary<string, string>());
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, ct);

    public Task<StoredObject?> OpenReadAsync(string bucket, string key, CancellationToken ct) =>
        CallAsync("GetObject", bucket, key, async () =>
        {
            try
            {
                var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, ct).ConfigureAwait(false);
                var info = new StoredObjectInfo(bucket, key, response.ContentLength, response.ETag, Time(response.LastModified), response.Headers.ContentType, new Dictionary<string, string>());
                return (StoredObject?)new StoredObject(info, new ResponseOwningStream(response));
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode == "NoSuchKey")
            {
                return null;
            }
        }, ct);

    public Task<StoredObjectInfo> PutAsync(string bucket, string key, Stream content, string? contentType, CancellationToken ct) =>
        CallAsync("PutObject", bucket, key, async () =>
        {
            var request = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = content, AutoCloseStream = false, ContentType = contentType };
            var response = await _client.PutObjectAsync(request, ct).ConfigureAwait(false);
            return new StoredObjectInfo(bucket, key, response.Size ?? (content.CanSeek ? content.Length : 0), response.ETag, DateTimeOffset.UtcNow, contentType, new Dictionary<string, string>());
        }, ct);

    public async IAsyncEnumerable<StoredObjectInfo> ListAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        while (true)
        {
            var page = await CallAsync("ListObjectsV2", bucket, prefix, () => _client.ListObjectsV2Async(request, ct), ct).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new StoredObjectInfo(bucket, item.Key, item.Size ?? 0, item.ETag, Time(item.LastModified), null, new Dictionary<string, string>());
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
    }

    private static DateTimeOffset Time(DateTime? value) =>
        value is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.UnixEpoch;

    /// <summary>One call, its failures in words: what, on which object, through which gateway, and S3's answer.</summary>
    private async Task<T> CallAsync<T>(string operation, string bucket, string? key, Func<Task<T>> call, CancellationToken ct)
    {
        var where = $"{operation} s3://{bucket}/{key} through the S3 gateway endpoint {_target.VpceId} of {_target.VpcId}";
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            var code = string.IsNullOrEmpty(e.ErrorCode) ? ((int)e.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : e.ErrorCode;
            throw new InvalidDataException($"{where}: {code}: {e.Message}", e);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException or IOException or SocketException or AuthenticationException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new InvalidDataException($"{where}: the gateway could not be reached from the job's network interface ({Innermost(e)}); check the security groups' egress rules", e);
        }
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = NamespaceSockets.Create(_target.NamespacePath, _target.Gateway.AddressFamily);
        try
        {
            await socket.ConnectAsync(_target.Gateway, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The server's certificate as it is configured now (read per handshake: an operator may renew it).</summary>
    private bool IsServerCertificate(X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }

        try
        {
            using var own = X509CertificateLoader.LoadCertificateFromFile(_target.TrustedCertificatePath);
            return presented.GetRawCertData().AsSpan().SequenceEqual(own.RawData);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The SDK's HTTP clients: always the one this store made and disposes (no SDK-wide cache shared with other stores).</summary>
    private sealed class OneClientFactory(HttpClient client) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => client;

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
