using System.Text.Json.Serialization;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>One descriptor of <see cref="IndexDocument"/>.</summary>
internal sealed record IndexEntry(
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("size")] long Size);
