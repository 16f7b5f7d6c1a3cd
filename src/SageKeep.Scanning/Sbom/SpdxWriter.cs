using System.Globalization;
using System.Text.Json;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Sbom;

/// <summary>
/// SPDX 2.3 JSON (spdx-schema.json v2.3): the document DESCRIBES the image package, which CONTAINS one package per
/// inventory entry; purls go in externalRefs (SPDX 2.3 Annex F, "PACKAGE-MANAGER purl").
/// </summary>
internal static class SpdxWriter
{
    private const string NoAssertion = "NOASSERTION";

    public static void Write(ImageInventory inventory, Utf8JsonWriter writer)
    {
        var id = SbomWriter.StableId(inventory);
        writer.WriteStartObject();
        writer.WriteString("spdxVersion", "SPDX-2.3");
        writer.WriteString("dataLicense", "CC0-1.0");
        writer.WriteString("SPDXID", "SPDXRef-DOCUMENT");
        writer.WriteString("name", inventory.ImageName);
        writer.WriteString("documentNamespace", $"https://sagekeep.invalid/spdx/{Uri.EscapeDataString(inventory.ImageName)}-{id}");
        writer.WriteStartObject("creationInfo");
        writer.WriteString("created", inventory.ScannedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        writer.WriteStartArray("creators");
        writer.WriteStringValue($"Tool: {SbomWriter.ToolName}");
        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartArray("packages");
        writer.WriteStartObject();
        writer.WriteString("SPDXID", "SPDXRef-Image");
        writer.WriteString("name", inventory.ImageName);
        if ((inventory.ManifestDigest ?? inventory.ConfigDigest) is { } digest)
        {
            writer.WriteString("versionInfo", digest);
        }

        writer.WriteString("downloadLocation", NoAssertion);
        writer.WriteBoolean("filesAnalyzed", false);
        writer.WriteString("primaryPackagePurpose", "CONTAINER");
        writer.WriteEndObject();
        for (var i = 0; i < inventory.Packages.Count; i++)
        {
            var package = inventory.Packages[i];
            writer.WriteStartObject();
            writer.WriteString("SPDXID", $"SPDXRef-Package-{i}");
            writer.WriteString("name", package.Name);
            writer.WriteString("versionInfo", package.Version);
            writer.WriteString("downloadLocation", NoAssertion);
            writer.WriteBoolean("filesAnalyzed", false);
            writer.WriteString("sourceInfo", $"read by {package.CatalogerId} from {package.Path}" + (package.LayerDigest is null ? string.Empty : $" in layer {package.LayerDigest}"));
            writer.WriteString("primaryPackagePurpose", "LIBRARY");
            writer.WriteStartArray("externalRefs");
            writer.WriteStartObject();
            writer.WriteString("referenceCategory", "PACKAGE-MANAGER");
            writer.WriteString("referenceType", "purl");
            writer.WriteString("referenceLocator", package.Purl);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("relationships");
        WriteRelationship(writer, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image");
        for (var i = 0; i < inventory.Packages.Count; i++)
        {
            WriteRelationship(writer, "SPDXRef-Image", "CONTAINS", $"SPDXRef-Package-{i}");
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRelationship(Utf8JsonWriter writer, string from, string type, string to)
    {
        writer.WriteStartObject();
        writer.WriteString("spdxElementId", from);
        writer.WriteString("relationshipType", type);
        writer.WriteString("relatedSpdxElement", to);
        writer.WriteEndObject();
    }
}
