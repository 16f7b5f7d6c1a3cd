using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Tls;

/// <summary>
/// With an RSA operator certificate static-RSA key exchange would be possible; every preset must still
/// refuse it (no forward secrecy), while ECDHE-RSA works wherever TLS 1.2 is enabled.
/// </summary>
public sealed class RsaCertificateTests
{
    [Theory]
    [InlineData("modern")]
    [InlineData("intermediate")]
    [InlineData("compat")]
    [InlineData("legacy")]
    public async Task RsaKeyExchange_IsRefused_UnderEveryPreset(string preset)
    {
        await using var server = await StartWithRsaCertificateAsync(preset);

        var rsaKex = await OpenSslClient.ConnectAsync(server.Server.Port, "-tls1_2", "-cipher", "AES128-SHA256");
        var rsaKexGcm = await OpenSslClient.ConnectAsync(server.Server.Port, "-tls1_2", "-cipher", "AES128-GCM-SHA256");

        rsaKex.Established.ShouldBeFalse(rsaKex.Output);
        rsaKexGcm.Established.ShouldBeFalse(rsaKexGcm.Output);
        if (preset != "modern")
        {
            var ecdhe = await OpenSslClient.ConnectAsync(server.Server.Port, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
            ecdhe.Established.ShouldBeTrue(ecdhe.Output);
            ecdhe.Cipher.ShouldBe("ECDHE-RSA-AES128-GCM-SHA256");
        }
    }

    private static async Task<RsaServer> StartWithRsaCertificateAsync(string preset)
    {
        var directory = ServerProcess.CreateTempDirectory();
        try
        {
            using var certificate = TestCertificates.CreateRsaServer("rsa-operator");
            var (certificatePath, keyPath) = TestCertificates.WritePem(certificate, directory, "rsa");
            string[] arguments = ["--tls-preset", preset, "--tls-cert", certificatePath, "--tls-key", keyPath, .. preset == "legacy" ? new[] { "--allow-legacy-tls" } : []];
            var server = await ServerProcess.StartAsync(arguments, trustedCertificatePath: certificatePath);
            return new RsaServer(server, directory);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    private sealed record RsaServer(ServerProcess Server, string CertificateDirectory) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            Directory.Delete(CertificateDirectory, recursive: true);
        }
    }
}
