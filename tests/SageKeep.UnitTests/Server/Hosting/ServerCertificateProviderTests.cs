using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using SageKeep.Server.Hosting;

namespace SageKeep.UnitTests.Server.Hosting;

public sealed class ServerCertificateProviderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagekeep-certs-").FullName;

    private string CertificatePath => Path.Combine(_directory, "cert.pem");

    private string KeyPath => Path.Combine(_directory, "key.pem");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Current_AfterFilesAreReplaced_IsTheNewCertificate()
    {
        var provider = StartWith("CN=before");

        WritePair("CN=after", CertificatePath, KeyPath);

        provider.Current.Subject.ShouldBe("CN=after");
    }

    [Fact]
    public void Current_WhenFilesAreUnchanged_IsTheSameInstance()
    {
        var provider = StartWith("CN=stable");

        provider.Current.ShouldBeSameAs(provider.Current);
    }

    [Fact]
    public void Current_WhenOnlyTheCertificateChanged_KeepsServingThePreviousPair_UntilTheKeyFollows()
    {
        var provider = StartWith("CN=before");
        var staging = Directory.CreateDirectory(Path.Combine(_directory, "staging")).FullName;
        WritePair("CN=after", Path.Combine(staging, "cert.pem"), Path.Combine(staging, "key.pem"));

        File.Copy(Path.Combine(staging, "cert.pem"), CertificatePath, overwrite: true);
        var midRotation = provider.Current;
        File.Copy(Path.Combine(staging, "key.pem"), KeyPath, overwrite: true);

        midRotation.Subject.ShouldBe("CN=before");
        provider.Current.Subject.ShouldBe("CN=after");
    }

    [Fact]
    public void Current_WhenFilesAreDeleted_KeepsServingThePreviousCertificate()
    {
        var provider = StartWith("CN=before");

        File.Delete(CertificatePath);

        provider.Current.Subject.ShouldBe("CN=before");
    }

    private ServerCertificateProvider StartWith(string subject)
    {
        WritePair(subject, CertificatePath, KeyPath);
        var (certificate, error) = PemCertificateLoader.Load(CertificatePath, KeyPath);
        error.ShouldBeNull();
        return ServerCertificateProvider.Watching(certificate!, CertificatePath, KeyPath, NullLogger.Instance);
    }

    private static void WritePair(string subject, string certificatePath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest(subject, key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
    }
}
