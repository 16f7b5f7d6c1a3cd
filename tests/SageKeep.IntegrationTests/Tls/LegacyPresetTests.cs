using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Tls;

/// <summary>The legacy preset must be asked for twice: by name and with the explicit allow flag.</summary>
public sealed class LegacyPresetTests
{
    [Fact]
    public async Task Legacy_WithoutAllowFlag_RefusesToStart()
    {
        var dataDir = ServerProcess.CreateTempDirectory();
        try
        {
            var (exitCode, _, stderr) = await ServerProcess.RunCliAsync(["serve", "--data-dir", dataDir, "--port", ServerProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--tls-preset", "legacy"]);

            exitCode.ShouldNotBe(0);
            stderr.ShouldContain("--allow-legacy-tls");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Theory]
    [InlineData("-tls1")]
    [InlineData("-tls1_1")]
    public async Task Legacy_WithTheAllowFlagAlone_AcceptsOldProtocols_ButOnlyWithEcdhe(string protocol)
    {
        // serve relaunches itself with OPENSSL_CONF pointing at the file it writes.
        await using var server = await ServerProcess.StartAsync(["--tls-preset", "legacy", "--allow-legacy-tls"]);

        var old = await OpenSslClient.ConnectAsync(server.Port, protocol, "-cipher", "DEFAULT@SECLEVEL=0");
        var rsaKex = await OpenSslClient.ConnectAsync(server.Port, protocol, "-cipher", "AES128-SHA@SECLEVEL=0");
        var tls13 = await OpenSslClient.ConnectAsync(server.Port, "-tls1_3");

        server.Output.ShouldContain("TLS 1.0 and 1.1");
        old.Established.ShouldBeTrue(old.Output);
        old.Cipher.ShouldNotBeNull().ShouldStartWith("ECDHE-");
        rsaKex.Established.ShouldBeFalse(rsaKex.Output);
        tls13.Established.ShouldBeTrue(tls13.Output);
    }

    [Fact]
    public async Task Legacy_Relaunched_StopsGracefullyOnSigterm_ChildIncluded()
    {
        await using var server = await ServerProcess.StartAsync(["--tls-preset", "legacy", "--allow-legacy-tls"]);

        (await server.TerminateAsync()).ShouldBe(0);

        using var probe = new System.Net.Sockets.TcpClient();
        await Should.ThrowAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync(System.Net.IPAddress.Loopback, server.Port));
    }

    [Theory]
    [InlineData("-tls1")]
    [InlineData("-tls1_1")]
    public async Task Legacy_WithTheOperatorsOwnOpenSslConfig_AcceptsOldProtocols_ButOnlyWithEcdhe(string protocol)
    {
        var directory = ServerProcess.CreateTempDirectory();
        try
        {
            var config = Path.Combine(directory, Server.Hosting.LegacyOpenSslConfig.FileName);
            await File.WriteAllTextAsync(config, Server.Hosting.LegacyOpenSslConfig.Content);
            var environment = new Dictionary<string, string> { ["OPENSSL_CONF"] = config };
            await using var server = await ServerProcess.StartAsync(["--tls-preset", "legacy", "--allow-legacy-tls"], environment);

            var old = await OpenSslClient.ConnectAsync(server.Port, protocol, "-cipher", "DEFAULT@SECLEVEL=0");
            var rsaKex = await OpenSslClient.ConnectAsync(server.Port, protocol, "-cipher", "AES128-SHA@SECLEVEL=0");

            old.Established.ShouldBeTrue(old.Output);
            old.Cipher.ShouldNotBeNull().ShouldStartWith("ECDHE-");
            rsaKex.Established.ShouldBeFalse(rsaKex.Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
