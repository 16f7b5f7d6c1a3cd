using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SageKeep.Server.Configuration;

namespace SageKeep.UnitTests.Server.Configuration;

public sealed class SettingsValidatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagekeep-validator-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Validate_Defaults_PassWithoutTouchingTheDisk() =>
        SettingsValidator.Validate(new ServerSettings { DataDirectory = Path.Combine(_directory, "data") }).ShouldBeNull();

    [Fact]
    public void Validate_ScanGatePolicyFiles_MissingOrInvalid_AreRefused_ValidOnesPass()
    {
        var ignore = Path.Combine(_directory, "gate.ignore");
        var vex = Path.Combine(_directory, "gate.vex.json");
        var missing = SettingsValidator.Validate(new ServerSettings { DataDirectory = _directory, ScanGateIgnoreFile = ignore });
        missing.ShouldNotBeNull().ShouldContain("gate.ignore: no such file");

        File.WriteAllText(ignore, "CVE-2022-37434 expires=not-a-date\n");
        SettingsValidator.Validate(new ServerSettings { DataDirectory = _directory, ScanGateIgnoreFile = ignore }).ShouldNotBeNull().ShouldContain("gate.ignore: line 1");

        File.WriteAllText(ignore, "CVE-2022-37434 expires=2030-01-01 reason=accepted\n");
        File.WriteAllText(vex, "{\"@context\":\"https://example.com/not-vex\",\"statements\":[]}");
        SettingsValidator.Validate(new ServerSettings { DataDirectory = _directory, ScanGateIgnoreFile = ignore, ScanGateVex = [vex] }).ShouldNotBeNull().ShouldContain("not an OpenVEX document");

        File.WriteAllText(vex, "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[]}");
        SettingsValidator.Validate(new ServerSettings { DataDirectory = _directory, ScanGateIgnoreFile = ignore, ScanGateVex = [vex] }).ShouldBeNull();
    }

    [Fact]
    public void Validate_LegacyPresetWithoutAllowFlag_IsRefused() =>
        SettingsValidator.Validate(new ServerSettings { TlsPreset = TlsPreset.Legacy }).ShouldNotBeNull().ShouldContain("--allow-legacy-tls");

    [Fact]
    public void Validate_LegacyPresetWithAllowFlag_Passes() =>
        SettingsValidator.Validate(new ServerSettings { TlsPreset = TlsPreset.Legacy, AllowLegacyTls = true, DataDirectory = _directory }).ShouldBeNull();

    [Fact]
    public void Validate_CertificateWithoutKey_IsRefused() =>
        SettingsValidator.Validate(new ServerSettings { CertificatePath = "/nowhere/cert.pem" }).ShouldBe("--tls-cert and --tls-key must be given together");

    [Fact]
    public void Validate_MatchingPemPair_Passes()
    {
        var (certificate, key) = WritePair(out _);

        SettingsValidator.Validate(new ServerSettings { CertificatePath = certificate, KeyPath = key, DataDirectory = _directory }).ShouldBeNull();
    }

    [Fact]
    public void Validate_KeyOfAnotherCertificate_IsRefused()
    {
        var (certificate, _) = WritePair(out _);
        var (_, otherKey) = WritePair(out _, "other");

        SettingsValidator.Validate(new ServerSettings { CertificatePath = certificate, KeyPath = otherKey })
            .ShouldNotBeNull().ShouldContain("not a usable PEM pair");
    }

    [Fact]
    public void Validate_MissingClientCa_IsRefusedNamingTheFile()
    {
        var path = Path.Combine(_directory, "absent-ca.pem");

        SettingsValidator.Validate(new ServerSettings { ClientCaPath = path }).ShouldBe($"TLS client CA '{path}' does not exist");
    }

    [Fact]
    public void Validate_DataDirectoryThatIsAFile_IsRefused()
    {
        var path = Path.Combine(_directory, "file");
        File.WriteAllText(path, "x");

        SettingsValidator.Validate(new ServerSettings { DataDirectory = path }).ShouldNotBeNull().ShouldContain("is a file, not a directory");
    }

    private (string Certificate, string Key) WritePair(out X509Certificate2 certificate, string prefix = "server")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        certificate = new CertificateRequest("CN=validator-test", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        var certificatePath = Path.Combine(_directory, prefix + "-cert.pem");
        var keyPath = Path.Combine(_directory, prefix + "-key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        certificate.Dispose();
        return (certificatePath, keyPath);
    }
}
