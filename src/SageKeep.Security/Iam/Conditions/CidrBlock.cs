using System.Net;
using System.Net.Sockets;

namespace SageKeep.Security.Iam.Conditions;

/// <summary>
/// An IPv4 or IPv6 CIDR block of IpAddress/NotIpAddress (RFC 4632, RFC 4291 section 2.3). A bare
/// address is a /32 or /128. Host bits set in the base are ignored, as IAM does.
/// </summary>
internal sealed class CidrBlock
{
    private readonly byte[] _network;
    private readonly int _prefix;
    private readonly AddressFamily _family;

    private CidrBlock(byte[] network, int prefix, AddressFamily family)
    {
        _network = network;
        _prefix = prefix;
        _family = family;
    }

    public static CidrBlock? TryParse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

        // IPAddress also accepts legacy IPv4 forms ("10.0.0", "0x0a.1"); a policy must use dotted quads.
        if (address.AddressFamily == AddressFamily.InterNetwork
            && (addressText.Count(c => c == '.') != 3 || !addressText.All(c => c == '.' || char.IsAsciiDigit(c))))
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        var prefix = bytes.Length * 8;
        if (slash >= 0
            && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix)
                || prefix > bytes.Length * 8))
        {
            return null;
        }

        return new CidrBlock(bytes, prefix, address.AddressFamily);
    }

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != _family)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written) || written != _network.Length)
        {
            return false;
        }

        var full = _prefix / 8;
        if (!bytes[..full].SequenceEqual(_network.AsSpan(0, full)))
        {
            return false;
        }

        var rest = _prefix % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (bytes[full] & mask) == (_network[full] & mask);
    }
}
