using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SageKeep.Server.Hosting;

/// <summary>Loads a certificate and its private key from PEM files, answering every failure with a sentence.</summary>
internal static class PemCertificateLoader
{
    public static (X509Certificate2? Certificate, string? Error) Load(string certificatePath, string keyPath)
    {
        var unreadable = CheckReadable(certificatePath, "TLS certificate") ?? CheckReadable(keyPath, "TLS key");
        if (unreadable is not null)
        {
            return (null, unreadable);
        }

        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                return (null, $"TLS key '{keyPath}' holds no private key for certificate '{certificatePath}'");
            }

            return (certificate, null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return (null, $"TLS certificate '{certificatePath}' and key '{keyPath}' are not a usable PEM pair: {OneLine(e.Message)}");
        }
    }

    public static (X509Certificate2Collection? Certificates, string? Error) LoadCertificates(string path, string what)
    {
        var unreadable = CheckReadable(path, what);
        if (unreadable is not null)
        {
            return (null, unreadable);
        }

        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(path);
            return collection.Count == 0 ? (null, $"{what} '{path}' holds no PEM certificate") : (collection, null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return (null, $"{what} '{path}' is not a PEM certificate: {OneLine(e.Message)}");
        }
    }

    private static string? CheckReadable(string path, string what)
    {
        if (Directory.Exists(path))
        {
            return $"{what} '{path}' is a directory, not a file";
        }

        if (!File.Exists(path))
        {
            return $"{what} '{path}' does not exist";
        }

        try
        {
            using var stream = File.OpenRead(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{what} '{path}' cannot be read: {OneLine(e.Message)}";
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
