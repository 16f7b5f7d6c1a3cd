using System.Runtime.Versioning;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Layers;

/// <summary>
/// An image opened for unpacking: its manifest and config already read and verified (so a cache can be consulted by
/// digest before any layer is read), and <see cref="ExtractToAsync"/> to write the merged layers onto disk.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class RootfsImage : IDisposable
{
    private readonly IImageFiles _files;
    private readonly ResolvedImage _image;
    private readonly RootfsExtractionOptions _options;
    private readonly string _tempDirectory;

    private RootfsImage(IImageFiles files, ResolvedImage image, RootfsExtractionOptions options, string tempDirectory, byte[] configJson)
    {
        _files = files;
        _image = image;
        _options = options;
        _tempDirectory = tempDirectory;
        ConfigJson = configJson;
    }

    /// <summary>The digest that identifies the image: its manifest's, or the config's for a docker archive that names none.</summary>
    public string Digest => _image.ManifestDigest ?? _image.ConfigDigest;

    public string ConfigDigest => _image.ConfigDigest;

    /// <summary>The image config blob (image-spec config.md), digest-verified; its "config" object holds Entrypoint, Cmd, Env, WorkingDir.</summary>
    public ReadOnlyMemory<byte> ConfigJson { get; }

    /// <exception cref="RootfsRefusedException">The image is missing, unreadable or fails verification.</exception>
    public static async Task<RootfsImage> OpenAsync(ImageSource source, RootfsExtractionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var temp = Path.Combine(options.TempRoot ?? Path.GetTempPath(), "sagekeep-unpack-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        IImageFiles? files = null;
        try
        {
            var scan = new ScanOptions { Platform = options.Platform, Limits = options.Limits, TempRoot = temp };
            (files, var image) = await ImageOpener.OpenAsync(source.Path, scan, temp, cancellationToken).ConfigureAwait(false);
            var configDigest = BlobDigest.Parse(image.ConfigDigest)
                ?? throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, $"config digest {image.ConfigDigest} is malformed");
            var config = await MetadataReader.ReadBlobAsync(files, configDigest, null, "config", options.Limits.MaxMetadataBytes, cancellationToken).ConfigureAwait(false);
            return new RootfsImage(files, image, options, temp, config);
        }
        catch (ScanRefusedException ex)
        {
            Cleanup(files, temp);
            throw new RootfsRefusedException(ex.Error);
        }
        catch
        {
            Cleanup(files, temp);
            throw;
        }
    }

    /// <summary>
    /// Unpacks every layer into <paramref name="targetDirectory"/>, which must not exist yet. On a refusal the
    /// partly written directory is left for the caller to delete (callers unpack into a temporary name and rename).
    /// </summary>
    public async Task ExtractToAsync(string targetDirectory, CancellationToken cancellationToken)
    {
        if (Directory.Exists(targetDirectory) || File.Exists(targetDirectory))
        {
            throw new IOException($"{targetDirectory} already exists");
        }

        var tree = new RootfsTree(targetDirectory, _options.IdOffset, _options.IdCount);
        tree.CreateDirectory(targetDirectory, (UnixFileMode)0b111_101_101, 0, 0);
        var writer = new RootfsWriter(tree, _options.Limits);
        foreach (var layer in _image.Layers)
        {
            if (_files.Length(layer.RelativePath) is null)
            {
                throw RootfsTree.Refuse(ScanErrorKind.BlobMissing, $"layer {layer.Digest} is not in the image");
            }

            await writer.ApplyLayerAsync(_files, layer, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes <paramref name="imagePath"/> (absolute, inside the unpacked root) a directory with the given mode, owned
    /// by the mapped root: the mount points a runtime needs. Links on the way are followed inside the root only;
    /// whatever non-directory sits at the final name is replaced.
    /// </summary>
    public static void PrepareDirectory(string rootDirectory, string imagePath, UnixFileMode mode, RootfsExtractionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var components = EntryPath.Split(imagePath);
        if (components is not { Length: > 0 })
        {
            throw RootfsTree.Refuse(ScanErrorKind.PathTraversal, $"{imagePath} is not a path inside the image root");
        }

        var tree = new RootfsTree(rootDirectory, options.IdOffset, options.IdCount);
        var parent = tree.ResolveDirectory(components[..^1], create: true)
            ?? throw RootfsTree.Refuse(ScanErrorKind.SymlinkEscape, $"{imagePath} passes through a symbolic link that leaves the image root");
        var host = tree.Host([.. parent, components[^1]]);
        if (RootfsTree.Kind(host) != RootfsNodeKind.Directory)
        {
            RootfsTree.Delete(host);
        }

        tree.CreateDirectory(host, mode, 0, 0);
    }

    public void Dispose() => Cleanup(_files, _tempDirectory);

    private static void Cleanup(IImageFiles? files, string temp)
    {
        files?.Dispose();
        try
        {
            Directory.Delete(temp, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
