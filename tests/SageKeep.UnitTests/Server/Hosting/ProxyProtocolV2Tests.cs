using System.Buffers;
using System.Net;
using SageKeep.Server.Hosting;

namespace SageKeep.UnitTests.Server.Hosting;

public sealed class ProxyProtocolV2Tests
{
    private static byte[] Header() => ProxyProtocolV2.Header(
        new IPEndPoint(IPAddress.Parse("10.0.1.5"), 40000), new IPEndPoint(IPAddress.Parse("10.0.1.4"), 8443), "vpce-0123456789abcdef0", "vpc-0123456789abcdef0");

    [Fact]
    public void TryParse_HeaderFollowedByTls_GivesEndpointKeysAndItsLength()
    {
        var header = Header();
        var parsed = ProxyProtocolV2.TryParse(new ReadOnlySequence<byte>([.. header, 0x16, 0x03, 0x01]), out var consumed, out var keys);

        parsed.ShouldBe(true);
        consumed.ShouldBe(header.Length);
        keys["aws:SourceVpce"].ShouldBe("vpce-0123456789abcdef0");
        keys["aws:SourceVpc"].ShouldBe("vpc-0123456789abcdef0");
        keys["aws:VpcSourceIp"].ShouldBe("10.0.1.5");
    }

    [Fact]
    public void TryParse_EveryTruncation_AsksForMoreBytes()
    {
        var header = Header();
        for (var length = 0; length < header.Length; length++)
        {
            ProxyProtocolV2.TryParse(new ReadOnlySequence<byte>(header, 0, length), out _, out _).ShouldBeNull($"prefix of {length} bytes");
        }
    }

    [Fact]
    public void TryParse_TlsWithoutHeader_IsRefused()
    {
        var clientHello = new byte[64];
        clientHello[0] = 0x16;
        ProxyProtocolV2.TryParse(new ReadOnlySequence<byte>(clientHello), out _, out _).ShouldBe(false);
    }

    [Theory]
    [InlineData(12, 0x20)] // version 2 LOCAL command: no client to name
    [InlineData(13, 0x21)] // AF_INET6
    [InlineData(28, 0xE2)] // the endpoint TLV replaced by an unknown one: no vpce id
    public void TryParse_ChangedHeader_IsRefused(int offset, byte value)
    {
        var header = Header();
        header[offset] = value;
        ProxyProtocolV2.TryParse(new ReadOnlySequence<byte>(header), out _, out _).ShouldBe(false);
    }

    [Fact]
    public void TryParse_TlvLongerThanTheHeader_IsRefused()
    {
        var header = Header();
        header[29] = 0x7F; // the first TLV's length now runs past the header's end
        ProxyProtocolV2.TryParse(new ReadOnlySequence<byte>(header), out _, out _).ShouldBe(false);
    }
}
