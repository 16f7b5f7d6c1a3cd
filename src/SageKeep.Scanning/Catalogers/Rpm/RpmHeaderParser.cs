using System.Buffers.Binary;
using System.Text;

namespace SageKeep.Scanning.Catalogers.Rpm;

/// <summary>
/// Parses an RPM header blob as rpmdb stores it (RPM file format, "Header Structure": the 8-byte header magic is not
/// stored; the blob is il (int32 BE), dl (int32 BE), il index entries of 16 bytes {tag, type, offset, count},
/// then dl bytes of data). Every offset and count is checked against the blob before use.
/// </summary>
internal static class RpmHeaderParser
{
    // rpm's own sanity limits (lib/header.c hdrchkTags / hdrchkData).
    private const int MaxIndexEntries = 0xffff;
    private const int MaxDataLength = 256 * 1024 * 1024;

    private const int TagName = 1000;
    private const int TagVersion = 1001;
    private const int TagRelease = 1002;
    private const int TagEpoch = 1003;
    private const int TagLicense = 1014;
    private const int TagArch = 1022;
    private const int TagSourceRpm = 1044;

    private const int TypeInt32 = 4;
    private const int TypeString = 6;
    private const int TypeStringArray = 8;
    private const int TypeI18NString = 9;

    /// <summary>The header's fields, or an error saying what is malformed.</summary>
    public static (RpmHeader? Header, string? Error) Parse(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 8)
        {
            return (null, "header blob is shorter than 8 bytes");
        }

        var il = BinaryPrimitives.ReadInt32BigEndian(blob);
        var dl = BinaryPrimitives.ReadInt32BigEndian(blob[4..]);
        if (il is <= 0 or > MaxIndexEntries || dl is < 0 or > MaxDataLength)
        {
            return (null, $"header index count {il} or data length {dl} out of bounds");
        }

        var dataStart = 8 + ((long)il * 16);
        if (dataStart + dl > blob.Length)
        {
            return (null, $"header declares {il} entries and {dl} data bytes but the blob is {blob.Length} bytes");
        }

        var data = blob.Slice((int)dataStart, dl);
        string? name = null, version = null, release = null, arch = null, sourceRpm = null, license = null;
        int? epoch = null;
        for (var i = 0; i < il; i++)
        {
            var entry = blob.Slice(8 + (i * 16), 16);
            var tag = BinaryPrimitives.ReadInt32BigEndian(entry);
            var type = BinaryPrimitives.ReadInt32BigEndian(entry[4..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(entry[8..]);
            var count = BinaryPrimitives.ReadInt32BigEndian(entry[12..]);
            if (tag is not (TagName or TagVersion or TagRelease or TagEpoch or TagLicense or TagArch or TagSourceRpm))
            {
                continue;
            }

            if (offset < 0 || offset >= dl || count <= 0)
            {
                return (null, $"tag {tag} points outside the header data");
            }

            if (tag == TagEpoch)
            {
                if (type != TypeInt32 || offset + 4 > dl)
                {
                    return (null, "EPOCH is not an in-bounds INT32");
                }

                epoch = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
                continue;
            }

            if (type is not (TypeString or TypeStringArray or TypeI18NString))
            {
                return (null, $"tag {tag} has type {type}, not a string");
            }

            var text = data[offset..];
            var end = text.IndexOf((byte)0);
            if (end < 0)
            {
                return (null, $"tag {tag} string is not terminated inside the header data");
            }

            var value = Encoding.UTF8.GetString(text[..end]);
            switch (tag)
            {
                case TagName: name = value; break;
                case TagVersion: version = value; break;
                case TagRelease: release = value; break;
                case TagLicense: license = value; break;
                case TagArch: arch = value; break;
                case TagSourceRpm: sourceRpm = value; break;
            }
        }

        return name is null || version is null || release is null
            ? (null, "header has no NAME, VERSION or RELEASE")
            : (new RpmHeader(name, version, release, epoch, arch, sourceRpm, license), null);
    }

    /// <summary>"glibc-2.34-60.el9.src.rpm" -> ("glibc", "2.34-60.el9"): name-version-release with the last two dashes.</summary>
    public static (string? Name, string? VersionRelease) SplitSourceRpm(string? sourceRpm)
    {
        if (string.IsNullOrEmpty(sourceRpm))
        {
            return (null, null);
        }

        var stem = sourceRpm.EndsWith(".src.rpm", StringComparison.Ordinal) ? sourceRpm[..^8]
            : sourceRpm.EndsWith(".nosrc.rpm", StringComparison.Ordinal) ? sourceRpm[..^10]
            : sourceRpm;
        var releaseDash = stem.LastIndexOf('-');
        var versionDash = releaseDash > 0 ? stem.LastIndexOf('-', releaseDash - 1) : -1;
        return versionDash > 0 ? (stem[..versionDash], stem[(versionDash + 1)..]) : (stem, null);
    }
}
