namespace SageKeep.Scanning.Catalogers.Go;

/// <summary>The build information the Go linker embeds in a binary: toolchain version and module info text.</summary>
internal sealed record GoBuildInfo(string GoVersion, string ModuleInfo);
