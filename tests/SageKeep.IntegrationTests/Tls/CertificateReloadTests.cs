using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Tls;

/// <summary>An operator certificate replaced on disk is served on the next connection, without a restart.</summary>
public sealed class CertificateReloadTests
{
    [Fact]
    public async Task OperatorCertificate_ReplacedOnDisk_IsServedToNewConnections()
    {
        var directory = ServerProcess.CreateTempDirectory();
        try
        {
            using var first = TestCertificates.CreateEcdsaServer("first-operator-cert");
            var (certificatePath, keyPath) = TestCertificates.WritePem(first, directory, "operator");
            await using var server = await ServerProcess.StartAsync(["--tls-cert", certificatePath, "--tls-key", keyPath], trustedCertificatePath: certificatePath);
            var before = await OpenSslClient.ConnectAsync(server.Port);
            before.PeerSubject.ShouldNotBeNull(before.Output);
            before.PeerSubject.ShouldContain("first-operator-cert");

            // Rotate: a new key pair (RSA this time) written over both files.
            using var second = TestCertificates.CreateRsaServer("second-operator-cert");
            var staging = Path.Combine(directory, "staging");
            Directory.CreateDirectory(staging);
            var (newCertificate, newKey) = TestCertificates.WritePem(second, staging, "operator");
            File.Move(newKey, keyPath, overwrite: true);
            File.Move(newCertificate, certificatePath, overwrite: true);

            // The first connection after the change sees the new certificate; poll briefly in case the
            // file system's timestamp granularity hides the first write.
            OpenSslClient.Handshake after;
            var attempts = 0;
            do
            {
                after = await OpenSslClient.ConnectAsync(server.Port);
            }
            while (after.PeerSubject?.Contains("second-operator-cert", StringComparison.Ordinal) != true && ++attempts < 20 && await Delay());

            after.Established.ShouldBeTrue(after.Output);
            after.PeerSubject.ShouldNotBeNull(after.Output);
            after.PeerSubject.ShouldContain("second-operator-cert");
            server.HasExited.ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(250);
        return true;
    }
}
