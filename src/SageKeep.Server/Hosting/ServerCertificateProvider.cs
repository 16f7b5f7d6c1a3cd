using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Hosting;

/// <summary>
/// Hands Kestrel the certificate for each new TLS connection. For operator PEM files it hashes the
/// two files' contents on every handshake and reloads on change, so a renewed certificate takes effect
/// on the next connection without a restart. Contents, not modification time and size: a rewrite
/// within the file system's timestamp granularity that keeps the size (a new P-256 key PEM always
/// has the same length) would otherwise go unseen. Reading two small files costs microseconds next
/// to a handshake's public-key operations. A pair that fails to load (e.g. a new certificate beside
/// the old key, mid-rotation) keeps the previous certificate in service and is retried on the next
/// handshake; each broken state is logged once.
/// </summary>
internal sealed class ServerCertificateProvider
{
    private readonly string? _certificatePath;
    private readonly string? _keyPath;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private X509Certificate2 _current;
    private byte[] _stamp = [];
    private byte[]? _failedStamp;

    private ServerCertificateProvider(X509Certificate2 initial, string? certificatePath, string? keyPath, ILogger logger)
    {
        _current = initial;
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _logger = logger;
        if (certificatePath is not null && keyPath is not null)
        {
            _stamp = Stamp(certificatePath, keyPath);
        }
    }

    /// <summary>A certificate that never changes (the generated self-signed one).</summary>
    public static ServerCertificateProvider Fixed(X509Certificate2 certificate, ILogger logger) => new(certificate, null, null, logger);

    /// <summary>Operator files, watched for change; <paramref name="initial"/> is the pair as loaded at start.</summary>
    public static ServerCertificateProvider Watching(X509Certificate2 initial, string certificatePath, string keyPath, ILogger logger) =>
        new(initial, certificatePath, keyPath, logger);

    public X509Certificate2 Current
    {
        get
        {
            if (_certificatePath is null || _keyPath is null)
            {
                return _current;
            }

            // A lock per handshake costs nanoseconds next to the handshake's public-key operations.
            var stamp = Stamp(_certificatePath, _keyPath);
            lock (_reloadLock)
            {
                if (!stamp.AsSpan().SequenceEqual(_stamp))
                {
                    Reload(stamp);
                }

                return _current;
            }
        }
    }

    private void Reload(byte[] stamp)
    {
        var (certificate, error) = PemCertificateLoader.Load(_certificatePath!, _keyPath!);
        if (certificate is null)
        {
            // Keep the last good stamp, so the next handshake tries again. Log each broken state once.
            if (_failedStamp is null || !stamp.AsSpan().SequenceEqual(_failedStamp))
            {
                _failedStamp = stamp;
                Log.CertificateReloadFailed(_logger, error ?? "unknown error");
            }

            return;
        }

        _stamp = stamp;
        _failedStamp = null;

        // The previous certificate is not disposed: handshakes in flight may still hold it.
        _current = certificate;
        Log.CertificateReloaded(_logger, certificate.Subject, certificate.Thumbprint);
    }

    private static byte[] Stamp(string certificatePath, string keyPath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendFile(hash, certificatePath);
        AppendFile(hash, keyPath);
        return hash.GetHashAndReset();
    }

    private static void AppendFile(IncrementalHash hash, string path)
    {
        try
        {
            var content = File.ReadAllBytes(path);
            hash.AppendData(BitConverter.GetBytes(content.LongLength));
            hash.AppendData(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A missing or unreadable file is a state of its own; loading it fails and is logged.
            hash.AppendData(BitConverter.GetBytes(-1L));
        }
    }
}
