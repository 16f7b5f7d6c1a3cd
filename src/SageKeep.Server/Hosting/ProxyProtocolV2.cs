using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using SageKeep.Server.Authorization;

namespace SageKeep.Server.Hosting;

/// <summary>
/// PROXY protocol version 2 (haproxy.org proxy-protocol.txt, section 2.2), read on the server's internal
/// endpoint socket only, where interface VPC endpoints hand over their connections: the client's address in
/// the VPC and, in TLVs, the endpoint id (type 0xEA subtype 0x01, as AWS's load balancers send it) and the VPC
/// id (custom type 0xE1). They become the connection's <see cref="RequestTransportKeys"/>: aws:SourceVpce,
/// aws:SourceVpc, aws:VpcSourceIp. A connection without a valid header is closed before TLS.
/// </summary>
internal static class ProxyProtocolV2
{
    public const byte AwsTlv = 0xEA;
    public const byte AwsVpceSubtype = 0x01;
    public const byte VpcTlv = 0xE1;
    private const int FixedLength = 16;
    private const int MaxLength = FixedLength + 1024;
    private static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>The header for a TCP/IPv4 connection from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static byte[] Header(IPEndPoint source, IPEndPoint destination, string vpceId, string vpcId)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var vpce = Encoding.ASCII.GetBytes(vpceId);
        var vpc = Encoding.ASCII.GetBytes(vpcId);
        var length = 12 + 3 + 1 + vpce.Length + 3 + vpc.Length;
        var header = new byte[FixedLength + length];
        Signature.CopyTo(header, 0);
        header[12] = 0x21; // version 2, PROXY
        header[13] = 0x11; // AF_INET, STREAM
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)length);
        source.Address.MapToIPv4().TryWriteBytes(header.AsSpan(16), out _);
        destination.Address.MapToIPv4().TryWriteBytes(header.AsSpan(20), out _);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(24), (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(26), (ushort)destination.Port);
        var at = 28;
        header[at] = AwsTlv;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(at + 1), (ushort)(1 + vpce.Length));
        header[at + 3] = AwsVpceSubtype;
        vpce.CopyTo(header, at + 4);
        at += 4 + vpce.Length;
        header[at] = VpcTlv;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(at + 1), (ushort)vpc.Length);
        vpc.CopyTo(header, at + 3);
        return header;
    }

    /// <summary>Kestrel connection middleware: reads the header, stores the keys, hands the rest (TLS) on.</summary>
    public static ConnectionDelegate Read(ConnectionDelegate next) => async connection =>
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
            var buffer = result.Buffer;
            var parsed = TryParse(buffer, out var consumed, out var keys);
            if (parsed == true)
            {
                input.AdvanceTo(buffer.GetPosition(consumed));
                connection.Items[RequestTransportKeys.ItemKey] = keys;
                break;
            }

            if (parsed == false || result.IsCompleted)
            {
                connection.Abort();
                return;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }

        await next(connection).ConfigureAwait(false);
    };

    /// <summary>True with the keys when a whole valid header is there, false when it is invalid, null when more bytes are needed.</summary>
    internal static bool? TryParse(ReadOnlySequence<byte> buffer, out int consumed, out IReadOnlyDictionary<string, string> keys)
    {
        consumed = 0;
        keys = new Dictionary<string, string>();
        if (buffer.Length < FixedLength)
        {
            return null;
        }

        Span<byte> fixedPart = stackalloc byte[FixedLength];
        buffer.Slice(0, FixedLength).CopyTo(fixedPart);
        if (!fixedPart[..12].SequenceEqual(Signature) || fixedPart[12] != 0x21 || fixedPart[13] != 0x11)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[14..]);
        if (FixedLength + length > MaxLength || length < 12)
        {
            return false;
        }

        if (buffer.Length < FixedLength + length)
        {
            return null;
        }

        var body = buffer.Slice(FixedLength, length).ToArray();
        var source = new IPAddress(body.AsSpan(0, 4));
        string? vpce = null, vpc = null;
        var at = 12;
        while (at + 3 <= body.Length)
        {
            var type = body[at];
            var size = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at + 1));
            if (at + 3 + size > body.Length)
            {
                return false;
            }

            var value = body.AsSpan(at + 3, size);
            if (type == AwsTlv && size > 1 && value[0] == AwsVpceSubtype)
            {
                vpce = Encoding.ASCII.GetString(value[1..]);
            }
            else if (type == VpcTlv)
            {
                vpc = Encoding.ASCII.GetString(value);
            }

            at += 3 + size;
        }

        if (vpce is null || vpc is null)
        {
            return false;
        }

        consumed = FixedLength + length;
        keys = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["aws:SourceVpce"] = vpce,
            ["aws:SourceVpc"] = vpc,
            ["aws:VpcSourceIp"] = source.ToString(),
        };
        return true;
    }
}
