using System.Globalization;
using System.Text.Json;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Sbom;

/// <summary>CycloneDX 1.6 JSON (bom-1.6.schema.json): metadata.component is the image, one library component per package.</summary>
internal static class CycloneDxWriter
{
    public static void Write(ImageInventory inventory, Utf8JsonWriter writer) => Write(inventory, writer, null);

    /// <summary>Writes the BOM; <paramref name="extra"/> adds top-level members (the scan report's vulnerabilities) before it closes. Package i is "pkg-i".</summary>
    public static void Write(ImageInventory inventory, Utf8JsonWriter writer, Action<Utf8JsonWriter>? extra)
    {
        writer.WriteStartObject();
        writer.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        writer.WriteString("bomFormat", "CycloneDX");
        writer.WriteString("specVersion", "1.6");
        writer.WriteString("serialNumber", $"urn:uuid:{SbomWriter.StableId(inventory)}");
        writer.WriteNumber("version", 1);

        writer.WriteStartObject("metadata");
        writer.WriteString("timestamp", inventory.ScannedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        writer.WriteStartObject("tools");
        writer.WriteStartArray("components");
        writer.WriteStartObject();
        writer.WriteString("type", "application");
        writer.WriteString("name", SbomWriter.ToolName);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartObject("component");
        writer.WriteString("bom-ref", "image");
        writer.WriteString("type", "container");
        writer.WriteString("name", inventory.ImageName);
        if ((inventory.ManifestDigest ?? inventory.ConfigDigest) is { } digest)
        {
            writer.WriteString("version", digest);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("properties");
        WriteProperty(writer, "sagekeep:image:format", inventory.Format.ToString());
        if (inventory.Os is { } os)
        {
            WriteProperty(writer, "sagekeep:os:id", os.Id);
            WriteProperty(writer, "sagekeep:os:version", os.VersionId);
            WriteProperty(writer, "sagekeep:os:codename", os.Codename);
        }

        foreach (var cataloger in inventory.Catalogers)
        {
            WriteProperty(writer, "sagekeep:cataloger", $"{cataloger.Id}@{cataloger.Version}");
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartArray("components");
        var index = 0;
        foreach (var package in inventory.Packages)
        {
            writer.WriteStartObject();
            writer.WriteString("bom-ref", $"pkg-{index++}");
            writer.WriteString("type", "library");
            writer.WriteString("name", package.Name);
            writer.WriteString("version", package.Version);
            if (package.License is { Length: > 0 } license)
            {
                writer.WriteStartArray("licenses");
                writer.WriteStartObject();
                writer.WriteString("expression", license);
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteString("purl", package.Purl);
            writer.WriteStartArray("properties");
            WriteProperty(writer, "sagekeep:package:type", package.Type);
            WriteProperty(writer, "sagekeep:package:path", package.Path);
            WriteProperty(writer, "sagekeep:package:layer", package.LayerDigest);
            WriteProperty(writer, "sagekeep:package:cataloger", package.CatalogerId);
            WriteProperty(writer, "sagekeep:package:source-name", package.SourceName);
            WriteProperty(writer, "sagekeep:package:source-version", package.SourceVersion);
            WriteProperty(writer, "sagekeep:package:architecture", package.Architecture);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("dependencies");
        writer.WriteStartObject();
        writer.WriteString("ref", "image");
        writer.WriteStartArray("dependsOn");
        for (var i = 0; i < inventory.Packages.Count; i++)
        {
            writer.WriteStringValue($"pkg-{i}");
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        extra?.Invoke(writer);
        writer.WriteEndObject();
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }
}
