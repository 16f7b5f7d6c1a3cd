using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Sbom;

/// <summary>Writes an <see cref="ImageInventory"/> as an SBOM document.</summary>
public static class SbomWriter
{
    internal const string ToolName = "sagekeep";

    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static void Write(ImageInventory inventory, SbomFormat format, Stream output)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, Options);
        switch (format)
        {
            case SbomFormat.CycloneDx:
                CycloneDxWriter.Write(inventory, writer);
                break;
            case SbomFormat.Spdx:
                SpdxWriter.Write(inventory, writer);
                break;
            default:
                InventoryJsonWriter.Write(inventory, writer);
                break;
        }

        writer.Flush();
    }

    public static string WriteToString(ImageInventory inventory, SbomFormat format)
    {
        using var buffer = new MemoryStream();
        Write(inventory, format, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A stable UUID (RFC 9562 section 5.8 layout, from SHA-256) so the same inventory gives the same document identity.</summary>
    internal static Guid StableId(ImageInventory inventory)
    {
        var seed = $"{inventory.ImageName}|{inventory.ManifestDigest}|{inventory.ConfigDigest}|{inventory.ScannedAt:O}|{inventory.Packages.Count}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16).ToArray();
        hash[6] = (byte)((hash[6] & 0x0f) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3f) | 0x80);
        return new Guid(hash, bigEndian: true);
    }
}
