namespace SageKeep.Runtime.Oci;

/// <summary>A host directory bound into the container; always nosuid and nodev.</summary>
public sealed record BindMount(string Source, string Destination, bool ReadOnly);
