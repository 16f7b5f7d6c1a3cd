using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SageKeep.IntegrationTests.Vpc;

/// <summary>A self-signed server certificate for loopback and private addresses inside a test VPC, as an operator would issue for both names.</summary>
internal static class VpcCertificates
{
    public static (string Cert, string Key) Write(string directory, params string[] privateAddresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sagekeep", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        foreach (var address in privateAddresses)
        {
            san.AddIpAddress(IPAddress.Parse(address));
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, PemEncoding.WriteString("PRIVATE KEY", key.ExportPkcs8PrivateKey()) + "\n");
        return (certPath, keyPath);
    }
}
