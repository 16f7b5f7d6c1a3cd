namespace SageKeep.Scanning.Catalogers.DotNet;

/// <summary>The <c>type</c> of a deps.json library entry.</summary>
internal enum DotNetLibraryKind
{
    /// <summary>A NuGet package.</summary>
    Package,

    /// <summary>A project of the application itself.</summary>
    Project,

    /// <summary>The runtime pack a self-contained app carries (a NuGet package too).</summary>
    RuntimePack,

    /// <summary>Anything else (reference assemblies, runtime packs, unknown types).</summary>
    Other,
}
