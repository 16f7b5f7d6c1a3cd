using System.Globalization;
using System.Security.Cryptography;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// The ETag of a completed multipart upload: the hex MD5 of the concatenated binary MD5s of its parts, a dash
/// and the part count (<c>"md5-of-md5s-N"</c>), which is what S3 answers and what clients compare.
/// </summary>
internal static class MultipartETag
{
    public static string Compute(IReadOnlyList<string> partETags)
    {
        ArgumentNullException.ThrowIfNull(partETags);
        var concatenated = new byte[partETags.Count * 16];
        for (var i = 0; i < partETags.Count; i++)
        {
            Convert.FromHexString(partETags[i].Trim('"')).CopyTo(concatenated, i * 16);
        }

#pragma warning disable CA5351 // S3 defines the multipart ETag over MD5; it is an identifier, not a security control.
        var digest = MD5.HashData(concatenated);
#pragma warning restore CA5351
        return string.Create(CultureInfo.InvariantCulture, $"\"{Convert.ToHexStringLower(digest)}-{partETags.Count}\"");
    }
}
