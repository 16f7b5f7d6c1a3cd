using System.Formats.Tar;
using System.Runtime.Versioning;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using ZstdSharp;

namespace SageKeep.Scanning.Layers;

/// <summary>
/// Writes layers onto disk in order, one streaming pass each (blob -> verify -> decompress -> bound -> tar), applying
/// whiteouts and opaque directories (OCI image spec layer.md "Whiteouts") as it goes. Refuses "..", absolute names,
/// device nodes and any write through a link that leaves the root; set-id bits are dropped.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class RootfsWriter(RootfsTree tree, ScanLimits limits)
{
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string WhiteoutPrefix = ".wh.";
    private const int PermissionBits = 0b1_111_111_111;
    private long _entries;
    private long _expanded;

    public async Task ApplyLayerAsync(IImageFiles files, LayerBlob layer, CancellationToken cancellationToken)
    {
        var digest = layer.Digest.ToString();
        var current = "(tar header)";
        var touched = new LayerPaths();
        var raw = files.Open(layer.RelativePath);
        await using (raw.ConfigureAwait(false))
        {
            try
            {
                VerifyingStream? verifyCompressed = layer.DigestOfUncompressed ? null : new VerifyingStream(raw, layer.Digest, layer.Size, "layer");
                var compressedSource = (Stream?)verifyCompressed ?? raw;
                var head = new byte[4];
                var headLength = await compressedSource.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var peek = new PeekStream(head[..headLength], compressedSource);
                var decompressed = Compression.Open(peek, Compression.Classify(head.AsSpan(0, headLength)));
                var verifyUncompressed = layer.DigestOfUncompressed ? new VerifyingStream(decompressed, layer.Digest, null, "layer") : null;
                var bounded = new BoundedReadStream((Stream?)verifyUncompressed ?? decompressed, limits.MaxExpandedBytes - _expanded, $"layer {digest}");
                await using (bounded.ConfigureAwait(false))
                {
                    var reader = new TarReader(bounded, leaveOpen: true);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                        {
                            current = entry.Name;
                            await ApplyAsync(entry, digest, touched, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    current = "(end of layer)";
                    await bounded.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                    _expanded += bounded.BytesRead;
                }

                if (verifyUncompressed is not null)
                {
                    await verifyUncompressed.VerifyAsync(cancellationToken).ConfigureAwait(false);
                }

                if (verifyCompressed is not null)
                {
                    await using (verifyCompressed.ConfigureAwait(false))
                    {
                        await verifyCompressed.VerifyAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (ScanRefusedException ex)
            {
                throw new RootfsRefusedException(ex.Error);
            }
            catch (EndOfStreamException)
            {
                throw RootfsTree.Refuse(ScanErrorKind.TruncatedLayer, $"layer {digest} ends inside entry '{current}'");
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or ZstdException or ArgumentException or NotSupportedException or OverflowException)
            {
                throw RootfsTree.Refuse(ScanErrorKind.MalformedLayer, $"layer {digest} is not a readable tar stream at entry '{current}': {ex.Message}");
            }
        }
    }

    private async Task ApplyAsync(TarEntry entry, string digest, LayerPaths touched, CancellationToken cancellationToken)
    {
        if (++_entries > limits.MaxEntries)
        {
            throw RootfsTree.Refuse(ScanErrorKind.EntryCountExceeded, $"layer {digest} entry '{entry.Name}' passes the bound of {limits.MaxEntries} entries");
        }

        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
        {
            return;
        }

        // Layer tars hold relative names (layer.md); an absolute one is refused rather than silently re-rooted.
        var components = entry.Name.StartsWith('/') ? null : EntryPath.Split(entry.Name);
        if (components is null)
        {
            throw RootfsTree.Refuse(ScanErrorKind.PathTraversal, $"layer {digest} entry '{entry.Name}' is absolute or climbs out of the image root with '..'");
        }

        if (components.Length == 0)
        {
            return;
        }

        var name = components[^1];
        var parent = components[..^1];
        if (name == OpaqueMarker)
        {
            if (tree.ResolveDirectory(parent, create: true) is { } opaque)
            {
                ApplyOpaque(opaque, touched);
            }

            return;
        }

        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            var hidden = name[WhiteoutPrefix.Length..];
            if (hidden.Length == 0 || hidden == ".")
            {
                throw RootfsTree.Refuse(ScanErrorKind.MalformedLayer, $"layer {digest} entry '{entry.Name}' is a whiteout without a name");
            }

            if (tree.ResolveDirectory(parent, create: false) is { } whiteoutParent)
            {
                RootfsTree.Delete(tree.Host([.. whiteoutParent, hidden]));
            }

            return;
        }

        var directory = tree.ResolveDirectory(parent, create: true)
            ?? throw RootfsTree.Refuse(ScanErrorKind.SymlinkEscape, $"layer {digest} entry '{entry.Name}' would be placed through a symbolic link that does not lead to a directory inside the image root");
        List<string> path = [.. directory, name];
        touched.Add(path);
        var host = tree.Host(path);
        var mode = (UnixFileMode)((int)entry.Mode & PermissionBits & ~0b110_000_000_000);
        switch (entry.EntryType)
        {
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                throw RootfsTree.Refuse(ScanErrorKind.DeviceNode, $"layer {digest} entry '{entry.Name}' is a device node");
            case TarEntryType.Directory:
                if (RootfsTree.Kind(host) != RootfsNodeKind.Directory)
                {
                    RootfsTree.Delete(host);
                }

                tree.CreateDirectory(host, mode, entry.Uid, entry.Gid);
                break;
            case TarEntryType.SymbolicLink:
                RootfsTree.Delete(host);
                File.CreateSymbolicLink(host, entry.LinkName);
                tree.Own(host, entry.Uid, entry.Gid);
                break;
            case TarEntryType.HardLink:
                CopyHardLink(entry, digest, host, mode);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                if (entry.Length > limits.MaxFileBytes)
                {
                    throw RootfsTree.Refuse(ScanErrorKind.FileSizeExceeded, $"layer {digest} entry '{entry.Name}' is {entry.Length} bytes, more than the bound of {limits.MaxFileBytes}");
                }

                RootfsTree.Delete(host);
                var output = new FileStream(host, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    if (entry.DataStream is { } data)
                    {
                        await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    }
                }

                tree.Own(host, entry.Uid, entry.Gid);
                File.SetUnixFileMode(host, mode);
                break;
            default:
                // FIFOs and other special entries: a root filesystem for a training container has no use for them.
                break;
        }
    }
}
