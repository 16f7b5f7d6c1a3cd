namespace SageKeep.Scanning.Catalogers.DotNet;

/// <summary>One <c>libraries</c> entry of a deps.json file.</summary>
internal sealed record DotNetLibrary(string Name, string Version, DotNetLibraryKind Kind);
