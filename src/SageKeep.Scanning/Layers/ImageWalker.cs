using System.Formats.Tar;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using ZstdSharp;

namespace SageKeep.Scanning.Layers;

/// <summary>
/// Applies layers to a <see cref="MergedView"/> in one streaming pass each (blob -> verify -> decompress -> bound ->
/// tar), handing claimed files to the catalogers as they pass. Nothing is extracted; only claimed files are
/// buffered, in memory or in the scan's temp directory.
/// </summary>
internal sealed partial class ImageWalker(IReadOnlyList<ICataloger> catalogers, ScanLimits limits, string tempDirectory)
{
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string WhiteoutPrefix = ".wh.";
    private readonly Dictionary<(string Path, string CatalogerId), StoredResult> _results = [];
    private readonly Dictionary<string, (long Sequence, string Text)> _osFiles = new(StringComparer.Ordinal);
    private readonly List<string> _layerDigests = [];
    private long _entries;
    private long _expanded;
    private long _sequence;

    public MergedView View { get; } = new();

    public List<string> Warnings { get; } = [];

    /// <summary>Walks one layer; throws <see cref="ScanRefusedException"/> naming the layer and entry on any refusal.</summary>
    public async Task WalkLayerAsync(IImageFiles files, LayerBlob layer, int index, CancellationToken cancellationToken)
    {
        var digest = layer.Digest.ToString();
        _layerDigests.Add(digest);
        var current = "(tar header)";
        var raw = files.Open(layer.RelativePath);
        await using (raw.ConfigureAwait(false))
        {
            try
            {
                // Step 1: hash the compressed blob (OCI) or the uncompressed tar (docker diff_id) as it streams.
                VerifyingStream? verifyCompressed = layer.DigestOfUncompressed ? null : new VerifyingStream(raw, layer.Digest, layer.Size, "layer");
                var compressedSource = (Stream?)verifyCompressed ?? raw;

                // Step 2: sniff the compression from magic bytes and decompress.
                var head = new byte[4];
                var headLength = await compressedSource.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var compression = Compression.Classify(head.AsSpan(0, headLength));
                var peek = new PeekStream(head[..headLength], compressedSource);
                var decompressed = Compression.Open(peek, compression);
                var verifyUncompressed = layer.DigestOfUncompressed ? new VerifyingStream(decompressed, layer.Digest, null, "layer") : null;

                // Step 3: count expanded bytes against what is left of the image-wide bound.
                var bounded = new BoundedReadStream((Stream?)verifyUncompressed ?? decompressed, limits.MaxExpandedBytes - _expanded, $"layer {digest}");
                await using (bounded.ConfigureAwait(false))
                {
                    var reader = new TarReader(bounded, leaveOpen: true);
                    await using (reader.ConfigureAwait(false))
                    {
                        // Step 4: apply each entry to the merged view.
                        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                        {
                            current = entry.Name;
                            await ApplyAsync(entry, index, digest, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    // Step 5: read to the end (tar padding, compression trailer) so the digest covers the whole blob.
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
            catch (EndOfStreamException)
            {
                // The tar reader met the end of the stream inside an entry's header or data.
                throw new ScanRefusedException(ScanErrorKind.TruncatedLayer, $"layer {digest} ends inside entry '{current}'");
            }
            // Whatever else the decompressors and the tar reader say about bytes they cannot read (System.Formats.Tar
            // reports bad headers as FormatException/ArgumentException/InvalidDataException) is a malformed layer.
            catch (Exception ex) when (ex is InvalidDataException or FormatException or ZstdException or ArgumentException or NotSupportedException or OverflowException)
            {
                throw new ScanRefusedException(ScanErrorKind.MalformedLayer, $"layer {digest} is not a readable tar stream at entry '{current}': {ex.Message}");
            }
        }
    }

    private async Task ApplyAsync(TarEntry entry, int layer, string digest, CancellationToken cancellationToken)
    {
        if (++_entries > limits.MaxEntries)
        {
            throw new ScanRefusedException(ScanErrorKind.EntryCountExceeded, $"layer {digest} entry '{entry.Name}' passes the bound of {limits.MaxEntries} entries");
        }

        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
        {
            // A PAX global header (e.g. from git archive) describes the archive, not a file.
            return;
        }

        var components = EntryPath.Split(entry.Name)
            ?? throw new ScanRefusedException(ScanErrorKind.PathTraversal, $"layer {digest} entry '{entry.Name}' climbs out of the image root with '..'");
        if (components.Length == 0)
        {
            return;
        }

        // Whiteouts (OCI image spec layer.md "Whiteouts"): markers, never files of the merged view.
        var name = components[^1];
        if (name == OpaqueMarker)
        {
            View.MakeOpaque(components[..^1], layer);
            return;
        }

        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            View.WhiteOut([.. components[..^1], name[WhiteoutPrefix.Length..]], layer);
            return;
        }

        var sequence = ++_sequence;
        var path = EntryPath.Join(components);
        switch (entry.EntryType)
        {
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                throw new ScanRefusedException(ScanErrorKind.DeviceNode, $"layer {digest} entry '{entry.Name}' is a device node");
            case TarEntryType.Directory:
                Put(components, FsNodeKind.Directory, layer, sequence, digest, entry.Name);
                break;
            case TarEntryType.SymbolicLink:
                Put(components, FsNodeKind.Symlink, layer, sequence, digest, entry.Name).LinkTarget = entry.LinkName;
                break;
            case TarEntryType.HardLink:
                ApplyHardLink(entry, components, path, layer, sequence, digest);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                if (entry.Length > limits.MaxFileBytes)
                {
                    throw new ScanRefusedException(ScanErrorKind.FileSizeExceeded, $"layer {digest} entry '{entry.Name}' is {entry.Length} bytes, more than the bound of {limits.MaxFileBytes}");
                }

                Put(components, FsNodeKind.File, layer, sequence, digest, entry.Name).Size = entry.Length;
                if (entry.DataStream is { } data)
                {
                    await ClaimAsync(path, digest, entry.Length, sequence, data, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                // FIFOs and other special entries hold no package data; they only occupy their path.
                Put(components, FsNodeKind.Other, layer, sequence, digest, entry.Name);
                break;
        }
    }

    private FsNode Put(string[] components, FsNodeKind kind, int layer, long sequence, string digest, string entryName) =>
        View.Put(components, kind, layer, sequence)
        ?? throw new ScanRefusedException(ScanErrorKind.SymlinkEscape, $"layer {digest} entry '{entryName}' would be placed through a symbolic link that does not lead to a directory inside the image root");

    /// <summary>A hard link names an earlier entry of the image; it gets that file's size and any package results read from it.</summary>
    private void ApplyHardLink(TarEntry entry, string[] components, string path, int layer, long sequence, string digest)
    {
        var target = EntryPath.Split(entry.LinkName)
            ?? throw new ScanRefusedException(ScanErrorKind.PathTraversal, $"layer {digest} hard link '{entry.Name}' targets '{entry.LinkName}' outside the image root");
        var targetPath = EntryPath.Join(target);
        var targetNode = View.Lookup(targetPath);
        var node = Put(components, FsNodeKind.File, layer, sequence, digest, entry.Name);
        if (targetNode is not { Kind: FsNodeKind.File })
        {
            Warnings.Add($"layer {digest} hard link '{entry.Name}' targets '{entry.LinkName}', which is not a file of the image");
            return;
        }

        node.Size = targetNode.Size;
        var copied = 0;
        foreach (var stored in _results.Values.Where(r => r.Path == targetPath && r.Sequence == targetNode.Sequence).ToList())
        {
            var packages = stored.Result.Packages.Select(p => p with { Path = path, LayerDigest = digest }).ToList();
            _results[(path, stored.CatalogerId)] = new StoredResult(path, sequence, stored.CatalogerId, stored.Result with { Packages = packages });
            copied++;
        }

        // The content went by with the target's entry; if only the link's path is claimed it was not kept (one pass).
        if (copied == 0 && catalogers.Any(c => c.Claims(path, targetNode.Size)))
        {
            Warnings.Add($"layer {digest} hard link '{entry.Name}' shares the content of '{entry.LinkName}', which no cataloger read; its packages are not listed");
        }

        if (_osFiles.TryGetValue(targetPath, out var os) && os.Sequence == targetNode.Sequence)
        {
            _osFiles[path] = (sequence, os.Text);
        }
    }
}
