namespace SageKeep.Scanning.Catalogers.Rust;

/// <summary>A crate recorded by Cargo: name, version and where it came from (null for workspace crates).</summary>
internal sealed record CargoCrate(string Name, string Version, string? Source);
