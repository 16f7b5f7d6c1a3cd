using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SageKeep.Server.Services.Ec2;

/// <summary>IPv4 CIDR blocks: strict parsing (no host bits), containment, overlap and the usable addresses of a subnet.</summary>
internal static class Cidr
{
    /// <summary>A canonical IPv4 block (<c>10.0.0.0/16</c>); host bits set (<c>10.0.0.1/16</c>) are refused, as EC2 does for VPCs and subnets.</summary>
    public static bool TryParse(string? text, out IPNetwork network) =>
        TryParseLoose(text, out network) && network.ToString() == text;

    /// <summary>A stored (already validated) block.</summary>
    public static IPNetwork Of(string? text) => TryParse(text, out var network) ? network : default;

    /// <summary>Parses a CIDR that may have host bits set (security group rules), giving its network.</summary>
    public static bool TryParseLoose(string? text, out IPNetwork network)
    {
        network = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0 || text.Count(c => c == '.') != 3
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            || prefix is < 0 or > 32)
        {
            return false;
        }

        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        network = new IPNetwork(FromUInt(ToUInt(address) & mask), prefix);
        return true;
    }

    public static bool Inside(IPNetwork inner, IPNetwork outer) =>
        inner.PrefixLength >= outer.PrefixLength && outer.Contains(inner.BaseAddress);

    public static bool Overlaps(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    public static long Size(IPNetwork network) => 1L << (32 - network.PrefixLength);

    /// <summary>The first address a new interface may take: EC2 keeps the first four and the last address of a subnet.</summary>
    public static string? FirstFree(IPNetwork subnet, IReadOnlySet<string> used)
    {
        var first = ToUInt(subnet.BaseAddress);
        var size = Size(subnet);
        for (long offset = 4; offset < size - 1; offset++)
        {
            var candidate = FromUInt((uint)(first + offset)).ToString();
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static uint ToUInt(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress FromUInt(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
