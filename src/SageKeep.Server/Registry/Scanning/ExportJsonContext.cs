using System.Text.Json.Serialization;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>Source-generated JSON for the exported layout's index.</summary>
[JsonSerializable(typeof(IndexDocument))]
internal sealed partial class ExportJsonContext : JsonSerializerContext;
