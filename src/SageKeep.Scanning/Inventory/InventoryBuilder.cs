using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Layers;
using SageKeep.Scanning.Os;
using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Inventory;

/// <summary>
/// The scanner's entry point: image in, package inventory out. Refusals (broken or hostile images) come back as
/// a failed <see cref="InventoryOutcome"/>; a cataloger's trouble only adds a warning.
/// </summary>
public static class InventoryBuilder
{
    public static async Task<InventoryOutcome> BuildAsync(ImageSource source, ScanOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var catalogers = options.Catalogers ?? CatalogerRegistry.CreateAll();
        var tempDirectory = Path.Combine(options.TempRoot ?? Path.GetTempPath(), "sagekeep-scan-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tempDirectory);
        try
        {
            var walker = new ImageWalker(catalogers, options.Limits, tempDirectory);
            ResolvedImage? image = null;
            if (ImageOpener.IsRootfs(source.Path))
            {
                await walker.WalkRootfsAsync(source.Path, options.RootfsExcludes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var (files, resolved) = await ImageOpener.OpenAsync(source.Path, options, tempDirectory, cancellationToken).ConfigureAwait(false);
                using (files)
                {
                    image = resolved;
                    for (var i = 0; i < image.Layers.Count; i++)
                    {
                        await walker.WalkLayerAsync(files, image.Layers[i], i, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            return InventoryOutcome.Success(Assemble(source, options, catalogers, walker, image));
        }
        catch (ScanRefusedException refused)
        {
            return InventoryOutcome.Failure(refused.Error);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return InventoryOutcome.Failure(new ScanError(ScanErrorKind.InputUnreadable, $"{source.Path} could not be read: {ex.Message}"));
        }
        finally
        {
            DeleteTempDirectory(tempDirectory);
        }
    }

    /// <summary>A temp directory that cannot be removed must not turn a finished scan into a failure.</summary>
    private static void DeleteTempDirectory(string tempDirectory)
    {
        try
        {
            Directory.Delete(tempDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the system's temp cleanup; nothing in it is needed any more.
        }
    }

    private static ImageInventory Assemble(ImageSource source, ScanOptions options, IReadOnlyList<ICataloger> catalogers, ImageWalker walker, ResolvedImage? image)
    {
        // Step 1: the OS, from the final view only (a later layer may replace os-release).
        var os = OsIdentifier.Identify(walker.ReadOsFile, walker.View.Lookup("/var/lib/dpkg/status.d") is { Kind: FsNodeKind.Directory });

        // Step 2: results of files that survive in the final view; OS package purls get the distro.
        var packages = new List<PackageRecord>();
        var warnings = new List<string>(walker.Warnings);
        foreach (var stored in walker.SurvivingResults())
        {
            packages.AddRange(stored.Result.Packages.Select(p => DistroQualifier.Apply(p, os)));
            warnings.AddRange(stored.Result.Warnings.Select(w => $"{stored.CatalogerId}: {w}"));
        }

        var layerDigests = image?.Layers.Select(l => l.Digest.ToString()).ToList() ?? [];
        return new ImageInventory(
            image?.Reference ?? source.DisplayName,
            image?.Format ?? ImageFormat.Rootfs,
            image?.ManifestDigest,
            image?.ConfigDigest,
            image?.Platform,
            layerDigests,
            os,
            packages,
            [.. catalogers.Select(c => new CatalogerInfo(c.Id, c.Version))],
            warnings,
            options.TimeProvider.GetUtcNow());
    }
}
