using System.Net;
using System.Security.Cryptography.X509Certificates;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Tls;

/// <summary>With a client CA configured, only clients presenting a certificate issued by that CA get in.</summary>
public sealed class MutualTlsTests(MutualTlsTests.Fixture fixture) : IClassFixture<MutualTlsTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public string Directory { get; } = ServerProcess.CreateTempDirectory();

        public X509Certificate2 Ca { get; } = TestCertificates.CreateCa("SageKeep test client CA");

        public X509Certificate2 TrustedClient { get; private set; } = null!;

        public ServerProcess Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            TrustedClient = TestCertificates.CreateClient(Ca, "trusted-client");
            var caPath = Path.Combine(Directory, "client-ca.pem");
            await File.WriteAllTextAsync(caPath, Ca.ExportCertificatePem() + "\n");
            Server = await ServerProcess.StartAsync(["--tls-client-ca", caPath], probeClientCertificate: TrustedClient);
        }

        public async Task DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }

            TrustedClient?.Dispose();
            Ca.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    [Fact]
    public async Task Request_WithClientCertificateFromTheCa_IsAnswered()
    {
        using var client = fixture.Server.CreateClient(clientCertificate: fixture.TrustedClient);

        using var response = await client.GetAsync(new Uri("/_sagekeep/health", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Request_WithoutClientCertificate_IsRefusedDuringTheHandshake()
    {
        using var client = fixture.Server.CreateClient();

        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri("/_sagekeep/health", UriKind.Relative)));
    }

    [Fact]
    public async Task Request_WithClientCertificateFromAnotherCa_IsRefused()
    {
        using var otherCa = TestCertificates.CreateCa("Some other CA");
        using var stranger = TestCertificates.CreateClient(otherCa, "stranger");
        using var client = fixture.Server.CreateClient(clientCertificate: stranger);

        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri("/_sagekeep/health", UriKind.Relative)));
    }

    [Fact]
    public async Task OpenSsl_WithoutClientCertificate_GetsNoAnswer()
    {
        // The platform finishes the TLS exchange and then drops the connection when no certificate
        // came, so the proof is that an HTTP request sent over it is never answered.
        var handshake = await OpenSslClient.ExchangeAsync(fixture.Server.Port, OpenSslClient.HealthRequest, "-tls1_2");

        handshake.Output.ShouldNotContain("HTTP/1.1 200");
    }

    [Fact]
    public async Task OpenSsl_WithClientCertificateFromTheCa_IsAnswered()
    {
        var (certificatePath, keyPath) = TestCertificates.WritePem(fixture.TrustedClient, fixture.Directory, "client");

        var handshake = await OpenSslClient.ExchangeAsync(fixture.Server.Port, OpenSslClient.HealthRequest, "-tls1_2", "-cert", certificatePath, "-key", keyPath);

        handshake.Established.ShouldBeTrue(handshake.Output);
        handshake.Output.ShouldContain("HTTP/1.1 200");
    }
}
