namespace SageKeep.IntegrationTests.Tls;

/// <summary>The modern preset: TLS 1.3 only.</summary>
public sealed class ModernPresetTests(ModernPresetTests.Fixture fixture) : IClassFixture<ModernPresetTests.Fixture>
{
    public sealed class Fixture() : PresetServer("--tls-preset", "modern");

    [Fact]
    public async Task Tls12_IsRefused()
    {
        var handshake = await OpenSslClient.ConnectAsync(fixture.Server.Port, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");

        handshake.Established.ShouldBeFalse(handshake.Output);
    }

    [Fact]
    public async Task Tls13_IsAccepted()
    {
        var handshake = await OpenSslClient.ConnectAsync(fixture.Server.Port, "-tls1_3");

        handshake.Established.ShouldBeTrue(handshake.Output);
        handshake.Protocol.ShouldBe("TLSv1.3");
    }
}
