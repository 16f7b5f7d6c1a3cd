using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Server.Hosting;

namespace SageKeep.UnitTests.Server.Hosting;

public sealed class SelfSignedCertificateTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_IsAnEcdsaP256Leaf_ForLocalhostAndBothLoopbackAddresses()
    {
        using var certificate = SelfSignedCertificate.Create(new FakeTimeProvider(Now));

        certificate.GetECDsaPublicKey().ShouldNotBeNull().KeySize.ShouldBe(256);
        certificate.HasPrivateKey.ShouldBeTrue();
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.ShouldBeFalse();
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        san.EnumerateDnsNames().ShouldBe(["localhost"]);
        san.EnumerateIPAddresses().ShouldBe([IPAddress.Loopback, IPAddress.IPv6Loopback]);
        certificate.MatchesHostname("localhost").ShouldBeTrue();
        certificate.MatchesHostname("example.com").ShouldBeFalse();
    }

    [Fact]
    public void Create_IsValidFromJustBeforeNowForTwoYears()
    {
        using var certificate = SelfSignedCertificate.Create(new FakeTimeProvider(Now));

        certificate.NotBefore.ToUniversalTime().ShouldBe(Now.AddMinutes(-5).UtcDateTime);
        certificate.NotAfter.ToUniversalTime().ShouldBe(Now.AddYears(2).UtcDateTime);
    }

    [Fact]
    public void WritePem_RoundTripsThroughThePemLoader_WithAnOwnerOnlyKey()
    {
        var directory = Directory.CreateTempSubdirectory("sagekeep-selfsigned-").FullName;
        try
        {
            using var certificate = SelfSignedCertificate.Create(TimeProvider.System);
            var certificatePath = Path.Combine(directory, "cert.pem");
            var keyPath = Path.Combine(directory, "key.pem");

            SelfSignedCertificate.WritePem(certificate, certificatePath, keyPath);
            var (loaded, error) = PemCertificateLoader.Load(certificatePath, keyPath);

            error.ShouldBeNull();
            using (loaded)
            {
                loaded.ShouldNotBeNull().Thumbprint.ShouldBe(certificate.Thumbprint);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(keyPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
