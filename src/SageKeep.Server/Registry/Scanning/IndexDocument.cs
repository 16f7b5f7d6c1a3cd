using System.Text.Json.Serialization;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>An OCI layout's <c>index.json</c> naming one image manifest.</summary>
internal sealed record IndexDocument(
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("manifests")] IReadOnlyList<IndexEntry> Manifests);
