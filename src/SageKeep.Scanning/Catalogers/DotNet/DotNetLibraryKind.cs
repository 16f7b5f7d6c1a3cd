namespace SageKeep.Scanning.Catalogers.DotNet;

/// <summary>The <c>type</c> of a deps.json library entry.</summary>
internal enum DotNetLibraryKind
{
    /// <summary>A NuGet package.</summary>
    Package,

    /// <summary>A project of the application itself.</summary>
    Project,

    /// <summary>Anything else (reference assemblies, runtime packs, unknown types).</summary>
    Other,
}
