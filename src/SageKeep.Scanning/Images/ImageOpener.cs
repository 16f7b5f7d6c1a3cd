using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Layers;

namespace SageKeep.Scanning.Images;

/// <summary>Detects what an <see cref="ImageSource"/> is and resolves it to verified image metadata.</summary>
internal static class ImageOpener
{
    /// <summary>True when the path is a directory that is neither an OCI layout nor an extracted docker archive.</summary>
    public static bool IsRootfs(string path) =>
        Directory.Exists(path)
        && !File.Exists(System.IO.Path.Combine(path, "oci-layout"))
        && !File.Exists(System.IO.Path.Combine(path, "index.json"))
        && !File.Exists(System.IO.Path.Combine(path, "manifest.json"));

    public static async Task<(IImageFiles Files, ResolvedImage Image)> OpenAsync(string path, ScanOptions options, string tempDirectory, CancellationToken cancellationToken)
    {
        IImageFiles files;
        ImageFormat layoutFormat;
        if (Directory.Exists(path))
        {
            files = new DirectoryImageFiles(path);
            layoutFormat = ImageFormat.OciLayout;
        }
        else if (File.Exists(path))
        {
            var tarPath = await DecompressIfNeededAsync(path, options.Limits, tempDirectory, cancellationToken).ConfigureAwait(false);
            files = await TarImageFiles.IndexAsync(tarPath, cancellationToken).ConfigureAwait(false);
            layoutFormat = ImageFormat.OciArchive;
        }
        else
        {
            throw new ScanRefusedException(ScanErrorKind.InputNotFound, $"{path} does not exist");
        }

        try
        {
            // Docker 25+ writes both an OCI layout and manifest.json into one archive: the OCI index is preferred
            // because it carries digests and sizes for every blob.
            ResolvedImage image;
            if (files.Length("index.json") is not null || files.Length("oci-layout") is not null)
            {
                image = await OciLayoutResolver.ResolveAsync(files, layoutFormat, options.Platform, options.Limits, cancellationToken).ConfigureAwait(false);
            }
            else if (files.Length("manifest.json") is not null)
            {
                image = await DockerArchiveResolver.ResolveAsync(files, options.Platform, options.Limits, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                throw new ScanRefusedException(ScanErrorKind.UnrecognizedFormat, $"{path} has neither index.json/oci-layout nor manifest.json");
            }

            return (files, image);
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A compressed archive (e.g. <c>docker save | gzip</c>) cannot be indexed in place: it is decompressed once
    /// into the scan's own temp directory, bounded by the expanded-size limit.
    /// </summary>
    private static async Task<string> DecompressIfNeededAsync(string path, ScanLimits limits, string tempDirectory, CancellationToken cancellationToken)
    {
        var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        await using (source.ConfigureAwait(false))
        {
            var compression = await Compression.DetectAsync(source, cancellationToken).ConfigureAwait(false);
            if (compression == LayerCompression.None)
            {
                return path;
            }

            var target = System.IO.Path.Combine(tempDirectory, "archive.tar");
            var decompressed = Compression.Open(source, compression);
            await using (decompressed.ConfigureAwait(false))
            {
                var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    var bounded = new BoundedReadStream(decompressed, limits.MaxExpandedBytes, $"archive {System.IO.Path.GetFileName(path)}");
                    try
                    {
                        await bounded.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    }
                    catch (InvalidDataException ex)
                    {
                        throw new ScanRefusedException(ScanErrorKind.UnrecognizedFormat, $"{path} is not a readable compressed archive: {ex.Message}");
                    }
                }
            }

            return target;
        }
    }
}
