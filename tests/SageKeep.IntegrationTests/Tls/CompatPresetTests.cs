namespace SageKeep.IntegrationTests.Tls;

/// <summary>The compat preset: adds ECDHE CBC suites on TLS 1.2, still no TLS 1.0/1.1.</summary>
public sealed class CompatPresetTests(CompatPresetTests.Fixture fixture) : IClassFixture<CompatPresetTests.Fixture>
{
    public sealed class Fixture() : PresetServer("--tls-preset", "compat");

    [Theory]
    [InlineData("ECDHE-ECDSA-AES128-SHA256")]
    [InlineData("ECDHE-ECDSA-AES128-GCM-SHA256")]
    public async Task Tls12_WithEcdheSuite_IsAccepted(string cipher)
    {
        var handshake = await OpenSslClient.ConnectAsync(fixture.Server.Port, "-tls1_2", "-cipher", cipher);

        handshake.Established.ShouldBeTrue(handshake.Output);
        handshake.Cipher.ShouldBe(cipher);
    }

    [Fact]
    public async Task Tls11_IsRefused_EvenWhenTheClientAllowsIt()
    {
        var handshake = await OpenSslClient.ConnectAsync(fixture.Server.Port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");

        handshake.Established.ShouldBeFalse(handshake.Output);
    }

    [Fact]
    public async Task Tls13_IsAccepted()
    {
        var handshake = await OpenSslClient.ConnectAsync(fixture.Server.Port, "-tls1_3");

        handshake.Established.ShouldBeTrue(handshake.Output);
    }
}
