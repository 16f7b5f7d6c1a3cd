using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Hosting;

/// <summary>
/// Hands Kestrel the certificate for each new TLS connection. For operator PEM files it compares the
/// files' modification time and size on every handshake (two stat calls) and reloads on change, so a
/// renewed certificate takes effect on the next connection without a restart. A pair that fails to
/// load (e.g. a new certificate beside the old key, mid-rotation) keeps the previous certificate in
/// service and is retried when either file changes again.
/// </summary>
internal sealed class ServerCertificateProvider
{
    private readonly string? _certificatePath;
    private readonly string? _keyPath;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private X509Certificate2 _current;
    private (DateTime, long, DateTime, long) _stamp;
    private (DateTime, long, DateTime, long)? _failedStamp;

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
                if (stamp != _stamp)
                {
                    Reload(stamp);
                }

                return _current;
            }
        }
    }

    private void Reload((DateTime, long, DateTime, long) stamp)
    {
        var (certificate, error) = PemCertificateLoader.Load(_certificatePath!, _keyPath!);
        if (certificate is null)
        {
            // Keep the last good stamp, so the next handshake tries again: mid-rotation (new certificate,
            // old key) the second file may then arrive with the same size and, within the file system's
            // timestamp granularity, the same mtime as before. Log each broken state once.
            if (_failedStamp != stamp)
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

    private static (DateTime, long, DateTime, long) Stamp(string certificatePath, string keyPath)
    {
        var certificate = new FileInfo(certificatePath);
        var key = new FileInfo(keyPath);
        return (certificate.Exists ? certificate.LastWriteTimeUtc : default, certificate.Exists ? certificate.Length : -1,
            key.Exists ? key.LastWriteTimeUtc : default, key.Exists ? key.Length : -1);
    }
}
