using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SageKeep.Server.Hosting;

namespace SageKeep.UnitTests.Server.Hosting;

public sealed class ClientCertificateValidatorTests
{
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    [Fact]
    public void Validate_CertificateIssuedByTheCa_IsAccepted()
    {
        using var ca = CreateCa("CN=operator CA");
        using var client = Issue(ca, "CN=client", ClientAuth);

        new ClientCertificateValidator([ca]).Validate(client, null, SslPolicyErrors.RemoteCertificateChainErrors).ShouldBeTrue();
    }

    [Fact]
    public void Validate_CertificateFromAnotherCa_IsRefused()
    {
        using var ca = CreateCa("CN=operator CA");
        using var other = CreateCa("CN=other CA");
        using var client = Issue(other, "CN=client", ClientAuth);

        new ClientCertificateValidator([ca]).Validate(client, null, SslPolicyErrors.None).ShouldBeFalse();
    }

    [Fact]
    public void Validate_CertificateForServersOnly_IsRefused()
    {
        using var ca = CreateCa("CN=operator CA");
        using var serverOnly = Issue(ca, "CN=a server", ServerAuth);

        new ClientCertificateValidator([ca]).Validate(serverOnly, null, SslPolicyErrors.None).ShouldBeFalse();
    }

    [Fact]
    public void Validate_SelfSignedClientCertificate_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var selfSigned = new CertificateRequest("CN=me", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        using var ca = CreateCa("CN=operator CA");

        new ClientCertificateValidator([ca]).Validate(selfSigned, null, SslPolicyErrors.None).ShouldBeFalse();
    }

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, Oid usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }
}
