namespace SageKeep.Scanning.Inventory;

/// <summary>Why a scan was refused. Each hostile or broken input has its own kind so callers can tell them apart.</summary>
public enum ScanErrorKind
{
    /// <summary>The image path does not exist.</summary>
    InputNotFound,

    /// <summary>The input is none of: OCI layout, OCI archive, docker archive, root filesystem directory.</summary>
    UnrecognizedFormat,

    /// <summary>index.json, manifest.json, a manifest or a config is not valid JSON of the expected shape.</summary>
    MalformedMetadata,

    /// <summary>A descriptor names a media type the scanner does not read.</summary>
    UnsupportedMediaType,

    /// <summary>The index holds no usable image manifest.</summary>
    NoImageManifest,

    /// <summary>No manifest in the index matches the requested platform.</summary>
    PlatformNotFound,

    /// <summary>A blob a descriptor names is not in the image.</summary>
    BlobMissing,

    /// <summary>A blob's content does not hash to the digest its descriptor names.</summary>
    DigestMismatch,

    /// <summary>A blob's length differs from the size its descriptor names.</summary>
    SizeMismatch,

    /// <summary>A layer entry's path climbs out of the image root with '..'.</summary>
    PathTraversal,

    /// <summary>A layer entry would be placed through a symbolic link that points outside the image root.</summary>
    SymlinkEscape,

    /// <summary>A layer holds a character or block device node.</summary>
    DeviceNode,

    /// <summary>The layers expand to more bytes than allowed (zip bomb guard).</summary>
    ExpandedSizeExceeded,

    /// <summary>The layers hold more entries than allowed.</summary>
    EntryCountExceeded,

    /// <summary>One file in a layer is larger than allowed.</summary>
    FileSizeExceeded,

    /// <summary>A layer ends before its tar stream does.</summary>
    TruncatedLayer,

    /// <summary>A layer is not a valid (compressed) tar stream.</summary>
    MalformedLayer,

    /// <summary>The image or root filesystem could not be read (I/O error, permissions).</summary>
    InputUnreadable,
}
