using System.Buffers;
using System.Security.Cryptography;

namespace SageKeep.Server.Registry;

/// <summary>
/// Content digests as the OCI image spec writes them (<c>algorithm ":" encoded</c>, "Digests"). Only
/// <c>sha256</c> is accepted: it is what every client pushes, and one algorithm keeps the store's
/// addressing unambiguous. The encoded part must be 64 lower-case hex characters.
/// </summary>
internal static class Digest
{
    public const string Sha256Prefix = "sha256:";

    internal static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static bool IsValid(string? text) =>
        text is { Length: 71 } && text.StartsWith(Sha256Prefix, StringComparison.Ordinal)
        && text.AsSpan(Sha256Prefix.Length).IndexOfAnyExcept(LowerHex) < 0;

    /// <summary>The 64 hex characters (the blob's file name).</summary>
    public static string Hex(string digest) => digest[Sha256Prefix.Length..];

    public static string Of(ReadOnlySpan<byte> content) => Sha256Prefix + Convert.ToHexStringLower(SHA256.HashData(content));

    public static string FromHash(byte[] hash) => Sha256Prefix + Convert.ToHexStringLower(hash);
}
