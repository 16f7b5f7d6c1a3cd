using System.Security.Cryptography;

namespace SageKeep.Scanning.Images;

/// <summary>A content digest "algorithm:hex" (OCI image spec, descriptor.md "Digests"); only sha256 and sha512 are read.</summary>
internal sealed record BlobDigest(string Algorithm, string Hex)
{
    public static BlobDigest? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        var expectedLength = algorithm switch
        {
            "sha256" => 64,
            "sha512" => 128,
            _ => -1,
        };
        if (hex.Length != expectedLength || !hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            return null;
        }

        return new BlobDigest(algorithm, hex);
    }

    public HashAlgorithmName HashName => Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;

    /// <summary>Path of the blob inside an OCI layout (image-layout.md "Blobs").</summary>
    public string LayoutPath => $"blobs/{Algorithm}/{Hex}";

    public override string ToString() => $"{Algorithm}:{Hex}";
}
