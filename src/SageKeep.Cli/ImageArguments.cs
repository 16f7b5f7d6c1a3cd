namespace SageKeep.Cli;

/// <summary>What <c>scan</c> and <c>sbom</c> say about the image: where it is, which platform, rootfs excludes, the data directory for registry:// images.</summary>
internal sealed record ImageArguments(string Image, string? Platform, string[]? Excludes, string? DataDir);
