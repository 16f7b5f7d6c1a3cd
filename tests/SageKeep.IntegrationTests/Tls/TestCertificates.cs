using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SageKeep.IntegrationTests.Tls;

/// <summary>Certificates generated per test: RSA or ECDSA server certificates, a client CA and its clients.</summary>
internal static class TestCertificates
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 CreateRsaServer(string commonName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddServerExtensions(request);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    public static X509Certificate2 CreateEcdsaServer(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        AddServerExtensions(request);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    public static X509Certificate2 CreateCa(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    public static X509Certificate2 CreateClient(X509Certificate2 issuer, string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuth], false));
        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes cert.pem and key.pem (PKCS#8) into <paramref name="directory"/> and returns their paths.</summary>
    public static (string CertificatePath, string KeyPath) WritePem(X509Certificate2 certificate, string directory, string prefix)
    {
        var certificatePath = Path.Combine(directory, prefix + "-cert.pem");
        var keyPath = Path.Combine(directory, prefix + "-key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()!;
        using (key)
        {
            File.WriteAllText(keyPath, PemEncoding.WriteString("PRIVATE KEY", key.ExportPkcs8PrivateKey()) + "\n");
        }

        return (certificatePath, keyPath);
    }

    private static void AddServerExtensions(CertificateRequest request)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
    }
}
