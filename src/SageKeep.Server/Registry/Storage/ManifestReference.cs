namespace SageKeep.Server.Registry.Storage;

/// <summary>One descriptor a manifest points at: a blob (config, layer) or, in an index, a manifest.</summary>
internal sealed record ManifestReference(string Digest, bool IsManifest);
