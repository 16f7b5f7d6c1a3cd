using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Hosting;

/// <summary>
/// The certificate a fresh install serves: ECDSA P-256, self-signed, valid for localhost, 127.0.0.1
/// and ::1. Clients trust it by passing the certificate file as their CA bundle.
/// </summary>
internal static class SelfSignedCertificate
{
    public static X509Certificate2 Create(TimeProvider time, string subjectName = "SageKeep local server")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={subjectName}"), key, HashAlgorithmName.SHA256);

        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build(critical: false));

        // A leaf, not a CA: it can only ever vouch for this server (RFC 5280 section 4.2.1.9).
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(subjectKeyId);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId));

        var now = time.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(2));
    }

    /// <summary>Writes the certificate (0644, it is public) and key (0600) as PEM; fails if either exists.</summary>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The certificate has no ECDSA private key.");
        PrivateFiles.WriteNew(keyPath, System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("PRIVATE KEY", key.ExportPkcs8PrivateKey())));
        PrivateFiles.WriteNew(certificatePath, System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"), ownerOnly: false);
    }
}
