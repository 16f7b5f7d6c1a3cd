using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Hosting;

/// <summary>Hosting log events (ids 1000-1099). Paths and methods from clients go through LogText.Clean first.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Listening on {EndpointUrl} (TLS preset {Preset}, HTTP/1.1 and HTTP/2)")]
    public static partial void Listening(ILogger logger, string endpointUrl, string preset);

    [LoggerMessage(1001, LogLevel.Warning, "TLS preset 'legacy' enables TLS 1.0 and 1.1, which have known weaknesses; use it only for clients that cannot do TLS 1.2")]
    public static partial void LegacyTlsEnabled(ILogger logger);

    [LoggerMessage(1002, LogLevel.Information, "TLS certificate reloaded: {Subject} ({Thumbprint})")]
    public static partial void CertificateReloaded(ILogger logger, string subject, string thumbprint);

    [LoggerMessage(1003, LogLevel.Warning, "TLS certificate files changed but could not be loaded; still serving the previous certificate: {Reason}")]
    public static partial void CertificateReloadFailed(ILogger logger, string reason);

    [LoggerMessage(1004, LogLevel.Information, "Generated a self-signed TLS certificate: {CertificatePath}")]
    public static partial void CertificateGenerated(ILogger logger, string certificatePath);

    [LoggerMessage(1005, LogLevel.Information, "Serving operator TLS certificate {CertificatePath} (reloaded when the files change)")]
    public static partial void OperatorCertificate(ILogger logger, string certificatePath);

    [LoggerMessage(1006, LogLevel.Information, "Client certificates required, trusted CA file {CaPath}")]
    public static partial void MutualTlsEnabled(ILogger logger, string caPath);

    [LoggerMessage(1007, LogLevel.Error, "Unhandled exception for request {RequestId} {Method} {Path}")]
    public static partial void UnhandledException(ILogger logger, Exception exception, string requestId, string method, string path);

    [LoggerMessage(1008, LogLevel.Information, "Shutting down")]
    public static partial void ShuttingDown(ILogger logger);

    [LoggerMessage(1010, LogLevel.Warning, "TLS 1.0/1.1 handshakes will fail under OpenSSL 3's default security level; restart with OPENSSL_CONF={ConfigPath} to allow them")]
    public static partial void LegacyTlsNeedsOpenSslConfig(ILogger logger, string configPath);

    [LoggerMessage(1011, LogLevel.Warning, "Data directory {DataDirectory} is accessible by group or others; it holds the master key and state: chmod 700 it")]
    public static partial void DataDirectoryShared(ILogger logger, string dataDirectory);
}
