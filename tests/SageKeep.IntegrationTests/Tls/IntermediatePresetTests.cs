namespace SageKeep.IntegrationTests.Tls;

/// <summary>The default preset, probed with openssl s_client (Mozilla "intermediate": TLS 1.2+1.3, ECDHE AEAD).</summary>
public sealed class IntermediatePresetTests(IntermediatePresetTests.Fixture fixture) : IClassFixture<IntermediatePresetTests.Fixture>
{
    public sealed class Fixture() : PresetServer();

    private int Port => fixture.Server.Port;

    [Fact]
    public async Task Tls11_IsRefused_EvenWhenTheClientAllowsIt()
    {
        // SECLEVEL=0 lets the client offer TLS 1.1, so only the server can refuse it.
        var handshake = await OpenSslClient.ConnectAsync(Port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");

        handshake.Established.ShouldBeFalse(handshake.Output);
    }

    [Fact]
    public async Task Tls12_WithEcdheEcdsaAes128Gcm_IsAccepted()
    {
        var handshake = await OpenSslClient.ConnectAsync(Port, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");

        handshake.Established.ShouldBeTrue(handshake.Output);
        handshake.Protocol.ShouldBe("TLSv1.2");
        handshake.Cipher.ShouldBe("ECDHE-ECDSA-AES128-GCM-SHA256");
    }

    [Fact]
    public async Task Tls12_WithEcdheCbcSuite_IsRefused()
    {
        var handshake = await OpenSslClient.ConnectAsync(Port, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256");

        handshake.Established.ShouldBeFalse(handshake.Output);
    }

    [Fact]
    public async Task Tls13_IsAccepted()
    {
        var handshake = await OpenSslClient.ConnectAsync(Port, "-tls1_3");

        handshake.Established.ShouldBeTrue(handshake.Output);
        handshake.Protocol.ShouldBe("TLSv1.3");
    }

    [Theory]
    [InlineData("TLS_AES_128_GCM_SHA256")]
    [InlineData("TLS_AES_256_GCM_SHA384")]
    [InlineData("TLS_CHACHA20_POLY1305_SHA256")]
    public async Task Tls13_EachStandardSuite_IsAccepted(string suite)
    {
        var handshake = await OpenSslClient.ConnectAsync(Port, "-tls1_3", "-ciphersuites", suite);

        handshake.Established.ShouldBeTrue(handshake.Output);
        handshake.Cipher.ShouldBe(suite);
    }

    [Fact]
    public async Task Alpn_OfferingH2_NegotiatesHttp2()
    {
        var handshake = await OpenSslClient.ConnectAsync(Port, "-alpn", "h2,http/1.1");

        handshake.Established.ShouldBeTrue(handshake.Output);
        handshake.Alpn.ShouldBe("h2");
    }

    [Fact]
    public async Task GeneratedCertificate_VerifiesAsItsOwnCaBundle_ForLocalhostAndLoopbackIp()
    {
        var byName = await OpenSslClient.ConnectAsync(Port, "-CAfile", fixture.Server.CaCertPath, "-verify_return_error", "-verify_hostname", "localhost");
        var byIp = await OpenSslClient.ConnectAsync(Port, "-CAfile", fixture.Server.CaCertPath, "-verify_return_error", "-verify_ip", "127.0.0.1");

        byName.Established.ShouldBeTrue(byName.Output);
        byName.Output.ShouldContain("Verify return code: 0 (ok)");
        byIp.Established.ShouldBeTrue(byIp.Output);
        byIp.Output.ShouldContain("Verify return code: 0 (ok)");
    }
}
